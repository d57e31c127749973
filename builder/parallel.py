"""Using both (or all) cores: a map over forked worker processes.

The workers are forked, so they inherit everything the caller has loaded (entries, site
model, templates) instead of receiving it pickled; only each item's result travels back.
"""
from __future__ import annotations

import multiprocessing as mp
import os
from typing import Callable, Iterator, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
_task: tuple[Callable, Sequence] | None = None  # what the forked workers run


def _run(index: int):
    function, items = _task
    return function(items[index])


def fork_map(function: Callable[[Item], Result], items: Sequence[Item], minimum: int,
             ordered: bool = True) -> Iterator[Result]:
    """`function` over `items`: in this process for fewer than `minimum` items (or one core,
    or no fork), else in one worker per core (at most 8); in order unless `ordered` is False."""
    workers = min(os.cpu_count() or 1, 8)
    if len(items) < minimum or workers < 2 or "fork" not in mp.get_all_start_methods():
        yield from map(function, items)
        return
    global _task
    _task = (function, items)
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            chunk = max(1, min(32, len(items) // (workers * 16)))
            run = pool.imap if ordered else pool.imap_unordered
            yield from run(_run, range(len(items)), chunksize=chunk)
    finally:
        _task = None
