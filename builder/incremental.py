"""Keys for incremental builds: a hash of everything an output is made of, computed without
rendering it. Equal key, equal bytes; so a rebuild renders only outputs whose key changed."""
from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from builder.model import Entry
from builder.render.site import Term

BUILDER = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The builder's own source: a new version of the code rebuilds everything."""
    digest = hashlib.sha256()
    for path in sorted(BUILDER.rglob("*.py")):
        digest.update(path.relative_to(BUILDER).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def files_fingerprint(folders: list[Path]) -> str:
    """Names and bytes of every file below the folders (templates, static files)."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_file():
                digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class Digester:
    """Canonical hashes of page contexts; each entry is hashed once per build."""

    def __init__(self) -> None:
        self._entries: dict[int, str] = {}

    def entry(self, entry: Entry) -> str:
        key = id(entry)
        if key not in self._entries:
            self._entries[key] = hashlib.sha256(entry.model_dump_json().encode()).hexdigest()
        return self._entries[key]

    def _plain(self, value):
        if isinstance(value, Entry):
            return "entry:" + self.entry(value)
        if isinstance(value, Term):
            return {"term": value.name, "slug": value.slug, "description": value.description,
                    "entries": [self.entry(e) for e in value.entries]}
        if isinstance(value, BaseModel):
            return value.model_dump(mode="json")
        if isinstance(value, dict):
            return {str(k): self._plain(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self._plain(v) for v in value]
        if isinstance(value, (datetime.date, datetime.datetime)):
            return value.isoformat()
        return value

    def key(self, *parts) -> str:
        text = json.dumps(self._plain(list(parts)), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Manifest:
    """What the last build wrote into an output folder: path -> {key, sha}."""
    path: Path
    files: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, cache: Path, out: Path) -> "Manifest":
        name = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]
        path = cache / f"build-{name}.json"
        try:
            files = json.loads(path.read_text(encoding="utf-8"))["files"]
        except (OSError, ValueError, KeyError):
            files = {}
        return cls(path, files)

    def save(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(json.dumps({"version": 1, "files": self.files}, sort_keys=True),
                                 encoding="utf-8")
            temporary.replace(self.path)
        except OSError:
            pass  # without a cache the next build is simply a full one
