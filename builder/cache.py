"""Caches: files that only save time (under `.cache/`, and the noun list in the user's cache
folder). Every one of them is written and read here, in one format, under one rule:

- **One validity key.** A cache is used only by the code, the Python, the installed packages
  and the settings it was written with: `validity_key(*settings)` is a hash of the code
  fingerprint (every module of `builder`), `sys.version`, the installed distributions with
  their versions, and the caller's settings (whatever else the cached values were computed
  from, such as the vocabulary). So no cache needs a version number of its own, and
  upgrading a package (Markdown, pydantic, Jinja) rebuilds what it could have changed.
- **Reads never fail.** A missing file, or one written under another key (or by an earlier
  version of this code), is a miss. A truncated or garbled one is a miss too: it is removed
  and reported as one warning line (once, however many processes read it); so is a file that
  cannot be opened (reported, not removed).
- **Writes replace the file at once**, through a temporary file of the writer's own (render
  workers may write the same file at the same time); a cache that cannot be written is simply
  missing next time, so a read-only checkout still builds.

`digest build --clean` reads no cache at all (callers pass no cache, or `read=False`).

The format is `marshal` of (FORMAT, key, payload): payloads are builtin values, which
`marshal` loads faster than `pickle` or JSON do. `marshal` detects a truncated file; it has
no checksum, so a flipped bit inside a text would pass (a checksum of the 40 MB entry cache
of a 10,000-entry archive costs 30 ms per build).
"""
from __future__ import annotations

import hashlib
import marshal
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from builder.errors import display_path

BUILDER = Path(__file__).resolve().parent
FORMAT = "kommunal-digest cache 1"  # the first item of every cache file


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The builder's own source: a new version of the code rebuilds everything."""
    digest = hashlib.sha256()
    for path in sorted(BUILDER.rglob("*.py")):
        digest.update(path.relative_to(BUILDER).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def installed_packages() -> str:
    """The Python and the distributions installed on `sys.path`, with their versions (the
    names of their metadata folders, such as `pydantic-2.14.3.dist-info`).

    Why every distribution, not a list: what the caches hold depends on transitive packages
    too (pydantic-core validates entries, MarkupSafe escapes pages), and listing the folders
    takes half a millisecond, where `importlib.metadata.version` took 90 ms for nine packages.
    Installing an unrelated package costs one build without caches.
    """
    names: set[str] = set()
    for folder in sys.path:
        try:
            names.update(name for name in os.listdir(folder or ".")
                         if name.endswith((".dist-info", ".egg-info", ".egg")))
        except OSError:  # not a folder (a zip file), or gone
            continue
    return "\n".join([sys.version, *sorted(names)])


def validity_key(*settings: str | bytes) -> str:
    """The key a cache is valid for: this code, the installed packages and `settings`."""
    digest = hashlib.sha256()
    for part in (FORMAT, code_fingerprint(), installed_packages(), *settings):
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little") + data)  # lengths: parts cannot merge
    return digest.hexdigest()


def read(path: Path, key: str) -> Any | None:
    """The payload written to `path` under `key`; None (a miss) if the file is missing,
    was written under another key, or is damaged (then with a warning). Never raises."""
    try:
        with open(path, "rb") as file:
            data = file.read()
    except FileNotFoundError:
        return None
    except OSError as error:
        _warn(path, error.strerror or type(error).__name__)
        return None
    try:
        stored = marshal.loads(data)  # loads() of the whole file: twice as fast as load()
    except EOFError:
        _damaged(path, "truncated")
        return None
    except Exception as error:  # marshal raises ValueError or TypeError on garbage
        _damaged(path, f"not a cache file: {error}")
        return None
    if type(stored) is not tuple:
        _damaged(path, "not a cache file")
        return None
    if len(stored) != 3 or stored[0] != FORMAT or stored[1] != key:
        return None  # another key, or a tuple written by an earlier version of this code
    return stored[2]


def write(path: Path, key: str, payload: Any) -> None:
    """Replace `path` with `payload` under `key` at once (best effort, see above)."""
    data = marshal.dumps((FORMAT, key, payload))
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # this writer's own
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:  # a read-only or full disk: the cache is missing next time
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass


def _damaged(path: Path, reason: str) -> None:
    """Remove a damaged cache file (it is rebuilt) and report it, once: of several processes
    that read it (render workers), only the one whose removal succeeds reports it."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        return None
    except OSError:  # cannot be removed (a read-only folder): reported each time it is read
        pass
    _warn(path, reason)
    return None


def _warn(path: Path, reason: str) -> None:
    print(f"warning: {display_path(Path(path))}: unreadable cache, rebuilt ({reason})",
          file=sys.stderr)
