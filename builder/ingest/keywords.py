"""Keyword patterns that editors write in `content/gazetteer.yaml` (the rules for `Bund` and
`EU`), compiled to one regex per rule. Topics match on the search's analysis instead
(`builder.ingest.topics`).

Syntax: a pattern matches whole words, case-insensitively; `*` stands for any letters (or
hyphens), and a space also matches a hyphen. `Open Source` matches "Open-Source-Software",
`Förder*` matches "Fördermittel", `*verbund` matches "OZG-Verbund".

`KeywordScorer` gives the same counts for many rules at once, faster. A single-word pattern
never matches across a space or a punctuation mark that no pattern contains, and the
lookarounds see such a character like the end of the text; so a rule's count is the sum of its
counts in the text's words (runs of letters, digits, hyphens and the patterns' punctuation),
and those are computed once per distinct word. A multi-word pattern can only match where each
of its words matches a word (or a hyphen-joined part of one) of the text: there, and for
patterns with a bare `*` word, the rule's own regex counts the whole text.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_WORD = r"[\w\-]"


def _pattern_regex(pattern: str) -> str:
    parts = []
    for word in pattern.split():
        pieces = [re.escape(piece) for piece in word.split("*")]
        parts.append(f"{_WORD}*".join(pieces))
    return r"[\s\-]+".join(parts)


def _word_regex(patterns: Iterable[str]) -> re.Pattern:
    """A text's words: runs of word characters, hyphens and the patterns' punctuation."""
    punctuation = {char for pattern in patterns for char in pattern
                   if not re.match(r"[\w\s*\-]", char)}
    return re.compile(rf"[\w\-{re.escape(''.join(sorted(punctuation)))}]+", re.IGNORECASE)


def compile_patterns(patterns: tuple[str, ...] | list[str]) -> re.Pattern | None:
    """One case-insensitive regex matching any of the patterns as whole words."""
    if not patterns:
        return None
    alternatives = "|".join(_pattern_regex(p) for p in sorted(patterns, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class KeywordRule:
    """Counts the words of a text that match the rule's patterns and not its exclusions."""
    include: re.Pattern | None
    exclude: re.Pattern | None

    @classmethod
    def from_patterns(cls, include, exclude=()) -> KeywordRule:
        return cls(compile_patterns(tuple(include)), compile_patterns(tuple(exclude)))

    def count(self, text: str) -> int:
        if self.include is None:
            return 0
        return sum(1 for match in self.include.finditer(text)
                   if self.exclude is None or not self.exclude.fullmatch(match.group()))

    def first(self, text: str) -> int | None:
        """Offset of the first counted match, or None."""
        if self.include is None:
            return None
        for match in self.include.finditer(text):
            if self.exclude is None or not self.exclude.fullmatch(match.group()):
                return match.start()
        return None


def _is_phrase(pattern: str) -> bool:
    return len(pattern.split()) > 1


def _has_bare_wildcard(pattern: str) -> bool:
    """Whether a word of the pattern is only `*` (it may match no letters at all)."""
    return any(not word.strip("*") for word in pattern.split())


class KeywordScorer:
    """Counts of several rules (include and exclude patterns) in texts, cached per word."""

    def __init__(self, rules: Sequence[tuple[Sequence[str], Sequence[str]]]) -> None:
        self.rules = [KeywordRule.from_patterns(include, exclude) for include, exclude in rules]
        self._whole_text = {index for index, (include, _) in enumerate(rules)
                            if any(map(_has_bare_wildcard, include))}
        word_patterns = {index: [p for p in include if not _is_phrase(p)]
                         for index, (include, _) in enumerate(rules)
                         if index not in self._whole_text}
        self._word_rules = {index: KeywordRule(compile_patterns(patterns),
                                               self.rules[index].exclude)
                            for index, patterns in word_patterns.items()}
        phrases = [(index, pattern.split()) for index in word_patterns
                   for pattern in rules[index][0] if _is_phrase(pattern)]
        phrase_words = sorted({word for _, words in phrases for word in words})
        self._phrase_words = [compile_patterns([word]) for word in phrase_words]
        self._phrases = [(index, sum(1 << phrase_words.index(word) for word in set(words)))
                         for index, words in phrases]  # (rule, one bit per word of the phrase)
        self._any = compile_patterns([p for patterns in word_patterns.values() for p in patterns]
                                     + phrase_words)
        self._word = _word_regex(pattern for include, _ in rules for pattern in include)
        self._known: set[str] = set()  # every word seen; those that match something:
        self._hits: dict[str, tuple[tuple[tuple[int, int], ...], int]] = {}  # (rule, count)s, bits

    def counts(self, text: str) -> list[int]:
        """For every rule, `KeywordRule.count(text)`."""
        words = self._word.findall(text)
        if not self._known.issuperset(words):
            self._learn(set(words) - self._known)
        totals = [0] * len(self.rules)
        present = 0
        for hits, bits in filter(None, map(self._hits.get, words)):
            present |= bits
            for index, count in hits:
                totals[index] += count
        for index in self._exact_rules(present):
            totals[index] = self.rules[index].count(text)
        return totals

    def firsts(self, text: str) -> list[int | None]:
        """For every rule, `KeywordRule.first(text)`."""
        return [rule.first(text) if count else None
                for rule, count in zip(self.rules, self.counts(text))]

    def _learn(self, words: set[str]) -> None:
        """Record each word's (rule, count) pairs from single-word patterns, and the bits of the
        phrase words that match it."""
        self._known.update(words)
        for word in words:
            if self._any is None or not self._any.search(word):  # most words match nothing
                continue
            hits = tuple((index, count) for index, rule in self._word_rules.items()
                         if (count := rule.count(word)))
            bits = sum(1 << bit for bit, regex in enumerate(self._phrase_words)
                       if regex is not None and regex.search(word))
            if hits or bits:
                self._hits[word] = (hits, bits)

    def _exact_rules(self, present: int) -> set[int]:
        """Rules to count with their own regex: a phrase of theirs may occur in the text (whose
        phrase-word bits are `present`), or they have a bare `*`."""
        if not present:
            return self._whole_text
        return self._whole_text | {index for index, bits in self._phrases if bits & present == bits}
