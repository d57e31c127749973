"""One writer at a time: a project-wide lock held for the whole of an import, check, build or
`new` (and for each rebuild of `digest serve`), and the repair of what a cut-off run left
before anything reads the content.

The lock is a POSIX record lock (`fcntl.lockf`) on `.digest.lock` in the project folder (the
folder that holds `content/`). The
kernel drops it when its process ends, however it ends, so a crashed run never blocks the next
one; the file keeps the holder's pid and command, which the message names when the lock is
busy and which tells the next run that the last one was cut off. Record locks belong to the
process, not to forked workers, so a worker that outlives a killed run holds nothing.
"""
from __future__ import annotations

import errno
import fcntl
import os
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from builder.errors import DigestError
from builder.fsutil import recover_interrupted

LOCK_FILE = ".digest.lock"


class ProjectBusy(DigestError):
    """Another digest command holds the project's lock."""


@contextmanager
def exclusive(content: Path, command: str, wait: bool = False,
              notice: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the lock of the project whose content folder is `content` and first complete or
    undo a swap of its articles folder that was cut off. Without a content folder there is
    nothing to guard (the command reports that itself)."""
    if not content.is_dir():
        yield
        return
    with project_lock(content.absolute().parent, command, wait, notice):
        if os.access(content, os.W_OK):  # a read-only checkout has nothing to repair
            recover_interrupted(content / "articles")
        yield


@contextmanager
def project_lock(project: Path, command: str, wait: bool = False,
                 notice: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the lock of `project` while the block runs. Busy: raise ProjectBusy naming the
    holder, or with `wait` block until it is free. `notice` hears about a run that was cut off."""
    path = project / LOCK_FILE
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NONBLOCK
                             | os.O_NOFOLLOW, 0o644)
    except OSError as error:
        if error.errno == errno.EROFS or not os.access(project, os.W_OK):
            yield  # a read-only checkout: nobody can write here, so there is nothing to guard
            return
        raise DigestError(f"cannot open the project lock: {error.strerror}", path) from None
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise DigestError("the project lock is not a regular file; remove it", path)
    try:
        _acquire(descriptor, path, wait)
        previous = _holder(descriptor)
        if previous and notice:
            notice(f"note: an earlier run ({previous}) was cut off; what it left half done "
                   "is repaired first")
        _write_holder(descriptor, command)
        try:
            yield
        finally:
            os.ftruncate(descriptor, 0)  # a clean end leaves no holder behind
    finally:
        os.close(descriptor)  # releases the lock


def _acquire(descriptor: int, path: Path, wait: bool) -> None:
    try:
        fcntl.lockf(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        holder = _holder(descriptor)
        for _ in range(20):  # the holder writes its name just after it took the lock
            if holder:
                break
            time.sleep(0.01)
            holder = _holder(descriptor)
        holder = holder or "another process"
        raise ProjectBusy(f"busy: {holder} is running in this project; try again when it has "
                          "finished", path) from None


def _holder(descriptor: int) -> str:
    """What the lock file says about its (last) holder (its first line, at most 200
    characters), '' if nothing."""
    text = os.pread(descriptor, 200, 0).decode("utf-8", "replace")
    return text.splitlines()[0].strip() if text.strip() else ""


def _write_holder(descriptor: int, command: str) -> None:
    started = time.strftime("%H:%M:%S")
    text = f"{command} (pid {os.getpid()}, since {started})"
    os.ftruncate(descriptor, 0)
    os.pwrite(descriptor, text.encode("utf-8"), 0)
