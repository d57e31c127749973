"""German text analysis for the search index, token for token the same as in the browser.

The browser runs lunr-languages' German trimmer, stop word filter and stemmer (on lunr.js),
plus `themes/default/static/suche/analysis.js` (gender forms, ae/oe/ue). This module does
the same in Python: the trimmer characters and stop words are read from the installed
lunr.de.js, and the stemmer is Snowball's German algorithm in the version lunr.de.js uses
(Snowball 2.2, compiled to C by PyStemmer). A test runs every word of the content through
both and compares.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import Stemmer

from builder.errors import DigestError

# The same patterns stand in analysis.js; they avoid look-behind for older browsers.
_LETTER = "A-Za-zÀ-ÖØ-öø-ɏ"
_END = f"(?![{_LETTER}0-9])"
# Reader-typed gender forms become one word: "Bürger*innen", "Bürger:innen", "BürgerInnen".
_GENDER_MARK = re.compile(f"([{_LETTER}])[*:_/·]-?(?=in(?:nen)?{_END})")
_BINNEN_I = re.compile(f"([a-zß-öø-ÿ])I(?=n(?:nen)?{_END})")
# What every match of the two patterns contains; found quickly, it spares most texts both.
_GENDER_HINT = re.compile("[*:_/·]-?in")
_BINNEN_HINT = re.compile(f"In(?:nen)?{_END}")
# Feminine forms reduce to the base word: "bürgermeisterin" -> "bürgermeister".
_FEMININE = re.compile(r"^(.{2,}?(?:er|ent|ant|eur|ist|or))in(?:nen)?$")


_PLAIN_LETTERS = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})


def tokens(text: str) -> list[str]:
    """Words of a text: lower case, split at whitespace and hyphens."""
    return text.lower().replace("-", " ").split()


def normalise_text(text: str) -> str:
    """Text-level normalisation before tokenising (both for documents and queries)."""
    if _GENDER_HINT.search(text):
        text = _GENDER_MARK.sub(r"\1", text)
    if _BINNEN_HINT.search(text):
        text = _BINNEN_I.sub(r"\1i", text)
    return text


def fold(word: str) -> str:
    """Token-level normalisation after the stop word filter, before the stemmer: feminine
    endings go, and umlauts typed as two letters become one ("staedte" -> "stadte"; the
    stemmer then folds "ä" itself). "ue" after "q" stays ("quelle")."""
    feminine = _FEMININE.match(word)
    if feminine:
        word = feminine.group(1)
    letters = []
    index = 0
    while index < len(word):
        letters.append(word[index])
        if word[index] in "aou" and word[index + 1:index + 2] == "e" and \
                (index == 0 or word[index - 1] != "q"):
            index += 1
        index += 1
    return "".join(letters)


@dataclass(frozen=True)
class LunrGerman:
    """The data of lunr-languages' German support, read from the installed lunr.de.js."""
    word_characters: str
    stop_words: frozenset[str]

    def trim(self, token: str) -> str:
        return _trimmer(self.word_characters).sub("", token)


@lru_cache(maxsize=4)
def _trimmer(word_characters: str) -> re.Pattern:
    allowed = word_characters + "0-9"
    return re.compile(f"^[^{allowed}]+|[^{allowed}]+$")


def load_lunr_german(lunr_de: Path) -> LunrGerman:
    """Read the trimmer's word characters and the stop words from lunr.de.js."""
    try:
        source = lunr_de.read_text(encoding="utf-8")
    except OSError:
        raise DigestError("lunr-languages is not installed (run `npm ci`; `make site` does)",
                          lunr_de) from None
    characters = re.search(r'lunr\.de\.wordCharacters\s*=\s*"([^"]+)"', source)
    stop_words = re.search(r"lunr\.de\.stopWordFilter\s*=\s*lunr\.generateStopWordFilter\('([^']+)'",
                           source)
    if not characters or not stop_words:
        raise DigestError("unexpected lunr.de.js: word characters or stop words not found", lunr_de)
    return LunrGerman(codecs.decode(characters.group(1), "unicode_escape"),
                      frozenset(stop_words.group(1).split()))


class Analyzer:
    """Words to index terms: trim, drop stop words, fold, (split compounds), stem."""

    def __init__(self, german: LunrGerman, compounds=None) -> None:
        self.german = german
        self.compounds = compounds
        self._stemmer = Stemmer.Stemmer("german")
        self._terms: dict[str, list[str]] = {}  # a corpus has far fewer words than tokens

    def terms(self, word: str) -> list[str]:
        """The index terms of one lower-cased token (several for a compound)."""
        found = self._terms.get(word)
        if found is None:
            analysed = self.analyse(word)
            found = self._terms[word] = [analysed[1], *analysed[2]] if analysed else []
        return found

    def analyse(self, word: str) -> tuple[str, str, list[str]] | None:
        """(form, term, terms of its compound parts) of one lower-cased token, or None for a
        stop word or punctuation. The form is the word as the reader's spelling does not
        matter ("städte", "staedte" -> "stadte"): what an exact match and a highlight compare."""
        trimmed = self.german.trim(word)
        if not trimmed or trimmed in self.german.stop_words:
            return None
        folded = fold(trimmed)
        parts = self.compounds.parts(trimmed) if self.compounds else []
        return (folded.translate(_PLAIN_LETTERS), self.stem(folded),
                [self.stem(fold(piece)) for piece in parts])

    def stem(self, folded: str) -> str:
        """The term of a folded word (Snowball German)."""
        return self._stemmer.stemWord(folded)
