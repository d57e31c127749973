"""The words the index is computed from: per entry, its index tokens counted per field; per
distinct token, its analysis. Both are cached in `.cache/search-words.marshal` (a
`builder.cache` file) by the SHA-256 of the entry's file, so that a rebuild tokenises and
analyses only new and changed entries.

An entry's words are packed as one `uint32` array of two rows, token codes (token number ×
4 + field) and counts, by field: what `builder.search.postings` reads without a step per word
in Python. A code may stand more than once (its counts add up): a text is counted by its raw
words ("Digital", "digital,"), and each distinct raw word is turned into tokens once per run,
not once per entry (a speed trick: a test proves the counts equal to counting the tokens of
the whole text).
"""
from __future__ import annotations

import html
import re
from collections import Counter
from itertools import chain, repeat
from pathlib import Path

import numpy as np

from builder import cache
from builder.model import Entry
from builder.search.analysis import Analyzer, normalise_text

FIELD_NAMES = ("title", "terms", "summary", "body")  # the order of a code's field number
BATCH = 500  # entries counted and packed together (a few array operations per batch)
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")
_HYPHENATED = re.compile(r"[^\s-]+(?:-[^\s-]+)+")

Analysed = tuple[str, str, tuple[str, ...]]  # form, term, terms of its compound parts


def plain_body(markdown_text: str) -> str:
    """Body text for indexing: Markdown escapes and entities resolved."""
    if "\\" in markdown_text:
        markdown_text = _MARKDOWN_ESCAPE.sub(r"\1", markdown_text)
    return html.unescape(markdown_text)


def field_texts(entry: Entry) -> tuple[str, str, str, str]:
    """The indexed texts of an entry, in the order of FIELD_NAMES: title with kicker; places,
    regions and topics; summary; body."""
    return (f"{entry.kicker or ''} {entry.title}", " ".join((*entry.places, *entry.regions, *entry.topics)),
            entry.summary, plain_body(entry.body))


def raw_words(text: str) -> Counter[bytes]:
    """A text's words as they stand, split at ASCII whitespace, counted (in UTF-8: splitting and
    counting bytes is faster than text; `word_tokens` splits at any other whitespace)."""
    return Counter(text.encode("utf-8", "surrogatepass").split())


def word_tokens(word: bytes) -> Counter[str]:
    """The index tokens of one raw word, counted: its gender forms joined (`normalise_text`),
    lower case, split at whitespace and hyphens, and a hyphenated word also joined
    ("E-Government" also as "egovernment"), as readers type it either way."""
    text = normalise_text(word.decode("utf-8", "surrogatepass")).lower()
    counted = Counter(text.replace("-", " ").split())
    if "-" in text:
        counted.update(joined.replace("-", "") for joined in _HYPHENATED.findall(text))
    return counted


class WordStore:
    """Tokens numbered in the order first seen, with their analyses, and the packed words of
    entries by their file's digest; read from `cache_file` unless `read` is False (`digest build
    --clean`), written by `save`. Without a cache file (tests), nothing is kept between runs."""

    def __init__(self, analyzer: Analyzer, cache_file: Path | None = None, read: bool = True,
                 settings: bytes = b"") -> None:
        self.analyzer = analyzer
        self._cache_file = cache_file
        self._key = cache.validity_key("search-words", settings)
        stored = cache.read(cache_file, self._key) if cache_file and read else None
        self.tokens: list[str] = stored[0] if stored else []
        self.analyses: list[Analysed | None] = stored[1] if stored else []
        self._packed: dict[str, bytes] = stored[2] if stored else {}
        self._numbers = {token: number for number, token in enumerate(self.tokens)}
        self._raw: dict[bytes, tuple[int, ...]] = {}  # raw word -> `_numbered` tokens
        self._used: set[str] = set()
        self._dirty = stored is None

    def words_of(self, entries: list[Entry], digests: dict[str, str]) -> list[np.ndarray]:
        """The packed words of `entries`, in order (`digests`: entry id -> SHA-256 of its file;
        entries without one are not cached); those not cached are counted now, in batches."""
        cached = [self._packed.get(digests.get(entry.id, "")) for entry in entries]
        missing = [number for number, found in enumerate(cached) if found is None]
        batches = (missing[start:start + BATCH] for start in range(0, len(missing), BATCH))
        counted = dict(zip(missing, chain.from_iterable(
            self._pack([[raw_words(text) for text in field_texts(entries[number])] for number in batch])
            for batch in batches)))
        for number, found in counted.items():
            if entries[number].id in digests:
                self._packed[digests[entries[number].id]] = found
                self._dirty = True
        self._used.update(digests[entry.id] for entry in entries if entry.id in digests)
        return [np.frombuffer(counted[number] if found is None else found, dtype=np.uint32).reshape(2, -1)
                for number, found in enumerate(cached)]

    def _pack(self, entries: list[list[Counter[bytes]]]) -> list[bytes]:
        """The packed words of entries given as their fields' counted raw words: a few array
        operations per batch rather than per entry."""
        known = self._raw
        fields = list(chain.from_iterable(entries))
        for counted in fields:
            if not counted.keys() <= known.keys():  # (a test in C; most words are known)
                for word in [word for word in counted if word not in known]:
                    known[word] = self._numbered(word_tokens(word))
        numbers = list(map(known.__getitem__, chain.from_iterable(fields)))  # per raw word
        sizes = np.array(list(map(len, numbers)), dtype=np.int64)  # its tokens
        words_per_field = np.array(list(map(len, fields)), dtype=np.int64)
        field_of_word = np.repeat(np.tile(np.arange(len(FIELD_NAMES)), len(entries)), words_per_field)
        codes = np.array(list(chain.from_iterable(numbers)), dtype=np.int64) * 4
        codes += np.repeat(field_of_word, sizes)
        counts = np.array(list(chain.from_iterable(counted.values() for counted in fields)), dtype=np.int64)
        rows = np.stack([codes, np.repeat(counts, sizes)]).astype(np.uint32)
        words_per_entry = words_per_field.reshape(-1, len(FIELD_NAMES)).sum(axis=1)
        entry_of_word = np.repeat(np.arange(len(entries)), words_per_entry)
        ends = np.cumsum(np.bincount(entry_of_word, weights=sizes, minlength=len(entries))).astype(np.int64)
        return [rows[:, start:end].tobytes() for start, end in zip([0, *ends[:-1]], ends)]

    def _numbered(self, counted: Counter[str]) -> tuple[int, ...]:
        """The numbers of counted tokens, each as often as counted (new ones numbered and
        analysed)."""
        for token in counted:
            if token not in self._numbers:
                self._add(token)
        numbers = self._numbers
        return tuple(chain.from_iterable(repeat(numbers[token], count) for token, count in counted.items()))

    def _add(self, token: str) -> None:
        """Number a token not seen before, and analyse it."""
        self._numbers[token] = len(self.tokens)
        self.tokens.append(token)
        found = self.analyzer.analyse(token)
        self.analyses.append((found[0], found[1], tuple(found[2])) if found else None)

    def save(self) -> None:
        """Write the cache with the words of the entries used since it was read (best effort)."""
        unused = self._packed.keys() - self._used
        if self._cache_file and (self._dirty or unused):
            for digest in unused:
                del self._packed[digest]
            cache.write(self._cache_file, self._key, (self.tokens, self.analyses, self._packed))
            self._dirty = False
