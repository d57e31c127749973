"""Replacing a whole folder at once: build a staging copy, then swap it in with two renames."""
from __future__ import annotations

import os
import shutil
from pathlib import Path


def staging_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.new")


def retired_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.old")


def recover_interrupted(target: Path) -> None:
    """Undo a swap that was cut off between its two renames; drop stale staging folders."""
    retired = retired_path(target)
    if retired.exists():
        if target.exists():
            shutil.rmtree(retired)
        else:
            os.rename(retired, target)
    shutil.rmtree(staging_path(target), ignore_errors=True)


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


def replace_file(path: Path, data: bytes) -> None:
    """Write a new file in place of `path` (never writing through a hard link)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
