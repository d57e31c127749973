"""Likely duplicates among the entries: two entries about the same story, such as one an
editor wrote by hand (`digest new`) and one the importer made.

Contract. Two entries are likely duplicates when their dates agree (the same day, or no date
on one side) and their titles are nearly the same or their leads tell the same facts: their
titles and summaries share at least `MIN_SHARED` weight of content words and half of the
lighter one's (`builder.ingest.similarity`, words common to many entries left out). The body
is not read: the lead names a story's facts, and reading 10,000 bodies took three times as
long as the rest of `digest check`.

Only pairs that share a rare word (one that at most `RARE_SHARE` of the entries use) and
whose dates agree are compared: the entries are looked up by those words, per date, so the
work grows with the entries that share such words, not with the square of the archive.
"""
from __future__ import annotations

import datetime
import difflib
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from builder.ingest.similarity import (
    MIN_SHARED,
    THRESHOLD,
    Words,
    common_words,
    content_words,
    overlap,
)
from builder.model import Entry

TITLE_RATIO = 0.9    # titles this similar (difflib's ratio, case-folded) are the same title
RARE_SHARE = 0.01    # a word at most one in a hundred entries use identifies a story,
RARE_MIN = 20        # or at most this many in a small archive


@dataclass(frozen=True)
class Duplicate:
    """Two entries (by index) that likely tell the same story, and why."""
    first: int
    second: int
    reason: str  # "similar title" or "similar text"


def lead_words(entry: Entry) -> Words:
    """The content words of an entry's title and summary."""
    return content_words(f"{entry.title} {entry.summary}")


def likely_duplicates(entries: list[Entry], words: Callable[[Entry], Words] = lead_words
                      ) -> list[Duplicate]:
    """The pairs of `entries` that likely tell the same story (see the module's contract),
    in order of their indices; `words` gives an entry's `lead_words` (or cached ones)."""
    leads = [words(entry) for entry in entries]
    common = common_words(leads)
    found = []
    for i, j in sorted(candidate_pairs(entries, leads)):
        reason = _why_same(entries[i], entries[j], leads[i], leads[j], common)
        if reason:
            found.append(Duplicate(i, j, reason))
    return found


def candidate_pairs(entries: list[Entry], leads: list[Words]) -> set[tuple[int, int]]:
    """Index pairs (i < j) of entries whose dates agree and whose leads share a rare word."""
    limit = max(RARE_MIN, RARE_SHARE * len(entries))
    frequency = Counter(word for words in leads for word in words)
    rare = [{word for word in words if frequency[word] <= limit} for words in leads]
    by_date: dict[tuple[datetime.date | None, str], list[int]] = defaultdict(list)
    any_date: dict[str, list[int]] = defaultdict(list)
    for index, (entry, words) in enumerate(zip(entries, rare)):
        for word in words:
            by_date[(entry.date, word)].append(index)
            any_date[word].append(index)
    pairs: set[tuple[int, int]] = set()
    for index, (entry, words) in enumerate(zip(entries, rare)):
        for word in words:
            # an undated entry meets every entry with the word; a dated one those of its day
            # (undated ones meet it from their side)
            others = any_date[word] if entry.date is None else by_date[(entry.date, word)]
            pairs.update((min(index, other), max(index, other)) for other in others
                         if other != index)
    return pairs


def _why_same(a: Entry, b: Entry, lead_a: Words, lead_b: Words, common: frozenset[str]) -> str:
    """"similar title", "similar text" or "" for two entries whose dates agree."""
    ratio = difflib.SequenceMatcher(None, a.title.casefold(), b.title.casefold()).ratio()
    if ratio >= TITLE_RATIO:
        return "similar title"
    shared, lighter = overlap(lead_a, lead_b, common)
    return "similar text" if shared >= MIN_SHARED and shared >= THRESHOLD * lighter else ""
