"""`import-state.json`: what the importer wrote, read back only as far as it can be trusted.

For every entry the importer wrote, the file records its path (relative to the articles
folder), the SHA-256 of the bytes written and the day the entry entered the digest (`added`,
kept by every later import). The file is an input that anyone can edit, so
every record is checked before use: a path must name a `.md` file inside the articles folder
(no `..`, no absolute path, no way out through a symbolic link). Anything else is refused
with one line naming the file, line and record; nothing is written.
"""
from __future__ import annotations

import datetime
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path

from builder.errors import DigestError
from builder.yamlfile import read_front_matter

STATE_FILE = "import-state.json"
VERSION = 1
_SHA256 = re.compile(r"[0-9a-f]{64}")

State = dict[str, dict[str, str]]   # entry id -> {"path": …, "sha256": hex, "added": ISO date}


def load_state(into: Path) -> State | None:
    """The records of the state file in `into`; None when there is no state file."""
    path = into / STATE_FILE
    if not os.path.lexists(path):
        return None
    if not path.is_file():
        raise DigestError("not a regular file; move it away and import again", path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DigestError(f"cannot read: {error}", path) from None
    try:
        data = json.loads(text)
    except ValueError as error:
        line = getattr(error, "lineno", 1)
        raise DigestError(f"not valid JSON ({getattr(error, 'msg', error)}); restore it from "
                          "version control or delete it", path, line) from None
    if not isinstance(data, dict) or data.get("version") != VERSION \
            or not isinstance(data.get("entries"), dict):
        raise DigestError(f'not an import state (expected {{"version": {VERSION}, "entries": '
                          "{…}}); restore it from version control or delete it", path, 1)
    for entry_id, record in data["entries"].items():
        problem = _record_problem(record, into)
        if problem:
            raise DigestError(problem, path, _line_of(text, entry_id), f"entries.{entry_id}")
    return data["entries"]


def _record_problem(record: object, into: Path) -> str | None:
    """Why a record cannot be used, None if it can."""
    if not isinstance(record, dict) or set(record) - {"added"} != {"path", "sha256"}:
        return 'a record must be {"path": …, "sha256": …, "added": …}'
    relative, sha = record["path"], record["sha256"]
    if "added" in record and _iso_date(record["added"]) is None:
        return "added must be a date written YYYY-MM-DD"
    if not isinstance(sha, str) or not _SHA256.fullmatch(sha):
        return "sha256 must be 64 hexadecimal digits"
    shown = json.dumps(relative, ensure_ascii=False)
    if not isinstance(relative, str) or not _is_entry_path(relative):
        return f"path {shown} is not a .md file inside the articles folder"
    if not is_inside(into, relative):
        return f"path {shown} leads out of the articles folder through a symbolic link"
    return None


def _iso_date(text: object) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def added_dates(into: Path, state: State) -> dict[str, datetime.date]:
    """The day each entry recorded in `state` entered the digest: from its record, or (a
    state file of an older version) from the `added` of its file, where it has one."""
    found = {}
    for entry_id, record in state.items():
        day = _iso_date(record.get("added"))
        if day is None:
            written = (read_front_matter(str(into / record["path"])) or {}).get("added")
            day = written if type(written) is datetime.date else None
        if day is not None:
            found[entry_id] = day
    return found


def _is_entry_path(relative: str) -> bool:
    """Whether `relative` is, as written, a .md file below the folder (no "..", no root).

    Checked on the string, not on a `PurePosixPath`, which took half the time of checking
    the 10,000 files of a large import (`first_outside`): with no empty, "." or ".." part (so
    no root either), a path's parts are those between its slashes, and its suffix is ".md"
    when its last part ends with ".md" after a name. `tests/test_speed_state.py` proves the
    answers equal."""
    if not relative or len(relative) > 1024 or "\\" in relative or "\0" in relative:
        return False
    parts = relative.split("/")
    return len(parts[-1]) > 3 and parts[-1].endswith(".md") and \
        not any(part in ("", ".", "..") for part in parts)


def is_inside(into: Path, relative: str) -> bool:
    """Whether `relative` names a .md file below `into`, also once symbolic links are followed."""
    if not _is_entry_path(relative):
        return False
    root = os.path.realpath(into)
    return os.path.realpath(os.path.join(root, relative)).startswith(root + os.sep)


def first_outside(into: Path, relatives: Iterable[str]) -> str | None:
    """The first of `relatives` that `is_inside` refuses, None if it accepts them all.

    Why not `is_inside` on each: resolving a full path costs one lstat per component, and an
    import checks every file it writes (10,000 on a large first import). Here each folder is
    resolved once and a file costs only its own lstat (a full resolution if it is a link);
    `tests/test_import_state.py` proves both ways equal, links in and out included.
    """
    root = os.path.realpath(into)
    folders: dict[str, str] = {}
    for relative in relatives:
        if not _is_entry_path(relative):
            return relative
        parent, _, name = relative.rpartition("/")
        if parent not in folders:
            folders[parent] = os.path.realpath(os.path.join(root, parent))
        path = os.path.join(folders[parent], name)
        real = os.path.realpath(path) if os.path.islink(path) else path
        if not real.startswith(root + os.sep):
            return relative
    return None


def _line_of(text: str, entry_id: str) -> int:
    """The line on which the record of `entry_id` starts (1 if it cannot be found)."""
    key = json.dumps(entry_id, ensure_ascii=False) + ":"
    position = text.find(key)
    return text.count("\n", 0, position) + 1 if position >= 0 else 1


def state_bytes(state: State) -> bytes:
    """The state file's bytes: sorted, one key per line, so that diffs stay readable."""
    text = json.dumps({"version": VERSION, "entries": state}, ensure_ascii=False, indent=1,
                      sort_keys=True)
    return (text + "\n").encode("utf-8")
