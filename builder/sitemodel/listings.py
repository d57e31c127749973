"""Listings: the order entries are shown in, and how a long listing is cut into pages."""
from __future__ import annotations

import datetime
import heapq
from operator import attrgetter

from builder.model import Entry

_DATE_AND_ID = attrgetter("date", "id")


def newest_first(entries: list[Entry]) -> list[Entry]:
    """Dated entries newest first (ties by id), then undated ones by title."""
    dated = sorted([e for e in entries if e.date], key=_DATE_AND_ID, reverse=True)
    undated = sorted((e for e in entries if not e.date), key=lambda e: (e.title.casefold(), e.id))
    return dated + undated


def newest_added(entries: list[Entry], count: int) -> list[Entry]:
    """The `count` entries that entered the digest last (by `added`, else their date), dated
    or not; entries with neither day are left out. Ties: newer date, then id."""
    known = [entry for entry in entries if entry.added or entry.date]
    return heapq.nlargest(count, known, key=lambda entry: (
        entry.added or entry.date, entry.date or _NO_DATE, entry.id))


_NO_DATE = datetime.date.min


def paged(entries: list[Entry], size: int) -> tuple[list[Entry], list[list[Entry]]]:
    """(the entries of a listing's own page, its older pages), from newest-first `entries`.

    Older pages hold `size` dated entries each and are numbered from the oldest (`older[0]`
    is page 1), so a new entry changes the own page, not every page; the own page shows the
    newest `size` to `2 * size - 1` dated entries and all undated ones.
    """
    dated, undated = split_undated(entries)
    older_count = max(0, len(dated) // size - 1)
    oldest_first = dated[::-1]
    older = [oldest_first[start:start + size][::-1] for start in range(0, older_count * size, size)]
    return dated[:len(dated) - older_count * size] + undated, older


def split_undated(entries: list[Entry]) -> tuple[list[Entry], list[Entry]]:
    """(dated, undated) of a newest-first list, which has the undated entries last: found
    from the end, without looking at every entry of a long listing."""
    cut = len(entries)
    while cut and not entries[cut - 1].date:
        cut -= 1
    return entries[:cut], entries[cut:]

