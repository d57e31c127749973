"""German compound parts ("digitalstrategie" -> "digital", "strategie") for the index, so that
a search for "Strategie" finds "Digitalstrategie".

Parts come from german-nouns (a Wiktionary noun list with a compound parser). Its guesses are
kept only where they line up with the word: a part must start the word, end it, or follow a
kept part (after a linking "s", "es", "n", "en" or "e"), and be at least five letters long (shorter ones, like "Burg" in "Hamburg", mostly add noise).
That drops noise such as "Tal" in "Digi|tal|strategie". Results are cached per word in
`.cache/`; the noun list itself is cached in the user's cache folder in a slim form (the two
columns the parser reads), which loads in a fifth of a second instead of two.
"""
from __future__ import annotations

import json
import marshal
import os
from collections import defaultdict
from importlib.metadata import version
from pathlib import Path

from builder.fsutil import write_cache

_LINKS = ("", "s", "es", "n", "en", "e")
MIN_PART = 5
MIN_WORD = 8


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
    """Compound parts of words, from german-nouns, with a persistent per-word cache."""

    def __init__(self, cache_file: Path | None) -> None:
        self._cache_file = cache_file
        self._cache: dict[str, list[str]] = {}
        if cache_file and cache_file.exists():
            self._cache = json.loads(cache_file.read_text(encoding="utf-8"))
        self._nouns = None
        self._dirty = False
        self._learned: dict[str, list[str]] = {}

    def parts(self, word: str) -> list[str]:
        """Parts of a lower-case word (empty for short or simple words)."""
        if len(word) < MIN_WORD or not word.isalpha():
            return []
        if word not in self._cache:
            self._cache[word] = self._learned[word] = aligned_parts(word, self._parse(word))
            self._dirty = True
        return self._cache[word]

    def take_learned(self) -> dict[str, list[str]]:
        """The words split since the last call (a worker process hands them back)."""
        learned, self._learned = self._learned, {}
        return learned

    def learn(self, words: dict[str, list[str]]) -> None:
        """Add words split elsewhere (in a worker process) to the cache."""
        if words:
            self._cache.update(words)
            self._dirty = True

    def _parse(self, word: str) -> list[str]:
        if self._nouns is None:
            self._nouns = _load_nouns(user_cache())
        return list(self._nouns.parse_compound(word))

    def save(self) -> None:
        """Write the cache if it learnt new words (best effort: a read-only tree is fine)."""
        if self._dirty and self._cache_file:
            write_cache(self._cache_file, json.dumps(self._cache, ensure_ascii=False,
                                                     sort_keys=True).encode("utf-8"))


def user_cache() -> Path:
    """The per-user cache folder for data derived from installed packages, not from the
    content (`$XDG_CACHE_HOME/kommunal-digest`, by default `~/.cache/kommunal-digest`)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kommunal-digest"


def _load_nouns(cache: Path | None):
    """german-nouns' lookup, from the slim cache when there is one (same parser, same data:
    the lemma and part-of-speech columns and the index of word forms)."""
    from german_nouns.lookup import Nouns

    slim_file = cache / f"german-nouns-{version('german-nouns')}.marshal" if cache else None
    if slim_file and slim_file.exists():
        header, data, index = marshal.loads(slim_file.read_bytes())
    else:
        full = Nouns()
        header, data = full.header[:2], [tuple(row[:2]) for row in full.data]
        index = {form: tuple(rows) for form, rows in full.index.items()}
        if slim_file:
            write_cache(slim_file, marshal.dumps((header, data, index)))
    nouns = Nouns.__new__(Nouns)  # the library's parser over the slim data
    nouns.header, nouns.data, nouns.index = header, data, defaultdict(tuple, index)
    return nouns
