"""Parsed entries remembered between runs, by file path, modification time and size.

Parsing and validating YAML front matter is the slowest part of loading a large archive; a
rebuild after editing one entry should parse one file. The cache is a `marshal` file of plain
rows (far faster to read back than pickled models) under `.cache/`. It is only a speed-up: a
missing, unreadable or outdated cache means every file is parsed again.

Like git's index, it does not trust a timestamp that is too close to the time the cache was
written (a second edit within the file system's timestamp resolution keeps the mtime): such
files are read again and compared by their SHA-256.
"""
from __future__ import annotations

import datetime
import hashlib
import marshal
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from builder.fsutil import write_cache
from builder.model import Entry, Image, Source

_FIELDS = tuple(Entry.model_fields)
Model = TypeVar("Model", Entry, Source, Image)
_VERSION = 3
_RACY_NS = 2_000_000_000  # timestamps this close to the cache's own are checked by content


@dataclass(frozen=True)
class Loaded:
    """One entry file as loaded: the entry (None if it has errors), the SHA-256 of its bytes,
    and its problems as (line, field, message, severity)."""
    entry: Entry | None
    digest: str
    problems: tuple[tuple[int, str, str, str], ...]

    def pack(self) -> tuple:
        """Builtin values only (for marshal, and quick to send between processes)."""
        return self.digest, _row(self.entry) if self.entry is not None else None, self.problems

    @classmethod
    def unpack(cls, packed: tuple) -> "Loaded":
        digest, row, problems = packed
        return cls(_entry(row) if row is not None else None, digest, problems)


class EntryCache:
    """Loaded entry files keyed by path; valid only for the same `validity` string (the code,
    vocabulary and source files the validation depended on)."""

    def __init__(self, path: Path | None, validity: str) -> None:
        self.path = path
        self.validity = validity
        self._written_ns = 0
        self._rows: dict[str, tuple] = self._read() if path else {}
        self._seen: set[str] = set()
        self._stale = 0  # files parsed again since the cache was read

    def _read(self) -> dict[str, tuple]:
        _wait_for_saving()
        try:
            with open(self.path, "rb") as file:  # loads() of the whole file: twice as fast
                version, validity, self._written_ns, rows = marshal.loads(file.read())
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        return rows if version == _VERSION and validity == self.validity else {}

    def get(self, name: str, stat: os.stat_result) -> Loaded | None:
        """The cached load of `name` if the file is unchanged (same mtime and size, and same
        bytes where the mtime alone cannot tell)."""
        self._seen.add(name)
        row = self._rows.get(name)
        if row is None or row[0] != stat.st_mtime_ns or row[1] != stat.st_size:
            return None
        packed = row[2]
        if stat.st_mtime_ns > self._written_ns - _RACY_NS and packed[0] != _file_digest(name):
            return None
        return Loaded.unpack(packed)

    def put(self, name: str, stat: os.stat_result, packed: tuple) -> None:
        """Remember a packed `Loaded` for the file `name` as it is now (`stat`)."""
        self._seen.add(name)
        self._rows[name] = (stat.st_mtime_ns, stat.st_size, packed)
        self._stale += 1

    def save_in_background(self) -> None:
        """`save` in a thread; the next cache opened (and the process exit) waits for it."""
        global _saving
        _wait_for_saving()
        _saving = threading.Thread(target=self.save, name="entry-cache")
        _saving.start()

    def save(self) -> None:
        """Write the cache once at least 1% of it is out of date (changed or removed files).
        Below that, parsing the few changed files again is cheaper than rewriting it all."""
        stale = self._stale + len(set(self._rows) - self._seen)
        if self.path is None or stale == 0 or stale * 100 < len(self._rows):
            return
        rows = {name: row for name, row in self._rows.items() if name in self._seen}
        write_cache(self.path, marshal.dumps((_VERSION, self.validity, time.time_ns(), rows)))


_saving: threading.Thread | None = None


def _wait_for_saving() -> None:
    if _saving is not None:
        _saving.join()


os.register_at_fork(before=_wait_for_saving)  # never fork while a thread is writing


def _file_digest(name: str) -> str:
    try:
        with open(name, "rb") as file:
            return hashlib.sha256(file.read()).hexdigest()
    except OSError:
        return ""


def _row(entry: Entry) -> tuple:
    """An entry as a tuple of builtin values, in field order."""
    values = entry.__dict__
    return tuple(
        values["date"].toordinal() if name == "date" and values["date"] else
        tuple((source.file, source.line) for source in values["sources"]) if name == "sources" else
        (values["image"].alt, values["image"].caption, values["image"].credit)
        if name == "image" and values["image"] else values[name]
        for name in _FIELDS)


def _entry(row: tuple) -> Entry:
    """The entry of a row (the row was validated when it was cached)."""
    values = dict(zip(_FIELDS, row))
    if values["date"] is not None:
        values["date"] = datetime.date.fromordinal(values["date"])
    values["sources"] = tuple(_restore(Source, {"file": file, "line": line})
                              for file, line in values["sources"])
    if values["image"] is not None:
        alt, caption, credit = values["image"]
        values["image"] = _restore(Image, {"alt": alt, "caption": caption, "credit": credit})
    return _restore(Entry, values)


def _restore(model: type[Model], values: dict) -> Model:
    """A model from validated field values, set the way unpickling does (pydantic's
    `__setstate__`): several times faster than `model_construct`, which re-checks defaults."""
    instance = _new(model)
    _set(instance, "__dict__", values)
    _set(instance, "__pydantic_fields_set__", set(values))
    _set(instance, "__pydantic_extra__", None)
    _set(instance, "__pydantic_private__", None)
    return instance


_new, _set = object.__new__, object.__setattr__
