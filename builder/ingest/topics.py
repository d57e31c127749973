"""An item's topics from the keyword rules of `content/topics.yaml`, matched on the German
analysis of the search (`builder.search.analysis`: trimmer, stop words, stemmer, compounds).

A keyword word matches a word of the text with the same stem ("Schule": "Schulen",
"Schüler"), or one that holds it as a compound part: a part the search's splitter finds
("Glasfaser" in "Glasfaserausbau"), or a stretch between such parts ("Schul" beside
"träger" in "Schulträgern"), down to the parts of parts. Parts are nouns of five letters or
more, so a short keyword never matches letters inside an unrelated word ("KI": not "Kiel").
In a keyword of several words, the words match a row of the text's words, the first ones
by stem only and the last one also as the head of a compound ("digitale Verwaltung":
"digitale Stadtverwaltung", not "digitale Verwaltungsleistungen"); joined by hyphens, the
last one as any part ("IT-Sicherheit": "IT-Sicherheitsgesetz"). As in the search, hyphens
separate words and stop words are left out. A word with `*` matches by spelling.

Every distinct word of the texts is analysed once, to the keyword words it matches (bits of
an int); scoring a text is then a dictionary lookup per word.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import compress, count
from pathlib import Path
from typing import cast

from builder.errors import DigestError
from builder.model import Entry
from builder.search.analysis import Analyzer, load_lunr_german, normalise_text, tokens
from builder.search.compounds import CompoundSplitter
from builder.taxonomy import Vocabulary, load_vocabulary

FIELDS = (("title", 3), ("summary", 2), ("body", 1))  # what a keyword found there counts
LUNR_GERMAN = Path("lunr-languages/lunr.de.js")
MIN_INNER = 3  # letters of a stretch inside a compound that may be a word
STOP = -1      # the bits of a stop word, which is left out of the word sequence
WHOLE, HEAD, PART = "whole", "head", "part"  # how a keyword word may match a text word
_MARKDOWN_ESCAPE = re.compile(r"\\(.)")
_TOKEN = re.compile(r"[^\s-]+")  # a token of `tokens`, as written and where


@dataclass(frozen=True, eq=False)
class Keyword:
    """One keyword of a topic: its text in topics.yaml and the bit of each of its words."""
    topic: int
    text: str
    words: tuple[int, ...]


@dataclass(frozen=True)
class Hit:
    """A keyword found in a field of an item, with the words of the text it matched first."""
    keyword: str
    words: str
    field: str


@dataclass(frozen=True)
class TopicScore:
    """A topic's score for an item, its hits, and whether the item gets the topic."""
    topic: str
    score: int
    hits: tuple[Hit, ...]
    given: bool


def boundaries(word: str, parts_of: Callable[[str], list[str]], depth: int = 2) -> set[int]:
    """Where the compound parts of `word` start and end, and those of the parts and of the
    stretches between them (without a linking "s": "kommunalfinanzierungs|plattform"),
    `depth` levels down."""
    found = {0, len(word)}
    if depth == 0:
        return found
    position = 0
    for part in parts_of(word):
        start = word.find(part, position)
        if start >= 0:
            position = start + len(part)
            found.update((start, position))
    cuts = sorted(found)
    for start, end in zip(cuts, cuts[1:]):
        if end - start < len(word):
            end -= end < len(word) and word[end - 1] == "s"
            inner = boundaries(word[start:end], parts_of, depth - 1)
            found.update(start + cut for cut in inner)
    return found


def inner_words(word: str, parts_of: Callable[[str], list[str]]) -> list[tuple[str, bool]]:
    """The stretches of a compound between two boundaries of its parts, at least MIN_INNER
    letters long, and whether each ends the word: "schulträgern" (part "schulträger", in it
    "träger") has "schul", "schulträger", "träger" and "trägern" (which ends it)."""
    cuts = sorted(boundaries(word, parts_of))
    return [(word[start:end], end == len(word)) for index, start in enumerate(cuts)
            for end in cuts[index + 1:] if MIN_INNER <= end - start < len(word)]


def plain_text(markdown: str) -> str:
    """An imported body as the text it was made from: backslash escapes and entities undone."""
    return html.unescape(_MARKDOWN_ESCAPE.sub(r"\1", markdown))


def entry_texts(entry: Entry) -> tuple[str, str, str]:
    """The title (with kicker), summary and body text of an entry, as the importer matches them."""
    title = " ".join(filter(None, (entry.kicker, entry.title)))
    return title, entry.summary, plain_text(entry.body)


class TopicMatcher:
    """Scores an item's title, summary and body against every topic's keywords."""

    def __init__(self, vocabulary: Vocabulary, analyzer: Analyzer,
                 source: Path | None = None) -> None:
        self.vocabulary = vocabulary
        self._analyzer = analyzer
        self._stem = Analyzer(analyzer.german).terms  # a word's own stem, without parts
        self._units: dict[str, dict[str, int]] = {WHOLE: {}, HEAD: {}, PART: {}}  # stem -> bit
        self._spellings: dict[str, tuple[re.Pattern, int]] = {}  # `*` word -> regex, bit
        self._exclusions = [0] * len(vocabulary.topics)  # per topic: bits of its excludes
        self._keywords: list[Keyword] = []
        for index, topic in enumerate(vocabulary.topics):
            for text in dict.fromkeys(topic.keywords):  # each once
                self._keywords.append(Keyword(index, text, self._keyword_bits(text, source)))
            for text in topic.exclude:
                for bit in self._keyword_bits(text, source):
                    self._exclusions[index] |= bit
        self._any_spelling = re.compile("|".join(spelling.pattern for spelling, _
                                                 in self._spellings.values()) or "(?!)")
        self._bits: dict[str, int] = {}                # text word -> bits of what it matches
        self._starting: dict[int, tuple[tuple[Keyword, ...], tuple[Keyword, ...]]] = {}
        self._pairs: dict[tuple[int, int], tuple[Keyword, ...]] = {}  # see `_candidates`

    def _keyword_bits(self, keyword: str, source: Path | None) -> tuple[int, ...]:
        """The bits of a keyword's words, stop words left out."""
        words = tokens(normalise_text(keyword))
        last = PART if len(keyword.split()) == 1 else HEAD
        bits = [self._word_bit(word, last if number == len(words) - 1 else WHOLE)
                for number, word in enumerate(words)]
        if not any(bits):
            raise DigestError(f"keyword {keyword!r} has only stop words, it can never match",
                              source, field="keywords")
        return tuple(filter(None, bits))

    def _word_bit(self, word: str, mode: str) -> int:
        """The bit of a keyword word matched by spelling (with `*`) or by its stem in `mode`
        (0 for a stop word); a new one if it is the first of its kind."""
        taken = len(self._spellings) + sum(map(len, self._units.values()))
        if "*" in word:
            spelling = re.compile(".*".join(map(re.escape, word.split("*"))))
            return self._spellings.setdefault(word, (spelling, 1 << taken))[1]
        stem = next(iter(self._stem(word)), None)
        return self._units[mode].setdefault(stem, 1 << taken) if stem else 0

    def prepare(self, texts: Iterable[str]) -> None:
        """Analyse every word of `texts` now, before the work is spread over processes (which
        then share what was learnt)."""
        known = self._bits
        words = {token for text in texts for token in tokens(normalise_text(text))}
        for token in words.difference(known):
            known[token] = self._analyse(token)

    @property
    def compounds(self) -> CompoundSplitter | None:
        """The compound splitter, which learns the words it splits (None: no splitting)."""
        return self._analyzer.compounds

    def topics(self, title: str, summary: str, body: str) -> list[str]:
        """The topics an item gets: the best scores, at most `max_topics` and each at least
        `min_share` of the best one, ties in file order."""
        totals = [0] * len(self.vocabulary.topics)
        for (_, weight), text in zip(FIELDS, (title, summary, body)):
            matches = self._matches(self._sequence(normalise_text(text)))
            for keyword in {keyword for keyword, _ in matches}:
                totals[keyword.topic] += weight
        return [self.vocabulary.topics[index].name
                for index, _, given in self._ranked(totals) if given]

    def scores(self, title: str, summary: str, body: str) -> list[TopicScore]:
        """Every topic whose keywords the item holds, best first, with the words they matched.
        A keyword counts once per field, with the field's weight."""
        hits: list[dict[tuple[str, str], Hit]] = [{} for _ in self.vocabulary.topics]
        totals = [0] * len(self.vocabulary.topics)
        for (field, weight), text in zip(FIELDS, (title, summary, body)):
            text = normalise_text(text)
            words = self._sequence(text)
            for keyword, position in self._matches(words):
                if (keyword.text, field) not in hits[keyword.topic]:
                    written = self._written(text, position, len(keyword.words))
                    hits[keyword.topic][keyword.text, field] = Hit(keyword.text, written, field)
                    totals[keyword.topic] += weight
        return [TopicScore(self.vocabulary.topics[index].name, total,
                           tuple(hits[index].values()), given)
                for index, total, given in self._ranked(totals)]

    def _ranked(self, totals: list[int]) -> list[tuple[int, int, bool]]:
        """(topic number, score, whether the item gets it) of the topics with a score, best
        first, ties in file order."""
        ranked = sorted((-total, index) for index, total in enumerate(totals) if total)
        least = self.vocabulary.min_share * -ranked[0][0] if ranked else 0
        return [(index, -negative, rank < self.vocabulary.max_topics and -negative >= least)
                for rank, (negative, index) in enumerate(ranked)]

    def words(self, text: str) -> Iterator[tuple[str, str]]:
        """(stem, word as written) of the text's words that are no stop words, and of their
        compound parts (capitalised)."""
        for token in _TOKEN.findall(normalise_text(text)):
            terms = self._analyzer.terms(token.lower())
            if terms:
                word = self._analyzer.german.trim(token)
                yield terms[0], word
                if self._analyzer.compounds is not None:
                    parts = self._analyzer.compounds.parts(word.lower())
                    yield from zip(terms[1:], map(str.capitalize, parts))

    def _sequence(self, text: str) -> list[int]:
        """The bits of the words of a normalised text, stop words left out."""
        words = tokens(text)
        known = self._bits
        found = list(map(known.get, words))
        if None in found:  # words not analysed yet (`prepare` analysed most)
            for token in set(words).difference(known):
                known[token] = self._analyse(token)
            found = list(map(known.get, words))
        return [bits for bits in cast(list[int], found) if bits != STOP]  # every word known now

    def _analyse(self, token: str) -> int:
        """The bits of the keyword words that a token matches (STOP for a stop word)."""
        terms = self._analyzer.terms(token)
        if not terms:
            return STOP
        whole, head, part = (self._units[mode] for mode in (WHOLE, HEAD, PART))
        bits = whole.get(terms[0], 0) | head.get(terms[0], 0) | part.get(terms[0], 0)
        word = self._analyzer.german.trim(token)
        if self._analyzer.compounds is not None:
            for inner, ends_word in inner_words(word, self._analyzer.compounds.parts):
                for stem in self._stem(inner):
                    bits |= part.get(stem, 0) | (head.get(stem, 0) if ends_word else 0)
        if self._any_spelling.fullmatch(word):
            for spelling, bit in self._spellings.values():
                if spelling.fullmatch(word):
                    bits |= bit
        return bits

    def _matches(self, words: list[int]) -> list[tuple[Keyword, int]]:
        """(keyword, position) of every match in a word sequence. A word counts once per
        topic: where keywords of a topic overlap, the one that starts first, then the
        longer one, wins."""
        found = []
        covered: dict[int, int] = {}  # topic -> position after its last match
        for position in compress(count(), words):  # the words that match a keyword word
            bits = words[position]
            following = words[position + 1] if position + 1 < len(words) else 0
            for keyword in self._candidates(bits, following):
                end = position + len(keyword.words)
                if covered.get(keyword.topic, 0) <= position and \
                        (end <= position + 2 or self._continues(keyword, words, position, end)):
                    covered[keyword.topic] = end
                    found.append((keyword, position))
        return found

    def _candidates(self, bits: int, following: int) -> tuple[Keyword, ...]:
        """The keywords that may match at a word with `bits` followed by one with
        `following`: their first two words fit, and their topic excludes neither word;
        longest first. Cached per `bits` (and per both for keywords of several words)."""
        starting = self._starting.get(bits)
        if starting is None:
            keywords = tuple(sorted(
                (keyword for keyword in self._keywords
                 if keyword.words[0] & bits and not self._exclusions[keyword.topic] & bits),
                key=lambda keyword: -len(keyword.words)))
            starting = self._starting[bits] = (
                keywords, tuple(keyword for keyword in keywords if len(keyword.words) == 1))
        keywords, single_words = starting
        if not following or len(keywords) == len(single_words):
            return single_words
        found = self._pairs.get((bits, following))
        if found is None:
            found = self._pairs[bits, following] = tuple(
                keyword for keyword in keywords if len(keyword.words) == 1 or
                keyword.words[1] & following and not self._exclusions[keyword.topic] & following)
        return found

    def _continues(self, keyword: Keyword, words: list[int], position: int, end: int) -> bool:
        """Whether the keyword's words after the second follow up to `end`, none excluded."""
        excluded = self._exclusions[keyword.topic]
        return end <= len(words) and all(
            bits & bit and not bits & excluded
            for bit, bits in zip(keyword.words[2:], words[position + 2:end]))

    def _written(self, text: str, position: int, length: int) -> str:
        """The words of a normalised text from the word at `position` (stop words not
        counted), `length` of them, as written."""
        spans = [match.span() for match in _TOKEN.finditer(text)]
        kept = [span for span, bits in zip(spans, map(self._bits.__getitem__, tokens(text)))
                if bits != STOP]
        return self._analyzer.german.trim(text[kept[position][0]:kept[position + length - 1][1]])


def lunr_german_file(content: Path) -> Path:
    """lunr.de.js in node_modules beside the content folder, else in this checkout: where
    the search takes it from, so that both analyse alike."""
    for folder in (content.resolve().parent, Path(__file__).resolve().parents[2]):
        if (folder / "node_modules" / LUNR_GERMAN).is_file():
            return folder / "node_modules" / LUNR_GERMAN
    return content.resolve().parent / "node_modules" / LUNR_GERMAN  # its loader says it is missing


def load_topic_matcher(content: Path) -> TopicMatcher:
    """The matcher for `content/topics.yaml`, with the search's analysis (compound parts
    cached in `.cache/compounds.marshal`, the search index's cache)."""
    path = content / "topics.yaml"
    splitter = CompoundSplitter(content.resolve().parent / ".cache" / "compounds.marshal")
    analyzer = Analyzer(load_lunr_german(lunr_german_file(content)), splitter)
    return TopicMatcher(load_vocabulary(path), analyzer, path)
