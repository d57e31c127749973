"""`import-state.json` is an input like any other: its paths cannot lead the import out of the
articles folder, a corrupt copy is one clear line, and without it nothing an editor did is
undone."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from conftest import digest, tree_digest

from builder.ingest.state import first_outside, is_inside

HAMBURG = "2025/2025-01-22-hamburg-neue-digitalstrategie-vorgestellt.md"
MUENCHEN = "2025/2025-02-13-muenchen-fortschreibung-der-digitalisierungsstrategie.md"
KOELN = "2015/2015-10-21-internetwoche-koeln-kommunen-fordern-zusammenarbeit.md"
HAMBURG_ID = "2025-01-22-hamburg-neue-digitalstrategie-vorgestellt"


def state_path(project: Path) -> Path:
    return project / "content/articles/import-state.json"


def one_error_line(result) -> str:
    """The single line a refused import printed (and nothing else went wrong)."""
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    return lines[0]


@pytest.fixture
def imported(project: Path) -> Path:
    assert digest("import", "-q").exit_code == 0
    return project


@pytest.mark.parametrize("where", ["../../victim.md", "/tmp/{tmp}/victim.md", "escape/victim.md"])
def test_a_state_path_outside_the_articles_folder_is_refused(imported: Path, tmp_path_factory,
                                                             where: str):
    victim_folder = tmp_path_factory.mktemp("outside")
    (imported / "content/articles/escape").symlink_to(victim_folder)  # a link out of the folder
    target = {"../../victim.md": imported / "victim.md",
              "escape/victim.md": victim_folder / "victim.md"}.get(where, victim_folder / "victim.md")
    where = where.replace("/tmp/{tmp}", str(victim_folder))
    target.write_text("Wichtig: nicht überschreiben\n")
    state = json.loads(state_path(imported).read_text())
    state["entries"][HAMBURG_ID]["path"] = where
    state["entries"][HAMBURG_ID]["sha256"] = hashlib.sha256(target.read_bytes()).hexdigest()
    state_path(imported).write_text(json.dumps(state, indent=1, sort_keys=True))
    before = tree_digest(imported / "content/articles")
    line = one_error_line(digest("import", "-q"))
    assert "import-state.json:" in line and f"entries.{HAMBURG_ID}" in line
    assert ("leads out of the articles folder through a symbolic link" in line
            if where.startswith("escape/") else "not a .md file inside the articles folder" in line)
    number = int(line.split("import-state.json:")[1].split(":")[0])
    assert HAMBURG_ID in state_path(imported).read_text().splitlines()[number - 1]
    assert target.read_text() == "Wichtig: nicht überschreiben\n"
    assert tree_digest(imported / "content/articles") == before


CORRUPT = {
    "truncated": lambda text: text[: len(text) // 2],
    "not JSON": lambda text: "version = 1\n",
    "empty": lambda text: "",
    "a list": lambda text: "[]\n",
    "no entries": lambda text: '{"version": 1}\n',
    "entries a list": lambda text: '{"version": 1, "entries": []}\n',
    "a record that is text": lambda text: json.dumps({"version": 1, "entries": {HAMBURG_ID: "x"}}),
    "a path that is a number": lambda text: json.dumps(
        {"version": 1, "entries": {HAMBURG_ID: {"path": 5, "sha256": "0" * 64}}}),
    "a bad hash": lambda text: json.dumps(
        {"version": 1, "entries": {HAMBURG_ID: {"path": HAMBURG, "sha256": "xyz"}}}),
    "another version": lambda text: text.replace('"version": 1', '"version": 7'),
}


@pytest.mark.parametrize("kind", CORRUPT)
def test_a_corrupt_state_file_is_one_clear_line_and_nothing_changes(imported: Path, kind: str):
    state_path(imported).write_text(CORRUPT[kind](state_path(imported).read_text()))
    before = tree_digest(imported / "content/articles")
    line = one_error_line(digest("import", "-q"))
    assert line.startswith("error: content/articles/import-state.json:"), line
    assert tree_digest(imported / "content/articles") == before


def test_without_the_state_file_edits_rejections_and_deletions_hold(imported: Path):
    articles = imported / "content/articles"
    hamburg, muenchen, koeln = articles / HAMBURG, articles / MUENCHEN, articles / KOELN
    edited = hamburg.read_text().replace("title: Neue Digitalstrategie vorgestellt",
                                         "title: Hamburg legt Digitalstrategie vor")
    hamburg.write_text(edited)
    rejected = muenchen.read_text().replace("status: published", "status: rejected")
    muenchen.write_text(rejected)
    koeln.unlink()
    state_path(imported).unlink()
    result = digest("import", "--report")
    assert result.exit_code == 0, result.output
    assert "import-state.json is missing" in result.stderr
    assert "(0 created, 0 refreshed, 69 unchanged, 1 kept, 2 skipped)" in result.stdout
    assert "(rejected by an editor)" in result.stdout
    assert "taken as deleted by an editor (no import-state.json" in result.stdout
    assert "1 items of pages imported before have no entry file" in result.stderr
    assert hamburg.read_text() == edited and muenchen.read_text() == rejected
    assert not koeln.exists()
    # the state is written again: the next import finds everything as it left it
    again = digest("import", "-q")
    assert "(0 created, 0 refreshed, 69 unchanged, 1 kept, 2 skipped)" in again.stdout
    assert "missing" not in again.stderr


def test_a_moved_entry_is_not_imported_a_second_time_without_the_state_file(imported: Path):
    articles = imported / "content/articles"
    moved = articles / "eigene" / "hamburg.md"
    moved.parent.mkdir()
    (articles / HAMBURG).rename(moved)
    state_path(imported).unlink()
    result = digest("import", "-q")
    assert result.exit_code == 0, result.output
    assert not (articles / HAMBURG).exists()
    assert "(0 created" in result.stdout


def test_first_outside_agrees_with_is_inside_on_every_path(tmp_path: Path):
    """The one-lstat-per-file check of the files an import writes equals `is_inside` on each."""
    outside = tmp_path / "outside"
    (outside / "sub").mkdir(parents=True)
    (outside / "x.md").write_text("x")
    into = tmp_path / "articles"
    (into / "2024" / "deep").mkdir(parents=True)
    (into / "2024" / "a.md").write_text("a")
    (into / "out").symlink_to(outside)
    (into / "back").symlink_to(into / "2024")
    (into / "2024" / "leak.md").symlink_to(outside / "x.md")
    (into / "2024" / "stay.md").symlink_to(into / "2024" / "a.md")
    (into / "2024" / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    (into / "2024" / "loop.md").symlink_to(into / "2024" / "loop.md")
    linked = tmp_path / "linked"
    linked.symlink_to(into)
    paths = ["2024/a.md", "2024/new.md", "2024/deep/b.md", "new/c.md", "top.md", "out/x.md",
             "out/sub/y.md", "back/a.md", "back/new.md", "2024/leak.md", "2024/stay.md",
             "2024/dangling.md", "2024/loop.md", "../x.md", "2024/a.txt", "/abs.md", "a//b.md"]
    for folder in (into, linked):
        for path in paths:
            assert (first_outside(folder, [path]) is None) == is_inside(folder, path), path
            assert first_outside(folder, ["2024/a.md", path]) == \
                next((p for p in ["2024/a.md", path] if not is_inside(folder, p)), None)
