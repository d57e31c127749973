"""Cutting the "mehr..." link at the end of a teaser: looking at the end only equals searching
the whole text."""
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.ingest.moretail import MORE_TAIL, strip_more_tail


def whole_text_search(text: str) -> tuple[str, bool]:
    """The plain way: the link's pattern searched over all of the text."""
    stripped = MORE_TAIL.sub("", text)
    return stripped.rstrip(), stripped != text


PIECES = ["mehr", "Mehr", "weiter", "weiterlesen", "Vielmehr", " erfahren", "lesen", " ", "  ",
          ".", "..", "...", "…", "\n", "\t", "\xa0", "Text", "ab", "x" * 25, "_", "1"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_end_search_equals_whole_text_search(pieces):
    text = "".join(pieces)
    assert strip_more_tail(text) == whole_text_search(text)


def test_links_are_cut_and_words_that_only_end_alike_are_not():
    assert strip_more_tail("Die Stadt startet ein Portal. mehr...") == ("Die Stadt startet ein Portal.", True)
    assert strip_more_tail("Neues Portal. Mehr erfahren …  ") == ("Neues Portal.", True)
    assert strip_more_tail("Es geht um " + "viel " * 40 + "Vielmehr...") == (
        "Es geht um " + "viel " * 40 + "Vielmehr...", False)
    assert strip_more_tail("Das war es ...") == ("Das war es ...", False)
