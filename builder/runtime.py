"""The process-wide state of a batch run (an import): what the cyclic garbage collector does.

An import makes some hundred thousand long-lived objects (lines, items, stories, entries)
and next to no reference cycles. With the collector on, its collections scanned them again
and again: 0.38 s in the main process of a 10,000-item import (684 collections, 5 of them
full) and more in every forked worker, which also copied the pages the scan touched.
Reference counting still frees everything that is not a cycle, so the run's memory stays
as it was; the few cycles made meanwhile are collected when the collector is on again.
"""
from __future__ import annotations

import gc
from types import TracebackType


class BatchRuntime:
    """`with BatchRuntime():` runs a batch with the cyclic collector off (worker processes
    forked meanwhile inherit that), and puts the collector back as it was afterwards, also
    when the batch fails. Nested runs leave the collector to the outermost one."""

    def __init__(self) -> None:
        self._was_enabled = False

    def __enter__(self) -> BatchRuntime:
        self._was_enabled = gc.isenabled()
        gc.disable()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._was_enabled:
            gc.enable()
