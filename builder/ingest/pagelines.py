"""A page's lines normalised all at once, equal to normalising each line on its own.

Why: reading a page normalised it line by line, one Unicode normalisation and four regex
substitutions per line, which took two fifths of reading a page (`read_source`). Where the
normalisation works within lines, it can run once over the whole page, and only stripping
each line's ends stays per line: `tests/test_speed_pagelines.py` proves the lines equal for
the normalisation of `builder.ingest.sources`.
"""
from __future__ import annotations

from collections.abc import Callable


def normalised_lines(text: str, within_lines: Callable[[str], str]) -> list[str]:
    """`[within_lines(line).strip() for line in text.split("\\n")]`, for a `within_lines` that
    works within lines: it keeps every line break, and what it makes of a line does not
    depend on the lines around it (NFC, which composes and reorders nothing across a line
    break, and substitutions of characters other than the line break or of runs of them)."""
    return [line.strip() for line in within_lines(text).split("\n")]
