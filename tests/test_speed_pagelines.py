"""Normalising a page at once gives the lines that normalising each line on its own gives."""
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.ingest.pagelines import normalised_lines
from builder.ingest.sources import normalise_line, normalise_within_lines, read_source

# What the normalisation touches, and what NFC composes or reorders: combining marks (also
# at a line's start), Hangul jamo, and characters that Python counts as space or line end.
AWKWARD = ("e\u0301", "\u0301", "\u0327\u0301", "\u0323\u0302", "A\u030a", "\u212b", "\u1100",
           "\u1161", "\u11a8", "\uac00", " ", "  ", "\t", "\u00a0", "\u2009", "\u3000", "\u200b",
           "\u00ad", "\ufeff", "\x00", "\x0b", "\x0c", "\x1c", "\x1f", "\x7f", "\x85", "\u2028",
           "\u2029", "\n", "\n", "\n", "ß", "Straße", "ﬁ", "x", "Wort")


@st.composite
def pages(draw) -> str:
    return "".join(draw(st.lists(st.sampled_from(AWKWARD) | st.text(max_size=3), max_size=40)))


def plain(text: str) -> list[str]:
    return [normalise_line(line) for line in text.split("\n")]


@settings(max_examples=1000, deadline=None)
@given(pages())
def test_a_page_normalised_at_once_has_the_lines_of_each_line_normalised(text: str):
    assert normalised_lines(text, normalise_within_lines) == plain(text)


@pytest.mark.parametrize("page", sorted((ROOT / "tests" / "heldout" / "pages").glob("*.txt"))
                         + sorted((ROOT / "content" / "sources").glob("*.txt")),
                         ids=lambda page: page.name)
def test_read_source_has_the_lines_of_each_line_normalised(page: Path):
    text = page.read_text(encoding="utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")
    assert [line.text for line in read_source(page).lines] == [normalise_line(line)
                                                                for line in lines]


@pytest.mark.parametrize("text", ["", "\n", "a", "a\n", "a\n\n", " a \r\n\tb\r", "\n\n x"])
def test_read_source_keeps_the_line_count_of_the_file(tmp_path: Path, text: str):
    page = tmp_path / "page.txt"
    page.write_bytes(text.encode())
    body = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = body.split("\n")
    if lines[-1] == "":
        lines.pop()
    assert [line.text for line in read_source(page).lines] == [normalise_line(line)
                                                                for line in lines]
