"""Near-duplicate stories: the same story on two pages under an edited title or lead.

Contract. Two stories are near-duplicates, and become one entry, when
- they share a key: the kicker or a place (case-folded);
- their dates agree: the same date, or none on one side;
- they lie on different pages; and
- their texts share content words of at least `MIN_SHARED` weight, and `similarity` of at
  least `THRESHOLD`, words common to the compared stories left out (`common_words`).
Only stories that share a key and agree on the date are ever compared (`candidate_pairs`),
so the work grows with the size of those blocks, not with the square of the import. A
different story under the same kicker on another date is never compared.

A rewritten title or lead keeps the facts of a story (its nouns, names and numbers) and
changes the words around them, so texts are compared as sets of content words, not as word
sequences: the words of the title, summary and body, German stop words left out, folded and
stemmed as the search does (`builder.search.analysis`: "Bürger*innen" and "Bürgern" are
"burg"); a number ("1.200", "4,2") is one word. A word written in lower case (a verb,
adjective or adverb, which a rewrite changes most) weighs `LOWER_CASE_WEIGHT`; a capitalised
word (a noun or name) or a number weighs 1. The similarity is the weight of the words two
texts share over the weight of the lighter text (the overlap coefficient): a teaser whose
words all recur in an article is as similar to it as a copy of itself.

Two guards keep different stories of one place apart. The shared words must weigh at least
`MIN_SHARED`: a place and a topic word recur in many stories of one place, so a one-line
item whose few words recur in an article is no evidence. And in a large import, words that
many of the compared stories use (the vocabulary of the field: "digital", "Verwaltung") are
left out on both sides, so that a common vocabulary is not taken for a common story; a
small import, in which no word reaches `COMMON_MIN` stories, keeps every word.
"""
from __future__ import annotations

import datetime
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import combinations

from builder.search.analysis import Analyzer, LunrGerman, normalise_text

THRESHOLD = 0.5          # at least half of the lighter text's words recur in the other one
LOWER_CASE_WEIGHT = 0.5  # a verb, adjective or adverb, against a noun, a name or a number
MIN_SHARED = 6.0         # the least weight two near-duplicates share: six nouns
COMMON_SHARE = 0.05      # a word that one in twenty of the compared stories use is common,
COMMON_MIN = 20          # if they are twenty or more
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|\w+")  # a number with its separators, or a word
# German function words: articles, pronouns, prepositions, conjunctions, auxiliary and modal
# verbs, particles. The search reads its stop words from lunr.de.js in the project's
# node_modules; this comparison must not depend on a project folder, so it has its own list.
STOP_WORDS = frozenset("""
    der die das des dem den ein eine einer eines einem einen
    kein keine keiner keines keinem keinen
    ich du er sie es wir ihr mich dich sich uns euch mir dir ihm ihn ihnen man
    mein meine meiner meinem meinen dein deine sein seine seiner seines seinem seinen
    ihre ihrer ihres ihrem ihren unser unsere unserer unseres unserem unseren euer eure
    dieser diese dieses diesem diesen jener jene jenes jede jeder jedes jedem jeden
    welcher welche welches welchem welchen was wer wen wem wessen wie wo woher wohin warum
    an am auf aus bei beim bis durch für gegen hinter in im ins mit nach neben ohne seit
    über um unter vom von vor während wegen zu zum zur zwischen ab per pro samt laut
    und oder aber sondern denn doch sowie als ob dass weil wenn damit sodass sowohl weder noch
    bin bist ist sind seid war warst waren wart wäre wären gewesen
    habe hast hat haben habt hatte hatten hätte hätten gehabt
    werde wirst wird werden werdet wurde wurden würde würden geworden worden
    kann kannst können könnt konnte konnten könnte könnten
    muss musst müssen müsst musste mussten darf dürfen durfte mag mögen möchte möchten
    soll sollst sollen sollt sollte sollten will willst wollen wollt wollte wollten
    nicht nur auch noch schon so sehr mehr nun dann da hier dort dabei dafür dazu davon
    darauf daran darin etwa zudem ebenfalls bereits jetzt ganz rund
    alle allen aller alles andere anderen anderer anderes etwas viel viele vielen
""".split())
_ANALYZER = Analyzer(LunrGerman(word_characters=r"\w", stop_words=STOP_WORDS))

Words = Mapping[str, float]  # a text's content words (stems and numbers) and their weights


def content_words(text: str) -> Words:
    """The content words of `text` with their weights (see the module's docstring); a word
    written both ways weighs as its capitalised form."""
    words: dict[str, float] = {}
    for token in _TOKEN.findall(normalise_text(text)):
        if found := content_word(token):
            word, weight = found
            if weight > words.get(word, 0.0):
                words[word] = weight
    return words


@lru_cache(maxsize=1 << 16)
def content_word(token: str) -> tuple[str, float] | None:
    """A token's content word and its weight: a number as written, weight 1; a word's stem,
    weight 1 if it is capitalised, else `LOWER_CASE_WEIGHT`; None for a stop word or a single
    letter."""
    if token[0].isdigit():
        return token, 1.0
    stem = next(iter(_ANALYZER.terms(token.lower())), "")
    if len(stem) < 2:
        return None
    return stem, 1.0 if token[0].isupper() else LOWER_CASE_WEIGHT


def common_words(texts: list[Words]) -> frozenset[str]:
    """The words that at least `COMMON_SHARE` of the `texts`, and at least `COMMON_MIN` of
    them, hold: the vocabulary of a field or a place, no evidence of one story."""
    counts = Counter(word for words in texts for word in words)
    least = max(COMMON_MIN, COMMON_SHARE * len(texts))
    return frozenset(word for word, count in counts.items() if count >= least)


def overlap(a: Words, b: Words, common: frozenset[str] = frozenset()) -> tuple[float, float]:
    """The weight of the words that `a` and `b` share (the lower of their two weights), and
    the weight of the lighter of the two; `common` words left out."""
    if len(b) < len(a):
        a, b = b, a
    shared = sum(min(weight, b[word]) for word, weight in a.items()
                 if word in b and word not in common)
    lighter = min(sum(weight for word, weight in words.items() if word not in common)
                  for words in (a, b))
    return shared, lighter


@dataclass(frozen=True)
class Text:
    """A story's text: its lead (title and summary) and its body, if it has one."""
    lead: str
    body: str = ""

    @cached_property
    def words(self) -> Words:
        """The content words of the lead and the body."""
        return content_words(f"{self.lead} {self.body}")


def similarity(a: Text, b: Text) -> float:
    """How far two texts tell the same facts: the weight of the content words they share over
    that of the lighter text (1.0: all its words recur in the other one; 0.0 when one has
    none)."""
    shared, lighter = overlap(a.words, b.words)
    return shared / lighter if lighter else 0.0


def near_duplicate_similarity(a: Text, b: Text, common: frozenset[str]) -> float:
    """The `similarity` of two texts with their `common` words left out, if the words they
    share still weigh at least `MIN_SHARED`; else 0.0."""
    shared, lighter = overlap(a.words, b.words, common)
    return shared / lighter if shared >= MIN_SHARED else 0.0


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

    `profiles` holds every index of `pairs`; the words common to their texts (`common_words`)
    are left out of every comparison. The most similar pairs are linked first; a link that
    would put two stories of one page, or two different dates, into one group is left out.
    The groups do not depend on the order of the stories.
    """
    common = common_words([profile.text.words for profile in profiles.values()])
    # (negated similarity, the earlier and the later location, i, j): sorted, most similar first
    scored: list[tuple[float, tuple[str, int], tuple[str, int], int, int]] = []
    for i, j in pairs:
        first, second = profiles[i], profiles[j]
        if first.pages.isdisjoint(second.pages) and \
                (score := near_duplicate_similarity(first.text, second.text, common)) >= THRESHOLD:
            earlier, later = sorted((first.location, second.location))
            scored.append((-score, earlier, later, i, j))
    root = {index: index for index in profiles}
    pages = {index: profile.pages for index, profile in profiles.items()}
    dates = {index: profile.date for index, profile in profiles.items()}

    def find(index: int) -> int:
        while root[index] != index:
            root[index] = root[root[index]]
            index = root[index]
        return index

    links: list[Link] = []
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
