"""Writing entries without losing editors' work, and all at once or not at all.

`import-state.json` in the articles folder records, for every entry the importer wrote, its
path and the hash of the bytes it wrote. A file whose bytes still have that hash is unedited
and may be refreshed; any other file belongs to the editors. Changes are made in a copy of
the folder (hard links for unchanged files) that then replaces the folder in two renames.
"""
from __future__ import annotations

import enum
import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter

from builder.fsutil import link_or_copy, recover_interrupted, replace_file, staging_path, swap_in
from builder.model import Entry, to_markdown

STATE_FILE = "import-state.json"
UNDATED_FOLDER = "undatiert"


class Action(enum.Enum):
    CREATED = "created"
    REFRESHED = "refreshed"
    UNCHANGED = "unchanged"
    KEPT = "kept"        # edited by an editor, or written by hand
    SKIPPED = "skipped"  # rejected or deleted by an editor, or its path is taken


@dataclass
class Outcome:
    entry_id: str
    action: Action
    path: str
    reason: str = ""


@dataclass
class Plan:
    """What an import will do to the articles folder."""
    outcomes: list[Outcome] = field(default_factory=list)
    writes: dict[str, bytes] = field(default_factory=dict)   # relative path -> bytes
    state: dict[str, dict] = field(default_factory=dict)


def entry_path(entry: Entry) -> str:
    """Where a new entry goes: `<year>/<id>.md`, or `undatiert/<id>.md`."""
    folder = str(entry.date.year) if entry.date else UNDATED_FOLDER
    return f"{folder}/{entry.id}.md"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_state(into: Path) -> dict[str, dict]:
    path = into / STATE_FILE
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8")).get("entries", {})


def state_bytes(state: dict[str, dict]) -> bytes:
    text = json.dumps({"version": 1, "entries": state}, ensure_ascii=False, indent=1,
                      sort_keys=True)
    return (text + "\n").encode("utf-8")


def _front_matter(path: Path) -> dict:
    try:
        return frontmatter.load(str(path)).metadata
    except Exception:  # an editor's broken file: `digest check` reports it; here it is kept
        return {}


def _hand_made_ids(into: Path, known_paths: set[str]) -> dict[str, str]:
    """Ids of entry files the importer did not write (or that editors moved): id -> path."""
    found = {}
    for path in sorted(into.rglob("*.md")) if into.exists() else ():
        relative = path.relative_to(into).as_posix()
        if relative not in known_paths:
            entry_id = _front_matter(path).get("id")
            if isinstance(entry_id, str):
                found.setdefault(entry_id, relative)
    return found


def entry_bytes(entry: Entry) -> bytes:
    """The bytes of an entry's file."""
    return to_markdown(entry).encode("utf-8")


def plan_import(entries: list[Entry], texts: list[bytes], into: Path) -> Plan:
    """Decide, for every entry (whose file bytes are `texts`), whether to create, refresh,
    keep or skip it."""
    old_state = load_state(into)
    plan = Plan(state=dict(old_state))
    hand_made = _hand_made_ids(into, {record["path"] for record in old_state.values()})
    for entry, text in zip(entries, texts, strict=True):
        record = old_state.get(entry.id)
        if record is None:
            _plan_new(plan, entry, text, into, hand_made)
            continue
        path = into / record["path"]
        if not path.exists():
            moved = hand_made.get(entry.id)
            plan.outcomes.append(
                Outcome(entry.id, Action.KEPT, moved, "moved by an editor") if moved else
                Outcome(entry.id, Action.SKIPPED, record["path"], "deleted by an editor"))
            continue
        current = path.read_bytes()
        if _sha256(current) != record["sha256"]:
            rejected = _front_matter(path).get("status") == "rejected"
            plan.outcomes.append(
                Outcome(entry.id, Action.SKIPPED, record["path"], "rejected by an editor")
                if rejected else Outcome(entry.id, Action.KEPT, record["path"], "edited by an editor"))
        elif current == text:
            plan.outcomes.append(Outcome(entry.id, Action.UNCHANGED, record["path"]))
        else:
            plan.writes[record["path"]] = text
            plan.state[entry.id] = {"path": record["path"], "sha256": _sha256(text)}
            plan.outcomes.append(Outcome(entry.id, Action.REFRESHED, record["path"]))
    return plan


def _plan_new(plan: Plan, entry: Entry, text: bytes, into: Path, hand_made: dict) -> None:
    relative = entry_path(entry)
    if entry.id in hand_made:
        plan.outcomes.append(Outcome(entry.id, Action.KEPT, hand_made[entry.id],
                                     "an entry with this id was written by hand"))
    elif (into / relative).exists() or relative in plan.writes:
        plan.outcomes.append(Outcome(entry.id, Action.SKIPPED, relative,
                                     "path taken by another entry"))
    else:
        plan.writes[relative] = text
        plan.state[entry.id] = {"path": relative, "sha256": _sha256(text)}
        plan.outcomes.append(Outcome(entry.id, Action.CREATED, relative))


def apply_plan(plan: Plan, into: Path) -> None:
    """Make the planned writes atomically: the folder changes completely or not at all."""
    new_state = state_bytes(plan.state)
    state_path = into / STATE_FILE
    if not plan.writes and state_path.exists() and state_path.read_bytes() == new_state:
        return
    recover_interrupted(into)
    staging = staging_path(into)
    try:
        if into.exists():
            shutil.copytree(into, staging, copy_function=link_or_copy, symlinks=True)
        else:
            staging.mkdir(parents=True)
        writes = {**plan.writes, STATE_FILE: new_state}
        for folder in sorted({(staging / relative).parent for relative in writes}):
            folder.mkdir(parents=True, exist_ok=True)
        for relative, data in sorted(writes.items()):
            _write_staged(staging / relative, data)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap_in(staging, into)


def _write_staged(path: Path, data: bytes) -> None:
    """Write a file of the staging copy: a new one in place, an existing one (a hard link into
    the live folder) by replacing it, never by writing through it."""
    try:
        with open(path, "xb") as file:
            file.write(data)
    except FileExistsError:
        replace_file(path, data)
