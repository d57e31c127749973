"""Re-importing keeps editors' work, refreshes only untouched entries, and is all-or-nothing."""
import hashlib
import json
import re
from pathlib import Path

from conftest import digest, tree_digest

from builder.ingest import store

HAMBURG = "content/articles/2025/2025-01-22-hamburg-neue-digitalstrategie-vorgestellt.md"
MUENCHEN = "content/articles/2025/2025-02-13-muenchen-fortschreibung-der-digitalisierungsstrategie.md"
KOELN = "content/articles/2015/2015-10-21-internetwoche-koeln-kommunen-fordern-zusammenarbeit.md"


def totals(result) -> str:
    return result.stdout.splitlines()[-1]


def test_second_import_of_unchanged_sources_changes_no_byte(project: Path):
    digest("import")
    articles = project / "content/articles"
    before = tree_digest(articles)
    mtimes = {p: p.stat().st_mtime_ns for p in articles.rglob("*")}
    result = digest("import")
    assert "(0 created, 0 refreshed, 72 unchanged, 0 kept, 0 skipped)" in totals(result)
    assert tree_digest(articles) == before
    assert {p: p.stat().st_mtime_ns for p in articles.rglob("*")} == mtimes


def test_edited_rejected_and_deleted_entries_stay_as_the_editor_left_them(project: Path):
    digest("import")
    hamburg, muenchen, koeln = (project / p for p in (HAMBURG, MUENCHEN, KOELN))
    edited = hamburg.read_text().replace("title: Neue Digitalstrategie vorgestellt",
                                         "title: Hamburg legt Digitalstrategie vor")
    hamburg.write_text(edited)
    rejected = muenchen.read_text().replace("status: published", "status: rejected")
    muenchen.write_text(rejected)
    koeln.unlink()
    result = digest("import")
    assert "(0 created, 0 refreshed, 69 unchanged, 1 kept, 2 skipped)" in totals(result)
    assert hamburg.read_text() == edited
    assert muenchen.read_text() == rejected
    assert not koeln.exists()
    report = digest("import", "--report").stdout
    assert ("kept      2025/2025-01-22-hamburg-neue-digitalstrategie-vorgestellt.md "
            "(edited by an editor)") in report
    assert "(rejected by an editor)" in report and "(deleted by an editor)" in report


def test_unedited_entries_are_refreshed_when_the_rules_change(project: Path):
    digest("import")
    hamburg = project / HAMBURG
    edited_before = hamburg.read_text().replace("status: published", "status: draft")
    hamburg.write_text(edited_before)
    topics = project / "content/topics.yaml"
    topics.write_text(topics.read_text().replace("max_topics: 3", "max_topics: 1"))
    result = digest("import")
    line = totals(result)
    assert " 1 kept" in line and "(0 created" in line
    refreshed = int(line.split(" refreshed")[0].rsplit(" ", 1)[1])
    assert refreshed > 10
    assert hamburg.read_text() == edited_before          # the edited one was not refreshed
    muenchen = (project / MUENCHEN).read_text()
    assert "topics: [Digitalstrategie]" in muenchen


def test_an_item_read_differently_keeps_its_first_id_file_and_added_day(project: Path):
    """An import that gives an item another id than before (a new importer reads its title
    or kicker differently) refreshes the entry it wrote then, under its first id and path,
    so its URL stays; it writes no second entry for the same item."""
    digest("import")
    articles = project / "content/articles"
    state_file = articles / "import-state.json"
    state = json.loads(state_file.read_text())
    new_id = "2025-01-22-hamburg-neue-digitalstrategie-vorgestellt"
    first = articles / "2025/2025-01-22-hamburg-strategie.md"  # as an earlier reading named it
    text = (project / HAMBURG).read_text().replace(f"id: {new_id}", "id: 2025-01-22-hamburg-strategie")
    text = text.replace("title: Neue Digitalstrategie vorgestellt", "title: Strategie")
    text = re.sub(r"added: [0-9-]+", "added: 2025-01-23", text)
    first.write_text(text)
    (project / HAMBURG).unlink()
    record = state["entries"].pop(new_id)
    state["entries"]["2025-01-22-hamburg-strategie"] = {
        **record, "path": "2025/2025-01-22-hamburg-strategie.md", "added": "2025-01-23",
        "sha256": hashlib.sha256(first.read_bytes()).hexdigest()}
    state_file.write_text(json.dumps(state))
    result = digest("import")
    assert "(0 created, 1 refreshed, 71 unchanged, 0 kept, 0 skipped)" in totals(result)
    refreshed = first.read_text()
    assert "id: 2025-01-22-hamburg-strategie\n" in refreshed and "added: 2025-01-23\n" in refreshed
    assert "title: Neue Digitalstrategie vorgestellt\n" in refreshed
    assert not (project / HAMBURG).exists()
    assert "1 refreshed" not in totals(digest("import"))  # and it stays so


def test_a_hand_written_entry_with_the_same_id_is_never_overwritten(project: Path):
    own = project / "content/articles/eigene/hamburg.md"
    own.parent.mkdir(parents=True)
    own.write_text("---\nid: 2025-01-22-hamburg-neue-digitalstrategie-vorgestellt\n"
                   "title: Eigener Text\nsummary: Von Hand.\n---\n")
    result = digest("import")
    assert "71 created" in totals(result) and "1 kept" in totals(result)
    assert own.read_text().endswith("title: Eigener Text\nsummary: Von Hand.\n---\n")
    assert not (project / HAMBURG).exists()


def test_a_failed_write_leaves_the_articles_folder_untouched(project: Path, monkeypatch):
    digest("import")
    articles = project / "content/articles"
    (project / HAMBURG).unlink()
    (project / "content/articles/import-state.json").write_text('{"version": 1, "entries": {}}')
    before = tree_digest(articles)
    calls = []

    def failing_write(path, data):
        calls.append(path)
        if len(calls) == 2:  # the entry is written, the state file is not
            raise OSError(28, "No space left on device", str(path))
        return real_write(path, data)

    real_write = store.create_file
    monkeypatch.setattr(store, "create_file", failing_write)
    result = digest("import")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and "No space left on device" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert tree_digest(articles) == before
    assert not list(project.glob("content/.articles.*"))


def test_an_interrupted_swap_is_recovered(project: Path):
    digest("import")
    articles = project / "content/articles"
    before = tree_digest(articles)
    articles.rename(project / "content/.articles.old")   # cut off between the renames
    result = digest("import")
    assert result.exit_code == 0
    assert tree_digest(articles) == before
