"""A text's words and their offsets from one `re.split`, equal to a match object per word.

Why: the gazetteer tokenises every text it is given, and taking each word and its offset
from a match object of its own cost a quarter more than splitting the text once and adding
up the lengths of the pieces in C. `tests/test_speed_wordsplit.py` proves both ways equal.
"""
from __future__ import annotations

import re
from itertools import accumulate, islice


def splitter(word: re.Pattern[str]) -> re.Pattern[str]:
    """`word` as one group, so that splitting at it keeps the words: what `words_and_offsets`
    takes. `word` must have no groups of its own and never match the empty string."""
    if word.groups:
        raise ValueError(f"{word.pattern!r} has groups of its own")
    return re.compile(f"({word.pattern})", word.flags)


def words_and_offsets(split: re.Pattern[str], text: str) -> tuple[list[str], list[int]]:
    """`([m.group() for m in word.finditer(text)], [m.start() for m in word.finditer(text)])`
    for `split = splitter(word)`: the pieces of the split alternate between the text around
    the words and the words, so a word starts where the pieces before it end."""
    pieces = split.split(text)
    return pieces[1::2], list(islice(accumulate(map(len, pieces)), 0, len(pieces) - 1, 2))
