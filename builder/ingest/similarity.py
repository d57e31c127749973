"""Near-duplicate stories: the same story on two pages under an edited title or lead.

Two stories are near-duplicates when they share a key (the kicker or a place), their dates
agree (the same date, or none on one side), they lie on different pages, and the adjacent
word pairs of their texts have a Jaccard similarity of at least `THRESHOLD`. Only stories
that share a key and a date (or are undated) are compared, so the work grows with the size
of those blocks, not with the square of the import.
"""
from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from itertools import combinations

THRESHOLD = 0.5  # at least half of all word pairs of the two texts are shared
_WORD = re.compile(r"\w+")
Shingles = frozenset[tuple[str, ...]]  # pairs of adjacent words (a one-word text: the word)


def shingles(text: str) -> Shingles:
    """The pairs of adjacent words of `text`, case-folded (source lines are NFC already);
    a one-word text is its word."""
    words = _WORD.findall(text.casefold())
    if len(words) < 2:
        return frozenset((word,) for word in words)
    return frozenset(zip(words, words[1:]))


def jaccard(a: Shingles, b: Shingles) -> float:
    """Shared shingles over all shingles of the two sets; 0.0 when both are empty."""
    shared = len(a & b)
    total = len(a) + len(b) - shared
    return shared / total if total else 0.0


@dataclass(frozen=True)
class Text:
    """A story's text: its lead (title and summary) and its body, if it has one."""
    lead: str
    body: str = ""

    @cached_property
    def lead_shingles(self) -> Shingles:
        return shingles(self.lead)

    @cached_property
    def all_shingles(self) -> Shingles:
        return shingles(f"{self.lead} {self.body}")


def similarity(a: Text, b: Text) -> float:
    """Jaccard similarity of the texts' word pairs; bodies count only when both have one,
    so a teaser is compared with an article's title and lead."""
    if a.body and b.body:
        return jaccard(a.all_shingles, b.all_shingles)
    return jaccard(a.lead_shingles, b.lead_shingles)


@dataclass(frozen=True)
class Profile:
    """What near-duplicate detection knows of one story besides its keys."""
    location: tuple[str, int]      # its first source line: unique, and the same in any order
    pages: frozenset[str]          # the source pages of its items
    date: datetime.date | None
    text: Text


@dataclass(frozen=True)
class Link:
    """Two near-duplicate stories (by index) and their similarity."""
    first: int
    second: int
    similarity: float


def candidate_pairs(keys: list[set[str]], dates: list[datetime.date | None]
                    ) -> set[tuple[int, int]]:
    """Index pairs (i < j) of stories that share a key (`keys[i]`: kicker and places) and whose
    dates agree: the same date, or none on one side. Only these pairs are ever compared."""
    by_key: dict[str, list[int]] = defaultdict(list)
    undated_by_key: dict[str, list[int]] = defaultdict(list)
    by_key_and_date: dict[tuple[str, datetime.date], list[int]] = defaultdict(list)
    for index, (story_keys, date) in enumerate(zip(keys, dates, strict=True)):
        for key in story_keys:
            by_key[key].append(index)
            if date is None:
                undated_by_key[key].append(index)
            else:
                by_key_and_date[(key, date)].append(index)
    pairs: set[tuple[int, int]] = set()
    for members in by_key_and_date.values():
        pairs.update(combinations(members, 2))
    for key, undated in undated_by_key.items():
        for index in undated:
            pairs.update((min(index, other), max(index, other))
                         for other in by_key[key] if other != index)
    return pairs


def near_duplicate_groups(pairs: set[tuple[int, int]], profiles: dict[int, Profile]
                          ) -> tuple[list[list[int]], list[Link]]:
    """The groups of two or more near-duplicate stories among the candidate `pairs` (indices
    in order; groups in order of their first index), and the links that joined them.

    `profiles` holds every index of `pairs`. The most similar pairs are linked first; a link
    that would put two stories of one page, or two different dates, into one group is left
    out. The groups do not depend on the order of the stories.
    """
    scored = []
    for i, j in pairs:
        first, second = profiles[i], profiles[j]
        if first.pages.isdisjoint(second.pages) and \
                (score := similarity(first.text, second.text)) >= THRESHOLD:
            scored.append((-score, *sorted((first.location, second.location)), i, j))
    root = {index: index for index in profiles}
    pages = {index: profile.pages for index, profile in profiles.items()}
    dates = {index: profile.date for index, profile in profiles.items()}

    def find(index: int) -> int:
        while root[index] != index:
            root[index] = root[root[index]]
            index = root[index]
        return index

    links = []
    for negative_score, _, _, i, j in sorted(scored):
        a, b = find(i), find(j)
        if a != b and _may_join(pages[a], dates[a], pages[b], dates[b]):
            root[b] = a
            pages[a] |= pages[b]
            dates[a] = dates[a] or dates[b]
            links.append(Link(i, j, -negative_score))
    groups: dict[int, list[int]] = {}
    for index in sorted(profiles):
        groups.setdefault(find(index), []).append(index)
    return [group for group in groups.values() if len(group) > 1], links


def _may_join(pages_a: frozenset[str], date_a: datetime.date | None,
              pages_b: frozenset[str], date_b: datetime.date | None) -> bool:
    """Two groups may become one: no page in common, and at most one date between them."""
    return pages_a.isdisjoint(pages_b) and (date_a is None or date_b is None or date_a == date_b)
