"""Same input, same output: ids and bytes do not depend on time zone, locale, order or date."""
import json
import os
import shutil
from pathlib import Path

from conftest import ROOT, digest, digest_subprocess, tree_digest

from builder.ingest.store import STATE_FILE


def test_imports_in_different_environments_are_byte_identical(project: Path, tmp_path_factory):
    results = []
    for tz, lang in (("UTC", "C"), ("Pacific/Kiritimati", "de_DE.UTF-8"), ("America/Adak", "tr_TR.UTF-8")):
        env = {**os.environ, "TZ": tz, "LANG": lang, "LC_ALL": lang, "PYTHONHASHSEED": "random"}
        into = tmp_path_factory.mktemp("articles") / "articles"
        run = digest_subprocess("import", "--into", str(into), cwd=project, env=env)
        assert run.returncode == 0, run.stderr
        results.append(tree_digest(into))
    assert results[0] == results[1] == results[2]
    assert len(results[0]) == 73  # 72 entries and the import state


def test_source_order_on_the_command_line_does_not_matter(project: Path):
    sources = sorted((project / "content/sources").glob("*.txt"))
    digest("import", "--into", "a", *map(str, sources))
    digest("import", "--into", "b", *map(str, reversed(sources)))
    assert tree_digest(project / "a") == tree_digest(project / "b")


def test_committed_unedited_entries_are_what_the_importer_makes_today(project: Path):
    """Guards against changing the importer without re-importing: imported again over the
    committed folder (whose state file says when each entry was added), every committed entry
    the editors have not touched comes out byte for byte as it is."""
    committed = ROOT / "content/articles"
    shutil.copytree(committed, project / "again")
    state = json.loads((committed / STATE_FILE).read_text())["entries"]
    before = tree_digest(committed)
    unedited = {record["path"] for record in state.values()
                if before.get(record["path"]) == record["sha256"]}
    assert len(unedited) > 50
    digest("import", "--into", "again")
    after = tree_digest(project / "again")
    assert {path: after.get(path) for path in unedited} == {path: before[path] for path in unedited}


def test_added_is_the_newsrooms_day_and_kept_by_later_imports(project: Path):
    """A new entry is added on the day of its import in Germany, whatever the machine's time
    zone; importing again on a later day keeps that day."""
    just_before_midnight_utc = "1735689540"  # 2024-12-31 23:59 UTC: 1 January in Berlin
    env = {**os.environ, "SOURCE_DATE_EPOCH": just_before_midnight_utc, "TZ": "UTC"}
    assert digest_subprocess("import", "--into", "a", cwd=project, env=env).returncode == 0
    hamburg = project / "a/2025/2025-01-22-hamburg-neue-digitalstrategie-vorgestellt.md"
    assert "\nadded: 2025-01-01\n" in hamburg.read_text()
    later = {**env, "SOURCE_DATE_EPOCH": "1767225600"}  # 2026
    run = digest_subprocess("import", "--into", "a", cwd=project, env=later)
    assert run.returncode == 0 and " 72 unchanged" in run.stdout
    assert "\nadded: 2025-01-01\n" in hamburg.read_text()


def test_ids_are_stable_when_another_page_is_added(project: Path):
    digest("import", "--into", "before")
    shutil.copy(project / "content/sources/004_e41f94661f36a895.txt",
                project / "content/sources/005_copy.txt")
    extra = project / "content/sources/006_new.txt"
    extra.write_text("Ulm: Neues Portal\n[01.03.2025] Ulm startet ein Portal. mehr...\n")
    digest("import", "--into", "after")
    before = json.loads((project / "before" / STATE_FILE).read_text())["entries"]
    after = json.loads((project / "after" / STATE_FILE).read_text())["entries"]
    assert set(before) < set(after)
    assert set(after) - set(before) == {"2025-03-01-ulm-neues-portal"}
