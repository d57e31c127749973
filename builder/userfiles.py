"""Reading the user's files: only regular files, and never waiting on one.

A named pipe, a device, a socket, a folder or a broken symbolic link where an entry, a
vocabulary or a source page should be is reported as one line naming that path (the link's
own path, not its target), instead of blocking the build or reading a device.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from builder.errors import DigestError

_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


class UnreadableFile(DigestError):
    """A path that is not a readable regular file (named as itself, not as its target)."""


def kind_of(mode: int) -> str | None:
    """What a file that is not a regular file is, as a message; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory, not a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file"
    return "is not a regular file"


def _open_problem(path: Path, error: OSError) -> str:
    """The message for a path that cannot be opened."""
    code = error.errno
    if code == errno.ELOOP:
        return "symbolic link loop"
    if code == errno.ENOENT:
        try:
            target = os.readlink(path)
        except OSError:
            return "cannot read: no such file or directory"
        return f"broken symbolic link (points to {target})"
    if code in (errno.EACCES, errno.EPERM):
        return "cannot read: permission denied"
    if code == errno.ENOTDIR:
        return "cannot read: a part of the path is not a directory"
    if code == errno.ENXIO:  # a socket, or a device without its driver
        return "is not a regular file (no device or address)"
    return f"cannot read: {error.strerror or error}"


def read_user_file(path: Path | str) -> bytes:
    """The bytes of a regular file. Anything else (named pipe, device, socket, folder, a
    broken or looping symbolic link, no permission) raises UnreadableFile naming `path`;
    nothing blocks, and a device is never opened."""
    path = Path(path)
    try:
        problem = kind_of(os.stat(path).st_mode)
    except OSError as error:
        raise UnreadableFile(_open_problem(path, error), path) from None
    if problem:
        raise UnreadableFile(problem, path)
    try:  # non-blocking: should the path have become a pipe since, opening it does not wait
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise UnreadableFile(_open_problem(path, error), path) from None
    try:
        info = os.fstat(descriptor)
        problem = kind_of(info.st_mode)
        if problem:
            raise UnreadableFile(problem, path)
        chunks: list[bytes] = []
        while True:
            chunk = os.read(descriptor, max(info.st_size + 1, 65536) if not chunks else 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as error:
        raise UnreadableFile(f"cannot read: {error.strerror or error}", path) from None
    finally:
        os.close(descriptor)


def entry_files(articles: Path) -> tuple[list[str], list[str]]:
    """The .md files below `articles` (sorted names, plain strings: a large archive has tens
    of thousands, and every Path object costs) and the links to folders found there, which
    are not followed. Hidden files and folders are not entries: editors keep lock and backup
    files there (Emacs's `.#name.md`, a link to nowhere)."""
    found: list[str] = []
    linked: list[str] = []
    for root, folders, files in os.walk(articles):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        linked += [os.path.join(root, name) for name in folders
                   if os.path.islink(os.path.join(root, name))]
        found += [f"{root}{os.sep}{name}" for name in files
                  if name.endswith(".md") and not name.startswith(".")]
    return sorted(found), linked
