"""Keys for incremental builds: a hash of everything an output is made of, computed without
rendering it. Equal key, equal bytes; so a rebuild renders only outputs whose key changed."""
from __future__ import annotations

import datetime
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from builder import cache as caches
from builder.model import Entry
from builder.sitemodel.taxonomies import Term


def files_fingerprint(folders: list[Path]) -> str:
    """Names and bytes of every file below the folders (templates, static files)."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_file():
                digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


_SCALARS = frozenset((str, int, float, bool, type(None)))


class ContextKeys:
    """Keys of page contexts: SHA-256 of a canonical text of the context. An entry stands for
    the SHA-256 of its file (the entry is a function of its file's bytes), so a key never
    serialises an entry. Entries are found by identity: a key is made for every page of a
    large site, and the address of an entry is at hand where its fields are not."""

    def __init__(self, entries: list[Entry], entry_digests: dict[str, str]) -> None:
        self._entries = {id(entry): "E" + entry_digests[entry.id] for entry in entries}

    def key(self, *parts) -> str:
        return hashlib.sha256(self._text(parts).encode()).hexdigest()

    def _text(self, value) -> str:
        """A text that differs whenever `value` does (repr for scalars: it is injective). Dicts
        in insertion order: the same code makes the same context in the same order."""
        kind = type(value)
        if kind in _SCALARS:
            return repr(value)
        if kind is Entry:
            return self._entries[id(value)]
        if kind is list or kind is tuple:
            if value and type(value[0]) is Entry:
                return "[" + ",".join(map(self._entries.__getitem__, map(id, value))) + "]"
            return "[" + ",".join([self._text(v) for v in value]) + "]"
        if kind is dict:
            return "{" + ",".join([repr(k) + ":" + self._text(v) for k, v in value.items()]) + "}"
        if kind is Term:
            return "T" + self._text([value.name, value.slug, value.description, value.entries,
                                     value.parent])
        if isinstance(value, BaseModel):
            return self._text(value.model_dump(mode="json"))
        if isinstance(value, (datetime.date, datetime.datetime)):
            return "D" + value.isoformat()
        raise TypeError(f"cannot key a {kind.__name__}")


@dataclass
class Manifest:
    """What the last build wrote into an output folder: path -> {key, sha}, and the key of
    all its inputs together (equal inputs: nothing to do)."""
    path: Path
    files: dict[str, dict] = field(default_factory=dict)
    inputs: str = ""

    @classmethod
    def load(cls, cache: Path, out: Path, read: bool = True) -> Manifest:
        """The manifest of the build into `out` (an empty one if there is none, or if not
        `read`: `--clean`)."""
        name = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]
        path = cache / f"build-{name}.marshal"
        stored = caches.read(path, _manifest_key()) if read else None
        if stored is None:
            return cls(path)
        inputs, files = stored
        return cls(path, files, inputs)

    def intact(self, out: Path) -> bool:
        """Whether every file the manifest lists is still in `out`."""
        return bool(self.files) and all(in_site(out, path) for path in self.files)

    def discard(self) -> None:
        """Remove the manifest file (the next build is then a full one)."""
        self.path.unlink(missing_ok=True)

    def save(self) -> None:
        """Write the manifest (without one the next build is simply a full one)."""
        caches.write(self.path, _manifest_key(), (self.inputs, self.files))


def _manifest_key() -> str:
    """The manifest's validity: a new code or package version renders every page again."""
    return caches.validity_key("manifest")


def in_site(out: Path, path: str) -> bool:
    """Whether the site in `out` still has the file `path` (os.path and a plain "/" join: this
    runs per file of the site; site paths are relative and use "/")."""
    return os.path.isfile(f"{out}/{path}")
