"""Words and offsets from one split equal a match object per word, and the gazetteer's
tokens are those of its word pattern."""
import re

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.ingest.places import _TOKEN, tokenize
from builder.ingest.wordsplit import splitter, words_and_offsets

PATTERNS = [_TOKEN, re.compile(r"[\w\-]+"), re.compile(r"[^\s-]+"), re.compile(r"ab|a")]
PIECES = ["Frankfurt/Oder", "Neustadt/Weinstraße", "Baden-Württemberg", "-", "/", "--", " ",
          "\n", ":", "(Hessen)", "Straße", "ǅ", "İ", "\u0301", "²", "_", "ab", "a", "1.000", ""]


def plain(pattern: re.Pattern, text: str) -> tuple[list[str], list[int]]:
    matches = list(pattern.finditer(text))
    return [match.group() for match in matches], [match.start() for match in matches]


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(PATTERNS),
       st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=30).map("".join))
def test_words_and_offsets_equal_those_of_the_matches(pattern: re.Pattern, text: str):
    assert words_and_offsets(splitter(pattern), text) == plain(pattern, text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=30).map("".join))
def test_the_gazetteer_tokens_are_those_of_its_word_pattern(text: str):
    """`tokenize` splits at a pattern without backtracking: equal, as nothing follows it."""
    assert tokenize(text) == plain(_TOKEN, text)


@pytest.mark.parametrize("page", sorted((ROOT / "tests" / "heldout" / "pages").glob("*.txt"))
                         + sorted((ROOT / "content" / "sources").glob("*.txt")),
                         ids=lambda page: page.name)
def test_the_gazetteer_tokenises_real_pages_as_its_word_pattern_does(page):
    text = page.read_text(encoding="utf-8")
    assert tokenize(text) == plain(_TOKEN, text)


def test_a_pattern_with_groups_of_its_own_is_refused():
    with pytest.raises(ValueError):
        splitter(re.compile(r"(\w)+"))
