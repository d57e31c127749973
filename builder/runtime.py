"""The process-wide state of one `digest` command, owned by one object the CLI makes: the
cyclic garbage collector's policy, the worker processes, background jobs and the exit.

- **Collector.** An import or a build makes some hundred thousand long-lived objects and
  next to no reference cycles; with the collector on, it scanned them again and again (half
  the loading time of a build, 0.38 s of a 10,000-item import) and every forked worker
  copied the memory pages the scan touched. `batch` turns it off; `keep_loaded` hands what
  is loaded to no further scan and turns it on again for what comes next.
- **Workers.** `map` forks one worker per core that inherits everything loaded, so only
  results travel back (they must pickle). It never forks while another thread runs (a fork
  copies locks that thread may hold): a background job is waited for first, and while
  threads of the command's own run (`digest serve`'s server, see `alongside_threads`), the
  tasks run in this process.
- **Collectors.** State that tasks add to in a worker (compound words learnt) is sent back
  with each result and merged into the parent's copy: one declared step (`Collector`).
- **Exit.** `exit` waits for background jobs, flushes the output and ends the process
  without freeing every object one by one (0.1 s at 10,000 entries).
"""
from __future__ import annotations

import gc
import multiprocessing as mp
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn, Protocol, TypeVar, cast

Item = TypeVar("Item")
Result = TypeVar("Result")
MAX_WORKERS = 8


class Collector(Protocol):
    """State that tasks add to (in whichever process runs them)."""

    def take(self) -> Any:
        """What was added since the last call, removed from this copy."""

    def merge(self, taken: Any) -> None:
        """Add what `take` gave in another process."""


class Runtime:
    """One command's process-wide state; see the module docstring."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = min(_cores(), MAX_WORKERS) if workers is None else workers
        self._jobs: list[threading.Thread] = []
        self._batch_depth = 0
        self._threaded = 0  # > 0 while threads of the command run (no forking then)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Run a batch with the cyclic collector off; afterwards it is as it was (a nested
        batch leaves it to the outer one) and nothing stays frozen."""
        if self._batch_depth:
            yield
            return
        was_enabled = gc.isenabled()
        gc.disable()
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            gc.unfreeze()
            (gc.enable if was_enabled else gc.disable)()

    def keep_loaded(self) -> None:
        """Within a batch: what is loaded now is never scanned again (nor copied by forked
        workers' scans), and the collector runs again for what comes next."""
        gc.freeze()
        gc.enable()

    @contextmanager
    def alongside_threads(self) -> Iterator[None]:
        """While the command runs threads of its own, `map` runs its tasks in this process."""
        self._threaded += 1
        try:
            yield
        finally:
            self._threaded -= 1

    def map(self, function: Callable[[Item], Result], items: Sequence[Item], minimum: int,
            ordered: bool = True, chunk: int | None = None,
            collectors: Sequence[Collector] = ()) -> Iterator[Result]:
        """`function` over `items`: in worker processes (at most one per core, `chunk`
        items per task, by default small tasks), or in this process for fewer than
        `minimum` items, one core, no fork, or `alongside_threads`. In order unless
        `ordered` is False. What tasks add to `collectors` in a worker is merged here."""
        self.wait_for_background()
        if len(items) < minimum or self.workers < 2 or self._threaded \
                or "fork" not in mp.get_all_start_methods():
            yield from map(function, items)
            return
        size = chunk or max(1, min(32, len(items) // (self.workers * 16)))
        with mp.get_context("fork").Pool(self.workers, initializer=_become_worker,
                                         initargs=(function, items, tuple(collectors))) as pool:
            run = pool.imap if ordered else pool.imap_unordered
            for result, taken in run(_run_task, range(len(items)), chunksize=size):
                for collector, part in zip(collectors, taken):
                    collector.merge(part)
                yield cast(Result, result)

    def background(self, job: Callable[[], None], name: str) -> None:
        """Run `job` in a thread; `map` and `exit` wait for it."""
        self.wait_for_background()
        thread = threading.Thread(target=job, name=name)
        self._jobs.append(thread)
        thread.start()

    def wait_for_background(self) -> None:
        while self._jobs:
            self._jobs.pop().join()

    def exit(self, code: int) -> NoReturn:
        """End the process with `code` once background jobs are done and output is out."""
        self.wait_for_background()
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:  # a closed pipe: nothing more can be shown
            pass
        os._exit(code)


def _cores() -> int:
    """Cores this process may use (a container may allow fewer than the machine has)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


# In a worker process only: the task it runs (given at the fork, never pickled).
_task: tuple[Callable, Sequence, tuple[Collector, ...]] | None = None


def _become_worker(function: Callable, items: Sequence, collectors: tuple[Collector, ...]) -> None:
    global _task
    # The pool ends its workers with SIGTERM: they stop at once, whatever handler the parent
    # had (`digest serve` turns SIGTERM into Ctrl-C, which printed a worker's traceback).
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _task = (function, items, collectors)
    for collector in collectors:
        collector.take()  # what the parent had added is the parent's already


def _run_task(index: int) -> tuple[object, tuple[object, ...]]:
    assert _task is not None, "run in a worker process that _become_worker started"
    function, items, collectors = _task
    result = function(items[index])
    return result, tuple(collector.take() for collector in collectors)
