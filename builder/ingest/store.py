"""Writing entries without losing editors' work, and all at once or not at all.

`import-state.json` (see `builder.ingest.state`) records, for every entry the importer wrote,
its path and the hash of the bytes it wrote. A file whose bytes still have that hash is
unedited and may be refreshed; any other file belongs to the editors. Without a state file,
entries are matched to the files in the folder by id and by source lines, and an item whose
source page was imported before but which has no file is taken as deleted. Changes are made
in a copy of the folder (hard links for unchanged files) that then replaces the folder in two
renames; `builder.fsutil.recover_interrupted` repairs a swap cut off at any point.
"""
from __future__ import annotations

import enum
import hashlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from builder.faults import reach
from builder.fsutil import link_or_copy, replace_file, staging_path, swap_in
from builder.ingest.state import STATE_FILE, State, load_state, state_bytes
from builder.model import Entry, to_markdown
from builder.userfiles import read_user_file
from builder.yamlfile import read_front_matter

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
    state: State = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)           # what the import report says


def entry_path(entry: Entry) -> str:
    """Where a new entry goes: `<year>/<id>.md`, or `undatiert/<id>.md`."""
    folder = str(entry.date.year) if entry.date else UNDATED_FOLDER
    return f"{folder}/{entry.id}.md"


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
    by_source: dict[tuple[str, int], str] = field(default_factory=dict)  # (file, line) -> path
    source_files: set[str] = field(default_factory=set)


def _scan(into: Path, known_paths: set[str]) -> _Folder:
    """Read the front matter of the entry files not in `known_paths` (hidden files and
    folders are skipped; symbolic links to folders are not followed)."""
    folder = _Folder()
    for root, folders, files in os.walk(into):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            relative = os.path.relpath(os.path.join(root, name), into).replace(os.sep, "/")
            if name.startswith(".") or not name.endswith(".md") or relative in known_paths:
                continue
            meta = _front_matter(os.path.join(root, name))
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


def plan_import(entries: list[Entry], texts: list[bytes], into: Path) -> Plan:
    """Decide, for every entry (whose file bytes are `texts`), whether to create, refresh,
    keep or skip it."""
    recorded = load_state(into)
    old_state = recorded or {}
    plan = Plan(state=dict(old_state))
    folder = _scan(into, {record["path"] for record in old_state.values()})
    if recorded is None and folder.by_id:
        plan.notes.append(f"{STATE_FILE} is missing: the {len(folder.by_id)} entries in the "
                          "folder were matched by id and source lines; edited, rejected and "
                          "deleted entries stay as they are")
    for entry, text in zip(entries, texts, strict=True):
        record = old_state.get(entry.id)
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
            plan.state[entry.id] = {"path": record["path"], "sha256": _sha256(text)}
            plan.outcomes.append(Outcome(entry.id, Action.REFRESHED, record["path"]))
    return plan


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
        plan.state[entry.id] = {"path": existing, "sha256": _sha256(text)}
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
        plan.state[entry.id] = {"path": relative, "sha256": _sha256(text)}  # stays deleted
        plan.outcomes.append(Outcome(entry.id, Action.SKIPPED, relative,
                                     f"deleted by an editor (no {STATE_FILE}, and its source "
                                     "page was imported before)"))
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
            reach("import.staging")
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
