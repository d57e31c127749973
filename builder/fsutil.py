"""Replacing a folder's contents safely: either build a staging copy and swap it in with two
renames (a full build of the site), or stage only the changed files and move them in under a
journal that a later run completes if this one is cut off (incremental builds, imports)."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from builder.faults import reach


def staging_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.new")


def retired_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.old")


JOURNAL = ".journal.json"


def recover_interrupted(target: Path) -> None:
    """Undo a swap that was cut off between its two renames, finish committed changes that
    were cut off, and drop stale staging folders."""
    retired = retired_path(target)
    if os.path.lexists(retired):
        if os.path.lexists(target):
            remove(retired)
        else:
            os.rename(retired, target)
    staging = staging_path(target)
    journal = _read_journal(staging)
    if journal is not None:
        _roll_forward(journal, staging, target)
    shutil.rmtree(staging, ignore_errors=True)


def _read_journal(staging: Path) -> dict | None:
    """The journal of a committed change, None if there is none. The journal is renamed into
    place whole, so one that cannot be read was never committed."""
    try:
        journal = json.loads((staging / JOURNAL).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    valid = isinstance(journal, dict) and all(
        isinstance(journal.get(key), list) and all(map(_is_relative, journal[key]))
        for key in ("written", "deleted"))
    return journal if valid else None


def _is_relative(path: object) -> bool:
    """Whether a journal's path stays below the folder (no absolute path, no "..")."""
    return (isinstance(path, str) and bool(path) and not os.path.isabs(path)
            and ".." not in path.split("/"))


def remove(path: Path) -> None:
    """Remove a folder tree, or a file or symbolic link (never following the link)."""
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    else:
        os.unlink(path)


def commit_changes(staging: Path, target: Path, written: list[str], deleted: list[str]) -> None:
    """Move the files `written` into `staging` over their places in `target` and delete the
    files `deleted` from it. Once the journal is down the change counts as made: if this step
    is cut off, `recover_interrupted` completes it."""
    staging.mkdir(parents=True, exist_ok=True)
    temporary = staging / (JOURNAL + ".tmp")
    journal = {"written": written, "deleted": deleted}
    temporary.write_text(json.dumps(journal), encoding="utf-8")
    os.replace(temporary, staging / JOURNAL)
    reach("journal.written")
    _roll_forward(journal, staging, target)


def _roll_forward(journal: dict, staging: Path, target: Path) -> None:
    """Carry out a journal (again, if need be: every step can be repeated)."""
    folders: set[str] = set()
    for path in journal["written"]:
        staged, place = os.path.join(staging, path), os.path.join(target, path)
        if os.path.exists(staged):
            _make_folder(os.path.dirname(place), folders)
            os.replace(staged, place)
            reach("journal.moving")
    for path in journal["deleted"]:
        (target / path).unlink(missing_ok=True)
        reach("journal.deleting")
        folder = (target / path).parent
        while folder != target and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    shutil.rmtree(staging)


def _make_folder(folder: str, made: set[str]) -> None:
    """Create `folder` (and its parents) unless it is in `made`, then add it there.

    Why: moving 10,000 imported files in asked the file system for their folder each time;
    a folder made once stays (only this run moves files in).
    """
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)


def swap_in(staging: Path, target: Path) -> None:
    """Make `staging` the new `target`; the old target is removed only once replaced."""
    reach("swap.staged")
    if target.exists():
        retired = retired_path(target)
        os.rename(target, retired)
        reach("swap.retired")
        os.rename(staging, target)
        reach("swap.replaced")
        remove(retired)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(staging, target)


_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) \
    | getattr(os, "O_BINARY", 0)  # what open(path, "xb") asks for


def create_file(path: str, data: bytes) -> None:
    """Write a file that must not exist yet (its folders are made if missing); the exclusive
    open never writes through a link or over a file.

    Why not `replace_file`: staging the 10,000 files of an import through a temporary file,
    a rename and a folder check each took three times as long. A staging folder starts empty and
    nothing in it counts before the journal that moves it in is written, so no temporary
    file is needed there. Why `os.open` (with the flags and mode of `open(path, "xb")`) and
    `os.write`: a Python file object per file took a third of the time of staging a file.
    """
    try:
        descriptor = os.open(path, _CREATE_FLAGS, 0o666)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        descriptor = os.open(path, _CREATE_FLAGS, 0o666)
    try:
        rest = memoryview(data)
        while rest:
            rest = rest[os.write(descriptor, rest):]
    finally:
        os.close(descriptor)


def replace_file(path: Path, data: bytes) -> None:
    """Write a new file in place of `path` (never writing through a hard link)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
