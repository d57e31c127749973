"""The words the index is computed from: per entry, its index tokens counted per field; per
distinct token, its analysis. Both are cached in `.cache/search-words.marshal` (a
`builder.cache` file) by the SHA-256 of the entry's file, so that a rebuild tokenises and
analyses only new and changed entries.

An entry's words are packed as one `uint32` array of two rows, token codes (token number ×
4 + field) and counts, in the order of first appearance per field: what
`builder.search.postings` reads without a step per word in Python.
"""
from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

import numpy as np

from builder import cache
from builder.model import Entry
from builder.search.analysis import Analyzer, normalise_text

FIELD_NAMES = ("title", "terms", "summary", "body")  # the order of a code's field number
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


def counted_tokens(text: str) -> Counter[str]:
    """The words a text is indexed by, counted: its `tokens`, and each hyphenated word also
    joined ("E-Government" also as "egovernment"), as readers type it either way.

    Counted by whitespace-separated words first, which are then split at their hyphens: the
    same counts as counting `tokens(text)` and the joined words, at a third of the cost (a
    step per distinct hyphenated word, not per word)."""
    counted = Counter(text.lower().split())
    if "-" in text:
        for word in [word for word in counted if "-" in word]:
            count = counted.pop(word)
            for piece in word.split("-"):
                if piece:
                    counted[piece] += count
            for joined in _HYPHENATED.findall(word):
                counted[joined.replace("-", "")] += count
    return counted


def counted_words(entry: Entry) -> list[Counter[str]]:
    """Per field of FIELD_NAMES: index token -> how often the entry has it there."""
    return [counted_tokens(normalise_text(text)) for text in field_texts(entry)]


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
        self._used: set[str] = set()
        self._dirty = stored is None

    def words_of(self, entry: Entry, digest: str | None) -> np.ndarray:
        """The packed words of an entry whose file has `digest` (None: not cached)."""
        packed = self._packed.get(digest) if digest else None
        if packed is None:
            packed = self._pack(counted_words(entry))
            if digest:
                self._packed[digest] = packed
                self._dirty = True
        if digest:
            self._used.add(digest)
        return np.frombuffer(packed, dtype=np.uint32).reshape(2, -1)

    def _pack(self, fields: list[Counter[str]]) -> bytes:
        numbers = self._numbers
        codes: list[int] = []
        counts: list[int] = []
        for field, counted in enumerate(fields):
            for token in [token for token in counted if token not in numbers]:
                self._add(token)  # (not `keys() - keys()`: that walks every known token)
            codes += [numbers[token] * 4 + field for token in counted]
            counts += counted.values()
        return np.array([codes, counts], dtype=np.uint32).tobytes()

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
