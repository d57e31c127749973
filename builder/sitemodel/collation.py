"""German collation of names ("Köln" before "Kreis Recklinghausen", "Ärzte" beside "Aachen"),
by the Unicode Collation Algorithm (pyuca, its default table: umlauts sort as their base
letter, as DIN 5007-1 has it), never by code points."""
from __future__ import annotations

from functools import cache

from pyuca import Collator


@cache
def _collator() -> Collator:
    return Collator()  # reads its table once (a tenth of a second), only when names are sorted


def german_key(name: str) -> tuple:
    """The sort key of a name; equal collation keys fall back to the name itself, so that the
    order is total and two builds sort alike."""
    return (_collator().sort_key(name), name)


def german_sorted(names) -> list[str]:
    return sorted(names, key=german_key)
