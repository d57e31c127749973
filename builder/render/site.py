"""The site model: every listing the pages need, computed once from the published entries."""
from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field

from builder.model import REGIONS, Entry, german_slug
from builder.taxonomy import Topic, Vocabulary

RELATED_MAX = 5
_NEIGHBOURS = 40  # per shared place or topic, only this many nearest entries are candidates


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

    def by_place(self) -> list[tuple[str, list[Entry]]]:
        """Entries grouped by place (alphabetical); entries naming no place come last."""
        groups: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries:
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


def build_site(entries: list[Entry], vocabulary: Vocabulary, drafts: bool = False) -> Site:
    """Group the published entries (and drafts, if asked) by region, topic and year, and find
    related entries. Rejected entries never appear."""
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
                dict(sorted(years.items(), reverse=True)), related_entries(ordered))


def _topic_term(topic: Topic) -> Term:
    return Term(topic.name, topic.slug, topic.description)


def related_entries(ordered: list[Entry]) -> dict[str, list[Entry]]:
    """For each entry, up to five others sharing places (2 points) and topics (1 point).

    Uses an inverted index and looks only at the nearest entries of each shared place or
    topic, so the cost grows with the number of entries, not with its square.
    """
    position = {entry.id: index for index, entry in enumerate(ordered)}
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, entry in enumerate(ordered):
        for place in entry.places:
            postings[("place", place)].append(index)
        for topic in entry.topics:
            postings[("topic", topic)].append(index)
    related: dict[str, list[Entry]] = {}
    for index, entry in enumerate(ordered):
        scores: dict[int, int] = defaultdict(int)
        keys = [("place", p) for p in entry.places] + [("topic", t) for t in entry.topics]
        for key in keys:
            weight = 2 if key[0] == "place" else 1
            for other in _nearest(postings[key], position[entry.id]):
                if other != index:
                    scores[other] += weight
        best = sorted(scores, key=lambda other: (-scores[other], abs(other - index), other))
        related[entry.id] = [ordered[other] for other in best[:RELATED_MAX]]
    return related


def _nearest(posting: list[int], index: int) -> list[int]:
    """The entries of a posting list closest (in date order) to `index`."""
    if len(posting) <= _NEIGHBOURS:
        return posting
    middle = bisect_left(posting, index)
    start = max(0, min(middle - _NEIGHBOURS // 2, len(posting) - _NEIGHBOURS))
    return posting[start:start + _NEIGHBOURS]
