"""Writing entries without losing editors' work, and all at once or not at all.

`import-state.json` (see `builder.ingest.state`) records, for every entry the importer wrote,
its path and the hash of the bytes it wrote. A file whose bytes still have that hash is
unedited and may be refreshed; any other file belongs to the editors. Without a state file,
entries are matched to the files in the folder by id and by source lines, and an item whose
source page was imported before but which has no file is taken as deleted. Changed files are
staged beside the folder and moved in under a journal; `builder.fsutil.recover_interrupted`
completes a run cut off at any point.
"""
from __future__ import annotations

import datetime
import enum
import hashlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from builder.errors import DigestError
from builder.faults import reach
from builder.fsutil import commit_changes, create_file, staging_path
from builder.ingest.state import STATE_FILE, State, first_outside, state_bytes
from builder.model import Entry, to_markdown
from builder.userfiles import entry_files, read_user_file
from builder.yamlfile import read_front_matter

UNDATED_FOLDER = "undatiert"
_TAKEN_AS_DELETED = "taken as deleted by an editor"


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
    state: State = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)           # what the import report says
    expected: dict[str, str | None] = field(default_factory=dict)  # path -> SHA-256 it had


def entry_path(entry: Entry) -> str:
    """Where a new entry goes: `<year>/<id>.md`, or `undatiert/<id>.md`."""
    folder = str(entry.date.year) if entry.date else UNDATED_FOLDER
    return f"{folder}/{entry.id}.md"


def _record(path: str, text: bytes, entry: Entry) -> dict[str, str]:
    """The state record of an entry file the import writes (or leaves as it wrote it)."""
    record = {"path": path, "sha256": _sha256(text)}
    if entry.added:
        record["added"] = entry.added.isoformat()
    return record


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _front_matter(path: str) -> dict:
    """The front matter of an entry file; {} for a broken one (`digest check` reports it,
    the import keeps it)."""
    return read_front_matter(path) or {}


@dataclass
class _Folder:
    """The entry files of the articles folder that no state record accounts for, and the
    source pages that any entry file cites."""
    by_id: dict[str, str] = field(default_factory=dict)                # id -> relative path
    by_source: dict[tuple[str | None, int | None], str] = field(default_factory=dict)  # (file, line) -> path
    source_files: set[str] = field(default_factory=set)


def _scan(into: Path, known_paths: set[str]) -> _Folder:
    """Read the front matter of the entry files (see `entry_files`) not in `known_paths`."""
    folder = _Folder()
    for name in entry_files(into)[0]:
        relative = os.path.relpath(name, into).replace(os.sep, "/")
        if relative in known_paths:
            continue
        meta = _front_matter(name)
        if isinstance(meta.get("id"), str):
            folder.by_id.setdefault(meta["id"], relative)
        for source in meta.get("sources") or ():
            if isinstance(source, dict) and isinstance(source.get("file"), str):
                folder.by_source.setdefault((source["file"], source.get("line")), relative)
                folder.source_files.add(source["file"])
    return folder


def entry_bytes(entry: Entry) -> bytes:
    """The bytes of an entry's file."""
    return to_markdown(entry).encode("utf-8")


def plan_import(entries: list[Entry], texts: list[bytes], into: Path, recorded: State | None
                ) -> Plan:
    """Decide, for every entry (whose file bytes are `texts`), whether to create, refresh,
    keep or skip it; `recorded` is the state file's records (`load_state(into)`), read once
    by the import."""
    old_state = recorded or {}
    plan = Plan(state=dict(old_state))
    plan.expected[STATE_FILE] = (_sha256(read_user_file(into / STATE_FILE))
                                 if recorded is not None else None)
    folder = _scan(into, {record["path"] for record in old_state.values()})
    if recorded is None and folder.by_id:
        plan.notes.append(f"{STATE_FILE} is missing: the {len(folder.by_id)} entries in the "
                          "folder were matched by id and source lines; edited, rejected and "
                          "deleted entries stay as they are")
    orphans = _orphaned_ids(old_state, {entry.id for entry in entries}, into)
    for entry, text in zip(entries, texts, strict=True):
        record = old_state.get(entry.id)
        former = None if record else _former_id(entry, orphans)
        if former is not None:  # the item keeps the id (and file, and URL) it was given first
            record = old_state[former]
            entry = entry.model_copy(update={"id": former, "added": _added(record, entry)})
            text = entry_bytes(entry)
        if record is None:
            _plan_new(plan, entry, text, into, folder, recovering=recorded is None)
            continue
        path = into / record["path"]
        if not path.exists():
            moved = folder.by_id.get(entry.id)
            plan.outcomes.append(
                Outcome(entry.id, Action.KEPT, moved, "moved by an editor") if moved else
                Outcome(entry.id, Action.SKIPPED, record["path"], "deleted by an editor"))
            continue
        current = read_user_file(path)
        if _sha256(current) != record["sha256"]:
            plan.outcomes.append(_editors_file(entry.id, path, record["path"]))
        elif current == text:
            plan.outcomes.append(Outcome(entry.id, Action.UNCHANGED, record["path"]))
        else:
            plan.writes[record["path"]] = text
            plan.expected[record["path"]] = record["sha256"]
            plan.state[entry.id] = _record(record["path"], text, entry)
            plan.outcomes.append(Outcome(entry.id, Action.REFRESHED, record["path"]))
    taken_as_deleted = sum(outcome.reason.startswith(_TAKEN_AS_DELETED) for outcome in plan.outcomes)
    if recorded is None and taken_as_deleted:
        plan.notes.append(f"{taken_as_deleted} items of pages imported before have no entry file "
                          f"and were taken as deleted: without {STATE_FILE} a deletion cannot be "
                          "told from an item new on its page (see --report)")
    return plan


def _orphaned_ids(old_state: State, ids: set[str], into: Path
                  ) -> dict[tuple[str, int | None], str]:
    """(source file, line) -> id, for the entries the importer wrote before under an id it no
    longer gives (an item whose title or kicker it now reads differently), by the sources
    their files cite; files that are gone are left out."""
    orphans: dict[tuple[str, int | None], str] = {}
    for entry_id, record in old_state.items():
        path = into / record["path"]
        if entry_id in ids or not path.is_file():
            continue
        for source in _front_matter(str(path)).get("sources") or ():
            if isinstance(source, dict) and isinstance(source.get("file"), str):
                orphans.setdefault((source["file"], source.get("line")), entry_id)
    return orphans


def _former_id(entry: Entry, orphans: dict[tuple[str, int | None], str]) -> str | None:
    """The id the importer gave `entry`'s item before, found by a source line they share;
    each former id is handed out once."""
    for source in entry.sources:
        former = orphans.get((source.file, source.line)) if source.file else None
        if former is not None:
            for key in [key for key, value in orphans.items() if value == former]:
                del orphans[key]
            return former
    return None


def _added(record: dict[str, str], entry: Entry) -> datetime.date | None:
    """When the entry of a state record entered the digest (the record's day, else `entry`'s)."""
    return datetime.date.fromisoformat(record["added"]) if record.get("added") else entry.added


def _editors_file(entry_id: str, path: Path, relative: str, why: str = "edited by an editor"
                  ) -> Outcome:
    """An entry file that an editor changed: kept, or skipped if the editor rejected it."""
    if _front_matter(str(path)).get("status") == "rejected":
        return Outcome(entry_id, Action.SKIPPED, relative, "rejected by an editor")
    return Outcome(entry_id, Action.KEPT, relative, why)


def _plan_new(plan: Plan, entry: Entry, text: bytes, into: Path, folder: _Folder,
              recovering: bool) -> None:
    """Plan an entry that the state file does not know; `recovering`: there is no state file."""
    relative = entry_path(entry)
    same_source = next((folder.by_source[(source.file, source.line)] for source in entry.sources
                        if (source.file, source.line) in folder.by_source), None)
    if entry.id in folder.by_id and recovering:  # recorded as if the importer had written it
        existing = folder.by_id[entry.id]
        plan.state[entry.id] = _record(existing, text, entry)
        plan.outcomes.append(Outcome(entry.id, Action.UNCHANGED, existing)
                             if read_user_file(into / existing) == text
                             else _editors_file(entry.id, into / existing, existing))
    elif entry.id in folder.by_id:
        plan.outcomes.append(Outcome(entry.id, Action.KEPT, folder.by_id[entry.id],
                                     "an entry with this id was written by hand"))
    elif same_source:
        plan.outcomes.append(Outcome(entry.id, Action.KEPT, same_source,
                                     "an entry from the same source line exists"))
    elif recovering and any(source.file in folder.source_files for source in entry.sources):
        plan.state[entry.id] = _record(relative, text, entry)  # stays deleted
        plan.outcomes.append(Outcome(entry.id, Action.SKIPPED, relative,
                                     f"{_TAKEN_AS_DELETED} (no {STATE_FILE}, and its source "
                                     "page was imported before)"))
    elif (into / relative).exists() or relative in plan.writes:
        plan.outcomes.append(Outcome(entry.id, Action.SKIPPED, relative,
                                     "path taken by another entry"))
    else:
        plan.writes[relative] = text
        plan.expected[relative] = None
        plan.state[entry.id] = _record(relative, text, entry)
        plan.outcomes.append(Outcome(entry.id, Action.CREATED, relative))


def apply_plan(plan: Plan, into: Path) -> None:
    """Make the planned writes all at once: the new files are staged beside the folder, then
    moved in under a journal (`builder.fsutil.commit_changes`), so that a run cut off at any
    point is completed by the next command; on a first import the staged folder is renamed
    into place whole. Files the plan does not write are never touched;
    a planned file that changed since it was planned (an editor saved it meanwhile) stops the
    import before anything is moved."""
    new_state = state_bytes(plan.state)
    state_path = into / STATE_FILE
    if not plan.writes and state_path.exists() and read_user_file(state_path) == new_state:
        return
    outside = first_outside(into, plan.writes)
    if outside:
        raise DigestError("lies in a folder that is a symbolic link out of the articles folder; "
                          "move that folder into the articles folder", into / outside)
    writes = {**plan.writes, STATE_FILE: new_state}  # the state file is moved in last
    staging = staging_path(into)
    shutil.rmtree(staging, ignore_errors=True)
    try:
        for relative, data in writes.items():
            create_file(os.path.join(staging, relative), data)
            reach("import.staging")
        changed = _changed_since_planned(plan, into)
        if changed:
            raise DigestError("changed while the import ran (saved by an editor?); nothing "
                              "was written: import again", into / changed)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if not os.path.lexists(into) and _became_the_folder(staging, into):
        return
    commit_changes(staging, into, list(writes), [])


def _became_the_folder(staging: Path, into: Path) -> bool:
    """On a first import, make the staged files the articles folder with one rename (moving
    10,000 files in one by one took a third of the time of writing them); False if the
    folder appeared meanwhile with files in it, which are then left alone."""
    reach("import.whole")
    try:
        os.rename(staging, into)  # one step: a run cut off before it leaves no folder
    except OSError:
        return False
    return True


def _changed_since_planned(plan: Plan, into: Path) -> str | None:
    """The first planned file whose bytes are no longer those the plan was made against."""
    for relative, expected in plan.expected.items():
        path = os.path.join(into, relative)
        current = _sha256(read_user_file(path)) if os.path.lexists(path) else None
        if current != expected:
            return relative
    return None
