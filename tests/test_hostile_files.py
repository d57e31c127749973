"""Hostile files: an alias bomb, deep nesting, duplicate keys, named pipes, symbolic link
loops and broken links, a byte order mark. Each is one line naming the file (and line), a
non-zero exit, never a traceback, a hang or a lost file; the other entries are still checked.

Commands that could hang or fill the memory run as separate processes with a time and a
memory limit, so that a regression fails instead of stopping the suite.
"""
from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import digest, tree_digest

TIMEOUT = 30             # seconds; each of these commands takes well under one
MEMORY = 3 * 1024 ** 3   # bytes of address space for such a process

# 9 levels of 9 aliases: 9^9 (387 million) strings once expanded, in 581 bytes
BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{name}: &{name} [{','.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi"))


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """`python -m builder ARGS` in its own process, killed after TIMEOUT seconds (the test
    then fails with TimeoutExpired) and unable to take more than MEMORY."""
    return subprocess.run([sys.executable, "-m", "builder", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=TIMEOUT,
                          preexec_fn=_limit_memory)


def problems(output: str) -> list[str]:
    """The error lines of `digest check` (not its warnings and summary), without their label
    `error: `."""
    return [line.removeprefix("error: ") for line in output.splitlines()
            if not line.startswith("warning: ") and " entries checked: " not in line]


def entry_count(project: Path) -> int:
    return sum(1 for _ in (project / "content/articles").rglob("*.md"))


@pytest.fixture
def imported(project: Path) -> Path:
    """A project with the seed sources imported: every entry passes `digest check`."""
    assert digest("import", "-q").exit_code == 0
    return project


def add_entry(project: Path, name: str, front_matter: str, body: str = "Text.\n") -> Path:
    path = project / "content/articles/2025" / name
    path.write_text(f"---\n{front_matter}---\n{body}", encoding="utf-8")
    return path


def assert_one_problem(run_: subprocess.CompletedProcess, expected: str, checked: int) -> None:
    """`digest check` found exactly the one problem and still checked the other entries."""
    assert run_.returncode == 1, run_.stderr
    assert "Traceback" not in run_.stderr and run_.stderr == ""
    assert problems(run_.stdout) == [expected]
    assert f"\n{checked} entries checked: 1 error," in run_.stdout


def test_alias_bomb_in_an_entry_is_one_line_quickly(imported: Path):
    others = entry_count(imported)
    add_entry(imported, "bombe.md", "id: bombe\ntitle: Bombe\n" + BOMB)
    checked = run("check", cwd=imported)
    assert_one_problem(checked, "content/articles/2025/bombe.md:9: f: too many nodes after "
                       "expanding aliases (limit 100,000)", others)


def test_alias_bomb_stops_the_build_and_leaves_the_site_as_it_was(imported: Path):
    assert run("build", "-q", cwd=imported).returncode == 0
    before = tree_digest(imported / "site")
    add_entry(imported, "bombe.md", "id: bombe\ntitle: Bombe\n" + BOMB)
    built = run("build", "-q", cwd=imported)
    assert built.returncode == 1
    assert built.stderr.splitlines() == [
        "content/articles/2025/bombe.md:9: f: too many nodes after expanding aliases "
        "(limit 100,000)",
        "error: 1 error in the content; nothing was built"]
    assert tree_digest(imported / "site") == before


def test_alias_bomb_in_the_topic_vocabulary_is_one_line(project: Path):
    topics = project / "content/topics.yaml"
    lines = topics.read_text(encoding="utf-8").count("\n")
    topics.write_text(topics.read_text(encoding="utf-8") + BOMB, encoding="utf-8")
    checked = run("check", cwd=project)
    assert checked.returncode == 1
    assert checked.stderr == (f"error: content/topics.yaml:{lines + 6}: f: too many nodes after "
                              "expanding aliases (limit 100,000)\n")


@pytest.mark.parametrize("depth", [500, 5_000, 50_000])
def test_deep_nesting_is_one_line(imported: Path, depth: int):
    """500 levels pass libyaml but not the checks after it; 5,000 overflowed Python's
    recursion; 50,000 crashed libyaml's own (C) recursion with a segmentation fault."""
    others = entry_count(imported)
    add_entry(imported, "tief.md", f"id: tief\ntitle: Tief\ntopics: {'[' * depth}{']' * depth}\n")
    checked = run("check", cwd=imported)
    assert_one_problem(checked, "content/articles/2025/tief.md:4: YAML: nested too deeply "
                       "(limit 100 levels)", others)


def test_duplicate_key_names_both_lines(imported: Path):
    others = entry_count(imported)
    add_entry(imported, "doppelt.md", "id: doppelt\ntitle: Erster Titel\nstatus: draft\n"
                                      "title: Zweiter Titel\n")
    checked = run("check", cwd=imported)
    assert_one_problem(checked, 'content/articles/2025/doppelt.md:5: duplicate key "title" '
                       "(first on line 3)", others)


def test_duplicate_key_in_a_nested_mapping_names_its_parent(imported: Path):
    add_entry(imported, "bild.md", "id: bild\ntitle: Bild\nimage:\n  alt: Eins\n  alt: Zwei\n")
    result = digest("check")
    assert result.exit_code == 1
    assert problems(result.output) == [
        'content/articles/2025/bild.md:6: image: duplicate key "alt" (first on line 5)']


def test_named_pipe_as_an_entry_is_one_line_for_check_and_build(imported: Path):
    others = entry_count(imported)
    assert run("build", "-q", cwd=imported).returncode == 0
    before = tree_digest(imported / "site")
    os.mkfifo(imported / "content/articles/2025/rohr.md")
    line = "content/articles/2025/rohr.md:1: is a named pipe (FIFO), not a file"
    assert_one_problem(run("check", cwd=imported), line, others)
    built = run("build", "-q", cwd=imported)
    assert built.returncode == 1
    assert built.stderr.splitlines() == [line, "error: 1 error in the content; nothing was built"]
    assert tree_digest(imported / "site") == before


def test_named_pipe_as_an_entry_does_not_stop_an_import(imported: Path):
    pipe = imported / "content/articles/2025/rohr.md"
    os.mkfifo(pipe)
    before = tree_digest(imported / "content/articles")
    imported_again = run("import", "-q", cwd=imported)
    assert imported_again.returncode == 0, imported_again.stderr
    assert "Traceback" not in imported_again.stderr
    assert pipe.is_fifo()  # nothing lost: not the pipe, not an entry
    assert tree_digest(imported / "content/articles") == before


def test_named_pipe_as_a_source_is_one_line_and_nothing_is_written(imported: Path):
    before = tree_digest(imported / "content/articles")
    os.mkfifo(imported / "content/sources/rohr.txt")
    result = run("import", cwd=imported)
    assert result.returncode == 1
    assert result.stderr == "error: content/sources/rohr.txt: is a named pipe (FIFO), not a file\n"
    assert tree_digest(imported / "content/articles") == before


def test_named_pipe_as_the_topic_vocabulary_is_one_line(project: Path):
    (project / "content/topics.yaml").unlink()
    os.mkfifo(project / "content/topics.yaml")
    for command in ("check", "build"):
        result = run(command, "-q" if command == "build" else "--strict", cwd=project)
        assert result.returncode == 1
        assert result.stderr == "error: content/topics.yaml: is a named pipe (FIFO), not a file\n"


def test_symbolic_link_loop_and_broken_link_are_named_by_their_own_path(imported: Path):
    others = entry_count(imported)
    folder = imported / "content/articles/2025"
    (folder / "schleife.md").symlink_to("schleife.md")
    (folder / "kaputt.md").symlink_to("entwurf.md")  # the target's name is not the problem's
    result = digest("check")
    assert result.exit_code == 1
    assert problems(result.output) == [
        "content/articles/2025/kaputt.md:1: broken symbolic link (points to entwurf.md)",
        "content/articles/2025/schleife.md:1: symbolic link loop"]
    assert f"\n{others} entries checked: 2 errors," in result.output


def test_editor_lock_files_and_hidden_files_are_not_entries(imported: Path):
    folder = imported / "content/articles/2025"
    (folder / ".#notiz.md").symlink_to("redakteurin@rechner.4711:1700000000")  # Emacs's lock
    (folder / ".versteckt.md").write_text("kein Eintrag", encoding="utf-8")
    (imported / "content/articles/.git").mkdir()
    (imported / "content/articles/.git/alt.md").write_text("kein Eintrag", encoding="utf-8")
    result = digest("check")
    assert result.exit_code == 0, result.output
    assert problems(result.output) == []


def test_entry_with_a_byte_order_mark_and_windows_line_endings_passes(imported: Path):
    entries = entry_count(imported)
    path = next((imported / "content/articles/2025").glob("*.md"))
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    result = digest("check")
    assert result.exit_code == 0, result.output
    assert f"\n{entries} entries checked: 0 errors," in result.output
