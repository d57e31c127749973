"""German compound parts ("digitalstrategie" -> "digital", "strategie") for the index, so that
a search for "Strategie" finds "Digitalstrategie".

Parts come from german-nouns (a Wiktionary noun list with a compound parser). Its guesses are
kept only where they line up with the word: a part must start the word, end it, or follow a
kept part (after a linking "s", "es", "n", "en" or "e"), and be at least five letters long
(shorter ones, like "Burg" in "Hamburg", mostly add noise).
That drops noise such as "Tal" in "Digi|tal|strategie". Results are cached per word in
`.cache/compounds.marshal` (a `builder.cache` file); the noun list itself is cached in the
user's cache folder in a slim form (the two columns the parser reads), which loads in a fifth
of a second instead of two.
"""
from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from builder import cache

_LINKS = ("", "s", "es", "n", "en", "e")
MIN_PART = 5
MIN_WORD = 8


class CompoundParser(Protocol):
    """What the splitter uses of german-nouns' `Nouns` (an untyped library)."""

    def parse_compound(self, word: str) -> Iterable[str]: ...


def aligned_parts(word: str, parts: list[str]) -> list[str]:
    """The parts (lower case) that line up with `word` as described above."""
    word = word.lower()
    kept: list[str] = []
    position = 0
    for part in (p.lower() for p in parts if len(p) >= MIN_PART):
        links = _LINKS if kept else ("",)  # the first part must start the word
        start = next((position + len(link) for link in links
                      if word.startswith(part, position + len(link))), None)
        if start is not None and part != word:
            kept.append(part)
            position = start + len(part)
        elif word.endswith(part) and part != word:  # the head, after unrecognised parts
            kept.append(part)
            position = len(word)
    return kept


class CompoundSplitter:
    """Compound parts of words, from german-nouns, with a persistent per-word cache (read
    unless `read` is False: `digest build --clean`; written in either case)."""

    def __init__(self, cache_file: Path | None, read: bool = True) -> None:
        self._cache_file = cache_file
        self._read = read
        stored = cache.read(cache_file, _key()) if cache_file and read else None
        self._cache: dict[str, list[str]] = stored if stored is not None else {}
        self._nouns: CompoundParser | None = None
        self._dirty = stored is None  # a missing or unusable file is written again
        self._learned: dict[str, list[str]] = {}

    def parts(self, word: str) -> list[str]:
        """Parts of a lower-case word (empty for short or simple words)."""
        if len(word) < MIN_WORD or not word.isalpha():
            return []
        if word not in self._cache:
            self._cache[word] = self._learned[word] = aligned_parts(word, self._parse(word))
            self._dirty = True
        return self._cache[word]

    def take(self) -> dict[str, list[str]]:
        """The words split since the last call (a worker process hands them back: this is a
        `builder.runtime.Collector`)."""
        learned, self._learned = self._learned, {}
        return learned

    def merge(self, words: dict[str, list[str]]) -> None:
        """Add words split elsewhere (in a worker process) to the cache."""
        if words:
            self._cache.update(words)
            self._dirty = True

    def _parse(self, word: str) -> list[str]:
        if self._nouns is None:
            self._nouns = _load_nouns(user_cache(), self._read)
        return list(self._nouns.parse_compound(word))

    def save(self) -> None:
        """Write the cache if it learnt new words (best effort: a read-only tree is fine)."""
        if self._dirty and self._cache_file:
            cache.write(self._cache_file, _key(), self._cache)
            self._dirty = False


def _key() -> str:
    return cache.validity_key("compounds")


def user_cache() -> Path:
    """The per-user cache folder for data derived from installed packages, not from the
    content (`$XDG_CACHE_HOME/kommunal-digest`, by default `~/.cache/kommunal-digest`)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kommunal-digest"


def _load_nouns(folder: Path | None, read: bool = True) -> CompoundParser:
    """german-nouns' lookup, from the slim cache in `folder` when there is one and `read` is
    True (same parser, same data: the lemma and part-of-speech columns and the index of word
    forms). The cache's key holds german-nouns' version, as every cache key does."""
    from german_nouns.lookup import Nouns

    slim_file = folder / "german-nouns.marshal" if folder else None
    key = cache.validity_key("german-nouns")
    stored = cache.read(slim_file, key) if slim_file and read else None
    if stored is not None:
        header, data, index = stored
    else:
        full = Nouns()
        header, data = full.header[:2], [tuple(row[:2]) for row in full.data]
        index = {form: tuple(rows) for form, rows in full.index.items()}
        if slim_file:
            cache.write(slim_file, key, (header, data, index))
    nouns = Nouns.__new__(Nouns)  # the library's parser over the slim data
    nouns.header, nouns.data, nouns.index = header, data, defaultdict(tuple, index)
    return nouns


# What follows a stem in a derived word rather than in a compound ("digital|isierung").
_DERIVATIONS = ("isier", "ier", "ung", "lich", "keit", "heit", "schaft", "isch", "itat", "ismus",
                "ist", "iker", "ik", "ie", "ion", "bar", "los", "end")
MIN_FALLBACK_WORD = 9


def fallback_parts(form: str, known_terms: set[str], known_forms: set[str]) -> list[str]:
    """Head and tail of a word that german-nouns does not split, found among the corpus's own
    words (`form` and `known_forms` folded as `Analyzer.analyse` gives them, `known_terms`
    their terms): the longest known term of at least MIN_PART letters that starts the word
    and is followed by at least four letters that do not make it a derived word
    ("haushalt|seinbringung", "schul|tragern", not "digital|isierung"), and the longest known
    word of at least MIN_PART letters that ends it after at least four letters. Returned as
    words (the caller stems them)."""
    if len(form) < MIN_FALLBACK_WORD or not form.isalpha():
        return []
    parts = []
    for end in range(len(form) - 4, MIN_PART - 1, -1):
        head, rest = form[:end], form[end:]
        if head in known_terms and not rest.startswith(_DERIVATIONS):
            parts.append(head)
            break
    for start in range(4, len(form) - MIN_PART + 1):
        if form[start:] in known_forms:
            parts.append(form[start:])
            break
    return parts
