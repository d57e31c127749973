"""Keyword patterns that editors write in `content/*.yaml`, compiled to one regex per rule.

Syntax: a pattern matches whole words, case-insensitively; `*` stands for any letters (or
hyphens), and a space also matches a hyphen. `Open Source` matches "Open-Source-Software",
`Förder*` matches "Fördermittel", `*verbund` matches "OZG-Verbund".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = r"[\w\-]"


def _pattern_regex(pattern: str) -> str:
    parts = []
    for word in pattern.split():
        pieces = [re.escape(piece) for piece in word.split("*")]
        parts.append(f"{_WORD}*".join(pieces))
    return r"[\s\-]+".join(parts)


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
    def from_patterns(cls, include, exclude=()) -> "KeywordRule":
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
