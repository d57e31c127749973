"""Progress bars for long runs: shown on a terminal, never in logs (CI) or with -q."""
from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
_enabled = True


def configure(quiet: bool) -> None:
    """Called by the CLI: -q turns bars off."""
    global _enabled
    _enabled = not quiet


def progress(items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
    """`items`, with a bar on stderr when it is a terminal; the bar vanishes when done."""
    if not (_enabled and sys.stderr.isatty()):
        return iter(items)
    from tqdm import tqdm  # imported only for a bar: every `digest` run would pay 10 ms

    return iter(tqdm(items, desc=description, total=total, leave=False, unit="",
                     file=sys.stderr, dynamic_ncols=True))
