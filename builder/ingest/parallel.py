"""Per-item work on every core: forked worker processes, results in input order."""
from __future__ import annotations

import multiprocessing
import os
from typing import Callable, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# The work of the running `ordered_map`, inherited by the forked workers (never pickled).
_function: Callable | None = None
_items: Sequence = ()


def _run_slice(bounds: tuple[int, int]) -> list:
    return [_function(item) for item in _items[bounds[0]:bounds[1]]]


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def ordered_map(function: Callable[[T], R], items: Sequence[T], chunk: int) -> Iterator[R]:
    """`function(item)` for every item, in order; computed in forked processes, `chunk` items
    per task, when there are several cores and at least two chunks, else computed here.
    Workers see the caller's objects as they were when the map started; only the results
    travel back, so they must pickle."""
    global _function, _items
    workers = min(_cores(), len(items) // chunk)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(function, items)
        return
    _function, _items = function, items
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            slices = ((start, start + chunk) for start in range(0, len(items), chunk))
            for results in pool.imap(_run_slice, slices):
                yield from results
    finally:
        _function, _items = None, ()
