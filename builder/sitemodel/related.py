"""Related entries: for each entry, the others nearest to it in shared places and topics."""
from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from pathlib import Path

from builder import cache
from builder.model import Entry

RELATED_MAX = 5
_NEIGHBOURS = 20  # per shared place or topic, only this many nearest entries are candidates


def related_with_cache(ordered: list[Entry], path: Path | None) -> dict[str, list[Entry]]:
    """`related_entries`, kept between builds in the cache file `path`, if given: after a
    change only the entries near a changed one in a shared place or topic are ranked again."""
    if path is None:
        return related_entries(ordered)
    signatures = [_signature(entry) for entry in ordered]
    key = cache.validity_key("related")
    stored = cache.read(path, key)
    if stored is None:
        ids = _ids(_ranked(ordered, signatures, range(len(ordered))))
    else:
        old_signatures, ids = stored
        if old_signatures != signatures:
            again = _affected(old_signatures, signatures)
            for id in again:
                ids.pop(id, None)
            ids.update(_ids(_ranked(ordered, signatures,
                                    [i for i, s in enumerate(signatures) if s[0] in again])))
    if stored is None or stored[0] != signatures:
        cache.write(path, key, (signatures, ids))
    by_id = {entry.id: entry for entry in ordered}
    return {id: [by_id[other] for other in others] for id, others in ids.items()}


def _ids(related: dict[str, list[Entry]]) -> dict[str, list[str]]:
    """The related entries by id, as the cache keeps them."""
    return {id: [entry.id for entry in others] for id, others in related.items()}


def _signature(entry: Entry) -> tuple:
    """All of an entry that related entries depend on: its id, its place in the date order
    (`newest_first`), its places and topics."""
    order = entry.date.toordinal() if entry.date else entry.title.casefold()
    return entry.id, order, entry.places, entry.topics


def _affected(old: list[tuple], new: list[tuple]) -> set[str]:
    """Ids whose related entries may differ between the entries with signatures `old` and
    those with `new` (both newest first): the changed entries, and in every place or topic of
    a changed entry those within `_NEIGHBOURS` positions of it, before or after the change.
    Any other entry has the same nearest neighbours in each of its places and topics, and
    with them the same scores and distances (tests/test_related.py checks this against
    ranking all entries again)."""
    before = {signature[0]: signature for signature in old}
    changed = []  # signatures of changed entries, before and after
    for signature in new:
        previous = before.pop(signature[0], None)
        if previous != signature:
            changed += [signature] if previous is None else [signature, previous]
    changed += before.values()  # removed entries
    changed_ids = {signature[0] for signature in changed}
    places = {place for signature in changed for place in signature[2]}
    topics = {topic for signature in changed for topic in signature[3]}
    affected = set(changed_ids)
    for signatures in (old, new):
        for posting in _postings_of(signatures, places, topics):
            for at, id in enumerate(posting):
                if id in changed_ids:  # entries this near may have it among their nearest
                    affected.update(posting[max(0, at - _NEIGHBOURS):at + _NEIGHBOURS + 1])
    return affected


def _postings_of(signatures: list[tuple], places: set[str], topics: set[str]) -> list[list[str]]:
    """For each of the given places and topics, the ids of its entries in the given order."""
    by_place: dict[str, list[str]] = defaultdict(list)
    by_topic: dict[str, list[str]] = defaultdict(list)
    for id, _, entry_places, entry_topics in signatures:
        for place in entry_places:
            if place in places:
                by_place[place].append(id)
        for topic in entry_topics:
            if topic in topics:
                by_topic[topic].append(id)
    return [*by_place.values(), *by_topic.values()]


def related_entries(ordered: list[Entry]) -> dict[str, list[Entry]]:
    """For each entry, up to five others sharing places (2 points) and topics (1 point); ties
    go to the entry nearest in date, then to the newer one (undated entries are farthest from
    all others).

    Looks only at the nearest entries of each shared place or topic (an inverted index), so
    the cost grows with the number of entries, not with its square; and an entry's list
    depends only on those neighbourhoods, not on entries elsewhere in the archive.
    """
    return _ranked(ordered, [_signature(entry) for entry in ordered], range(len(ordered)))


def _ranked(ordered: list[Entry], signatures: list[tuple], indexes) -> dict[str, list[Entry]]:
    """`related_entries` of the entries at `indexes` of `ordered` (with their `_signature`s)."""
    places: dict[str, list[int]] = defaultdict(list)  # place -> positions of its entries
    topics: dict[str, list[int]] = defaultdict(list)
    for index, (_, _, entry_places, entry_topics) in enumerate(signatures):
        for place in entry_places:
            places[place].append(index)
        for topic in entry_topics:
            topics[topic].append(index)
    # Day numbers of dated entries (the first ones, newest first); None for undated ones.
    days = [order if type(order) is int else None for _, order, _, _ in signatures]
    dated_count = len(days) - days.count(None)
    far = 1  # the distance to an undated entry
    if dated_count:
        newest, oldest = days[0], days[dated_count - 1]
        assert newest is not None and oldest is not None  # the dated entries come first
        far = newest - oldest + 1
    count = len(ordered)
    related: dict[str, list[Entry]] = {}
    for index in indexes:
        id, _, entry_places, entry_topics = signatures[index]
        scores: dict[int, int] = {}
        for place in entry_places:
            for other in _nearest(places[place], index):
                scores[other] = scores.get(other, 0) + 2
        for topic in entry_topics:
            for other in _nearest(topics[topic], index):
                scores[other] = scores.get(other, 0) + 1
        scores.pop(index, None)
        day = days[index]
        # One integer per candidate orders like (-score, distance, position): no key function;
        # a plain sort of some forty numbers is quicker than a heap.
        ranks = sorted([(-score * (far + 1) + (far if day is None or days[other] is None
                                               else abs(days[other] - day))) * count + other
                        for other, score in scores.items()])
        related[id] = [ordered[rank % count] for rank in ranks[:RELATED_MAX]]
    return related


def _nearest(posting: list[int], index: int) -> list[int]:
    """The entries of a posting list closest (in date order) to `index`."""
    if len(posting) <= _NEIGHBOURS:
        return posting
    middle = bisect_left(posting, index)
    start = max(0, min(middle - _NEIGHBOURS // 2, len(posting) - _NEIGHBOURS))
    return posting[start:start + _NEIGHBOURS]
