"""Using every core: a map over forked worker processes.

The workers are forked, so they inherit everything the caller has loaded (entries, site
model, templates, vocabularies) instead of receiving it pickled; only each item's result
travels back, so results must pickle.
"""
from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
_task: tuple[Callable, Sequence] | None = None  # what the forked workers run


def _run(index: int):
    assert _task is not None  # set by fork_map before the workers are forked
    function, items = _task
    return function(items[index])


def _cores() -> int:
    """Cores this process may use (a container may allow fewer than the machine has)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def fork_map(function: Callable[[Item], Result], items: Sequence[Item], minimum: int,
             ordered: bool = True, chunk: int | None = None) -> Iterator[Result]:
    """`function` over `items`: in this process for fewer than `minimum` items (or one core,
    or no fork), else in one worker per core (at most 8), `chunk` items per task (default:
    small tasks, at most 32 items); in order unless `ordered` is False."""
    workers = min(_cores(), 8)
    if len(items) < minimum or workers < 2 or "fork" not in mp.get_all_start_methods():
        yield from map(function, items)
        return
    global _task
    _task = (function, items)
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            size = chunk or max(1, min(32, len(items) // (workers * 16)))
            run = pool.imap if ordered else pool.imap_unordered
            yield from run(_run, range(len(items)), chunksize=size)
    finally:
        _task = None
