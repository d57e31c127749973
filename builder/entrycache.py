"""Parsed entries remembered between runs, by file path, modification time and size.

Parsing and validating YAML front matter is the slowest part of loading a large archive; a
rebuild after editing one entry should parse one file. The cache (see `builder.cache`: valid
for the same code, packages and `settings`) keeps each entry as the fields its file set, in
JSON form, and restores it with pydantic's own `model_validate`: the restored entry equals the
freshly parsed one, `model_fields_set` included, whatever pydantic's internals. It is only a
speed-up: a missing, damaged or outdated cache means every file is parsed again.

Like git's index, it does not trust a timestamp that is too close to the time the cache was
written (a second edit within the file system's timestamp resolution keeps the mtime): such
files are read again and compared by their SHA-256.
"""
from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from builder import cache
from builder.errors import DigestError
from builder.model import Entry
from builder.userfiles import read_user_file

_RACY_NS = 2_000_000_000  # timestamps this close to the cache's own are checked by content


@dataclass(frozen=True)
class Loaded:
    """One entry file as loaded: the entry (None if it has errors), the SHA-256 of its bytes,
    and its problems as (line, field, message, severity)."""
    entry: Entry | None
    digest: str
    problems: tuple[tuple[int, str, str, str], ...]

    def pack(self) -> tuple:
        """Builtin values only (for marshal, and quick to send between processes): the entry
        as the fields that were set (`model_dump(mode="json", exclude_unset=True)`)."""
        entry = self.entry
        fields = None if entry is None else entry.model_dump(mode="json", exclude_unset=True)
        return self.digest, fields, self.problems

    @classmethod
    def unpack(cls, packed: tuple) -> Loaded:
        """The `Loaded` of `pack()`: the entry validated again from its fields (as fast as
        `model_construct`, and the same `model_fields_set` as the entry packed)."""
        digest, fields, problems = packed
        return cls(None if fields is None else Entry.model_validate(fields), digest, problems)


class EntryCache:
    """Loaded entry files keyed by path; valid only for the same code, packages and `settings`
    (the vocabulary and source files the validation depended on)."""

    def __init__(self, path: Path | None, settings: str) -> None:
        self.path = path
        self.key = cache.validity_key("entries", settings) if path else ""
        self._written_ns = 0
        self._rewrite = False  # the file is missing or unusable: write it even if nothing changed
        self._rows: dict[str, tuple] = self._read(path) if path else {}
        self._seen: set[str] = set()
        self._stale = 0  # files parsed again since the cache was read

    def _read(self, path: Path) -> dict[str, tuple]:
        stored = cache.read(path, self.key)
        if stored is None:
            self._rewrite = True
            return {}
        self._written_ns, rows = stored
        return rows

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
        try:
            return Loaded.unpack(packed)
        except ValidationError:  # a row damaged inside the file: parse the file again
            return None

    def put(self, name: str, stat: os.stat_result, packed: tuple) -> None:
        """Remember a packed `Loaded` for the file `name` as it is now (`stat`)."""
        self._seen.add(name)
        self._rows[name] = (stat.st_mtime_ns, stat.st_size, packed)
        self._stale += 1

    def save(self) -> None:
        """Write the cache once at least 1% of it is out of date (changed or removed files).
        Below that, parsing the few changed files again is cheaper than rewriting it all."""
        stale = self._stale + len(set(self._rows) - self._seen)
        if self.path is None or not self._rewrite and (
                stale == 0 or stale * 100 < len(self._rows)):
            return
        rows = {name: row for name, row in self._rows.items() if name in self._seen}
        cache.write(self.path, self.key, (time.time_ns(), rows))


def _file_digest(name: str) -> str:
    """The SHA-256 of a regular file's bytes; "" for anything else (a named pipe that took
    an entry's place is never opened for reading, which would wait for a writer)."""
    try:
        return hashlib.sha256(read_user_file(Path(name))).hexdigest()
    except DigestError:
        return ""
