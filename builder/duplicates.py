"""Likely duplicates among the entries: two entries about the same story, such as one an
editor wrote by hand (`digest new`) and one the importer made.

Contract. Two entries are likely duplicates when their dates agree (the same day, or no date
on one side) and their titles are nearly the same or their texts tell the same facts: the
title and summary of one share at least `MIN_SHARED` weight of content words and half of
their own (`builder.ingest.similarity`, words common to many entries left out) with the title,
summary and body of the other.

Only pairs that share a rare word (one that at most `RARE_SHARE` of the entries use) and
whose dates agree are compared: the entries are looked up by those words, per date, so the
work grows with the entries that share such words, not with the square of the archive.
"""
from __future__ import annotations

import datetime
import difflib
from collections import Counter, defaultdict
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
BODY_WORDS = 120     # words of the body read: a story's facts stand at its start


@dataclass(frozen=True)
class Duplicate:
    """Two entries (by index) that likely tell the same story, and why."""
    first: int
    second: int
    reason: str  # "similar title" or "similar text"


def _lead(entry: Entry) -> Words:
    return content_words(f"{entry.title} {entry.summary}")


def _text(entry: Entry) -> Words:
    return content_words(" ".join([entry.title, entry.summary,
                                   *entry.body.split()[:BODY_WORDS]]))


def likely_duplicates(entries: list[Entry]) -> list[Duplicate]:
    """The pairs of `entries` that likely tell the same story (see the module's contract),
    in order of their indices."""
    leads = [_lead(entry) for entry in entries]
    texts = [_text(entry) for entry in entries]
    common = common_words(texts)
    rare_limit = max(RARE_MIN, RARE_SHARE * len(entries))
    frequency = Counter(word for words in texts for word in words)
    rare = [{word for word in words if frequency[word] <= rare_limit} for words in texts]
    found = []
    for i, j in sorted(_candidates(entries, rare)):
        reason = _why_same(entries[i], entries[j], leads, texts, i, j, common)
        if reason:
            found.append(Duplicate(i, j, reason))
    return found


def _candidates(entries: list[Entry], rare: list[set[str]]) -> set[tuple[int, int]]:
    """Index pairs (i < j) whose dates agree and that share a rare word."""
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


def _why_same(a: Entry, b: Entry, leads: list[Words], texts: list[Words], i: int, j: int,
              common: frozenset[str]) -> str:
    """"similar title", "similar text" or "" for two entries whose dates agree."""
    ratio = difflib.SequenceMatcher(None, a.title.casefold(), b.title.casefold()).ratio()
    if ratio >= TITLE_RATIO:
        return "similar title"
    for lead, text in ((leads[i], texts[j]), (leads[j], texts[i])):
        shared, _ = overlap(lead, text, common)
        own = sum(weight for word, weight in lead.items() if word not in common)
        if shared >= MIN_SHARED and own and shared / own >= THRESHOLD:
            return "similar text"
    return ""
