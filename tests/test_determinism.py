"""Same input, same output: ids and bytes do not depend on time zone, locale, order or date."""
import datetime
import json
import os
import shutil
from pathlib import Path

import yaml
from conftest import ROOT, digest, digest_subprocess, tree_digest

from builder.ingest.store import STATE_FILE
from builder.model import Entry, Image, Source, _EntryDumper, _front_matter_yaml, _styled_front_matter


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
    """Guards against changing the importer without re-importing: every committed entry the
    editors have not touched must equal a fresh import byte for byte."""
    committed = ROOT / "content/articles"
    state = json.loads((committed / STATE_FILE).read_text())["entries"]
    digest("import", "--into", "fresh")
    fresh_state = json.loads((project / "fresh" / STATE_FILE).read_text())["entries"]
    compared = 0
    for entry_id, record in state.items():
        path = committed / record["path"]
        if path.exists() and tree_digest(path.parent).get(path.name) == record["sha256"]:
            assert fresh_state[entry_id]["sha256"] == record["sha256"], record["path"]
            compared += 1
    assert compared > 0


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


def test_entry_text_equals_plain_yaml_dump():
    """The directly built nodes of `to_markdown` give the text of `yaml.dump`, awkward values
    included."""
    awkward = ["yes", "null", "2024-01-02", "1e3", "0x1F", "- a", "a: b", "#x", "'q'", '"q"',
               "Ümlaut ß – „Zitat“", "line\nbreak", " lead", "trail ", "x" * 150, "@at", "~",
               "[a]", "{b}", "12", "a, b", "ok"]
    for number, text in enumerate(awkward):
        entry = Entry(id=f"e-{number}", title=text, kicker=text, date=datetime.date(2024, 1, 2),
                      date_hint=text, label=text, regions=("Bayern", "Bund"),
                      places=(text, "München"), topics=(text,), summary=text,
                      sources=(Source(file=f"{text}.txt", line=number + 1),
                               Source(file="b.txt", line=3)),
                      section=text, image=Image(alt=text, credit=text), status="draft",
                      review=("title", text), body=text)
        bare = Entry(id="x", title=text, summary="s")
        for data in (_styled_front_matter(entry), _styled_front_matter(bare),
                     entry.front_matter()):  # the last one through PyYAML's representer
            plain = yaml.dump(data, Dumper=_EntryDumper, allow_unicode=True, sort_keys=False,
                              default_flow_style=False, width=100)
            assert _front_matter_yaml(data) == plain
