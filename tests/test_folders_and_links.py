"""Folders that are links, files where folders belong, and other one-line errors of the
project's own files: never a silently smaller site, never a traceback."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import digest, tree_digest


def test_a_linked_articles_folder_is_written_through_and_stays_a_link(project: Path, tmp_path):
    assert digest("import", "-q").exit_code == 0
    elsewhere = tmp_path / "elsewhere"
    shutil.move(project / "content/articles", elsewhere)
    (project / "content/articles").symlink_to(elsewhere, target_is_directory=True)
    topics = project / "content/topics.yaml"
    topics.write_text(topics.read_text().replace("max_topics: 3", "max_topics: 1"))
    result = digest("import", "-q")
    assert result.exit_code == 0, result.output
    assert " refreshed" in result.stdout and "(0 created, 0 refreshed" not in result.stdout
    assert (project / "content/articles").is_symlink()
    assert "topics: [Digitalstrategie]" in (
        elsewhere / "2025/2025-02-13-muenchen-fortschreibung-der-digitalisierungsstrategie.md"
    ).read_text()
    assert digest("check").exit_code == 0


def test_a_linked_site_folder_is_built_into_and_stays_a_link(project: Path, tmp_path):
    assert digest("import", "-q").exit_code == 0
    www = tmp_path / "www"
    www.mkdir()
    (project / "site").symlink_to(www, target_is_directory=True)
    for _ in range(2):  # a full build, then an incremental one
        result = digest("build", "-q")
        assert result.exit_code == 0, result.output
    assert (project / "site").is_symlink() and (www / "index.html").is_file()


def test_a_linked_year_folder_is_an_error_not_missing_entries(project: Path, tmp_path):
    assert digest("import", "-q").exit_code == 0
    moved = tmp_path / "2025"
    shutil.move(project / "content/articles/2025", moved)
    (project / "content/articles/2025").symlink_to(moved, target_is_directory=True)
    result = digest("check")
    assert result.exit_code == 1
    assert ("content/articles/2025:1: is a symbolic link to a folder, which is not followed: "
            "move the folder here") in result.stdout
    before = tree_digest(project / "content")
    imported = digest("import", "-q")
    assert imported.exit_code == 1 and "symbolic link" in imported.stderr
    assert len(imported.stderr.splitlines()) == 1
    assert tree_digest(project / "content") == before


def test_an_articles_file_instead_of_a_folder_is_an_error(project: Path):
    (project / "content/articles").write_text("kein Ordner\n")
    result = digest("check")
    assert result.exit_code == 1
    assert "content/articles:1: is not a folder" in result.stdout
    assert digest("build").exit_code == 1 and not (project / "site").exists()


def test_a_year_outside_1900_to_2100_in_front_matter_is_an_error(project: Path):
    entry = project / "content/articles/2025/x.md"
    entry.parent.mkdir(parents=True)
    entry.write_text("---\nid: x\ntitle: T\ndate: 0001-01-01\nsummary: S\n---\n")
    result = digest("check")
    assert result.exit_code == 1
    assert "x.md:4: date: year 1 is not between 1900 and 2100" in result.stdout


def test_a_title_without_letters_is_one_line_for_digest_new(project: Path):
    result = digest("new", "!!!")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: title: the title has no letters or digits to make an id from"]


def test_a_lock_file_that_is_not_a_file_is_one_line(project: Path):
    os.mkfifo(project / ".digest.lock")
    result = digest("check")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: .digest.lock: the project lock is not a regular file; remove it"]
