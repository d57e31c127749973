"""The site model: every listing the pages need, computed once from the published entries."""
from __future__ import annotations

import hashlib
import marshal
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from builder.fsutil import write_cache
from builder.model import REGIONS, Entry, german_slug
from builder.taxonomy import Topic, Vocabulary

RELATED_MAX = 5
_THIS_CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()  # the rules below
_NEIGHBOURS = 20  # per shared place or topic, only this many nearest entries are candidates


def newest_first(entries: list[Entry]) -> list[Entry]:
    """Dated entries newest first (ties by id), then undated ones by title."""
    dated = sorted((e for e in entries if e.date), key=lambda e: (e.date, e.id), reverse=True)
    undated = sorted((e for e in entries if not e.date), key=lambda e: (e.title.casefold(), e.id))
    return dated + undated


@dataclass
class Term:
    """A region or topic with its entries (newest first)."""
    name: str
    slug: str
    description: str = ""
    entries: list[Entry] = field(default_factory=list)


def paged(entries: list[Entry], size: int) -> tuple[list[Entry], list[list[Entry]]]:
    """(the entries of a listing's own page, its older pages), from newest-first `entries`.

    Older pages hold `size` dated entries each and are numbered from the oldest (`older[0]`
    is page 1), so a new entry changes the own page, not every page; the own page shows the
    newest `size` to `2 * size - 1` dated entries and all undated ones.
    """
    dated = [entry for entry in entries if entry.date]
    older_count = max(0, len(dated) // size - 1)
    oldest_first = dated[::-1]
    older = [oldest_first[start:start + size][::-1] for start in range(0, older_count * size, size)]
    return dated[:len(dated) - older_count * size] + [e for e in entries if not e.date], older


def by_place(entries: list[Entry]) -> list[tuple[str, list[Entry]]]:
    """Entries grouped by place (alphabetical); entries naming no place come last."""
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        for place in entry.places or ("",):
            groups[place].append(entry)
    return sorted(groups.items(), key=lambda item: (item[0] == "", item[0].casefold()))


@dataclass
class Site:
    """The published entries and their groupings."""
    entries: list[Entry]                      # newest first, undated last
    regions: list[Term]                       # all 16 Länder, Bund and EU, even when empty
    topics: list[Term]                        # in vocabulary order
    years: dict[int, list[Entry]]             # newest year first
    related: dict[str, list[Entry]]

    @property
    def dated(self) -> list[Entry]:
        return [e for e in self.entries if e.date]

    @property
    def undated(self) -> list[Entry]:
        return [e for e in self.entries if not e.date]


def build_site(entries: list[Entry], vocabulary: Vocabulary, drafts: bool = False,
               related_cache: Path | None = None) -> Site:
    """Group the published entries (and drafts, if asked) by region, topic and year, and find
    related entries (remembered in `related_cache`, if given, between builds). Rejected
    entries never appear."""
    shown = ("published", "draft") if drafts else ("published",)
    ordered = newest_first([e for e in entries if e.status in shown])
    regions = {name: Term(name, german_slug(name)) for name in REGIONS}
    topics = {t.name: _topic_term(t) for t in vocabulary.topics}
    years: dict[int, list[Entry]] = defaultdict(list)
    for entry in ordered:
        for region in entry.regions:
            regions[region].entries.append(entry)
        for topic in entry.topics:
            if topic in topics:
                topics[topic].entries.append(entry)
        if entry.date:
            years[entry.date.year].append(entry)
    return Site(ordered, list(regions.values()), list(topics.values()),
                dict(sorted(years.items(), reverse=True)), _related(ordered, related_cache))


def _related(ordered: list[Entry], cache: Path | None) -> dict[str, list[Entry]]:
    """`related_entries`, taken from the cache file when the order, places and topics of all
    entries (all it depends on) are as they were; an edit of a title or a text keeps them."""
    if cache is None:
        return related_entries(ordered)
    key = hashlib.sha256((_THIS_CODE + repr([(e.id, e.places, e.topics) for e in ordered])
                          ).encode()).hexdigest()
    try:
        cached_key, ids = marshal.loads(cache.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        cached_key, ids = None, {}
    if cached_key == key:
        by_id = {entry.id: entry for entry in ordered}
        return {id: [by_id[other] for other in others] for id, others in ids.items()}
    related = related_entries(ordered)
    write_cache(cache, marshal.dumps(
        (key, {id: [e.id for e in others] for id, others in related.items()})))
    return related


def _topic_term(topic: Topic) -> Term:
    return Term(topic.name, topic.slug, topic.description)


def related_entries(ordered: list[Entry]) -> dict[str, list[Entry]]:
    """For each entry, up to five others sharing places (2 points) and topics (1 point); ties
    go to the entry nearest in date order, then to the newer one.

    Uses an inverted index and looks only at the nearest entries of each shared place or
    topic, so the cost grows with the number of entries, not with its square.
    """
    places: dict[str, list[int]] = defaultdict(list)  # place -> positions of its entries
    topics: dict[str, list[int]] = defaultdict(list)
    for index, entry in enumerate(ordered):
        for place in entry.places:
            places[place].append(index)
        for topic in entry.topics:
            topics[topic].append(index)
    count = len(ordered)
    related: dict[str, list[Entry]] = {}
    for index, entry in enumerate(ordered):
        scores: dict[int, int] = {}
        for place in entry.places:
            for other in _nearest(places[place], index):
                scores[other] = scores.get(other, 0) + 2
        for topic in entry.topics:
            for other in _nearest(topics[topic], index):
                scores[other] = scores.get(other, 0) + 1
        scores.pop(index, None)
        # One integer per candidate orders like (-score, distance, position): no key function;
        # a plain sort of some forty numbers is quicker than a heap.
        ranks = sorted([(-score * count + abs(other - index)) * count + other
                        for other, score in scores.items()])
        related[entry.id] = [ordered[rank % count] for rank in ranks[:RELATED_MAX]]
    return related


def _nearest(posting: list[int], index: int) -> list[int]:
    """The entries of a posting list closest (in date order) to `index`."""
    if len(posting) <= _NEIGHBOURS:
        return posting
    middle = bisect_left(posting, index)
    start = max(0, min(middle - _NEIGHBOURS // 2, len(posting) - _NEIGHBOURS))
    return posting[start:start + _NEIGHBOURS]
