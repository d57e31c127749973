"""Replacing a folder's contents safely: either build a staging copy and swap it in with two
renames, or stage only the changed files and move them in under a journal that a later run
completes if this one is cut off."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path


def staging_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.new")


def retired_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.old")


JOURNAL = ".journal.json"


def recover_interrupted(target: Path) -> None:
    """Undo a swap that was cut off between its two renames, finish committed changes that
    were cut off, and drop stale staging folders."""
    retired = retired_path(target)
    if retired.exists():
        if target.exists():
            shutil.rmtree(retired)
        else:
            os.rename(retired, target)
    staging = staging_path(target)
    if (staging / JOURNAL).is_file():
        _roll_forward(staging, target)
    shutil.rmtree(staging, ignore_errors=True)


def commit_changes(staging: Path, target: Path, written: list[str], deleted: list[str]) -> None:
    """Move the files `written` into `staging` over their places in `target` and delete the
    files `deleted` from it. Once the journal is down the change counts as made: if this step
    is cut off, `recover_interrupted` completes it."""
    staging.mkdir(parents=True, exist_ok=True)
    temporary = staging / (JOURNAL + ".tmp")
    temporary.write_text(json.dumps({"written": written, "deleted": deleted}), encoding="utf-8")
    os.replace(temporary, staging / JOURNAL)
    _roll_forward(staging, target)


def _roll_forward(staging: Path, target: Path) -> None:
    """Carry out a journal (again, if need be: every step can be repeated)."""
    plan = json.loads((staging / JOURNAL).read_text(encoding="utf-8"))
    for path in plan["written"]:
        if (staging / path).exists():
            (target / path).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / path, target / path)
    for path in plan["deleted"]:
        (target / path).unlink(missing_ok=True)
        folder = (target / path).parent
        while folder != target and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    shutil.rmtree(staging)


def swap_in(staging: Path, target: Path) -> None:
    """Make `staging` the new `target`; the old target is removed only once replaced."""
    if target.exists():
        retired = retired_path(target)
        os.rename(target, retired)
        os.rename(staging, target)
        shutil.rmtree(retired)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(staging, target)


def link_or_copy(source: str, target: str) -> None:
    """Hard-link a file into a staging copy (copy where links are not possible)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def write_cache(path: Path, data: bytes) -> None:
    """Replace a cache file at once; a cache that cannot be written is simply missing next
    time (a read-only checkout still builds)."""
    try:
        replace_file(path, data)
    except OSError:
        pass


def replace_file(path: Path, data: bytes) -> None:
    """Write a new file in place of `path` (never writing through a hard link)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
