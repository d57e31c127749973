"""A scraped article that lost its paragraph breaks is imported as readable paragraphs."""
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.ingest.headings import PARAGRAPH_MAX, readable_paragraphs

QUOTE = ("„Wir werden die Impulse nutzen. Dafür braucht es ein klares Verständnis. "
         "Die Digitalisierung durchdringt alles. Bürger sollen profitieren.“")


def test_a_long_block_becomes_paragraphs_of_three_sentences_or_more_never_inside_a_quotation():
    block = " ".join(["Die Stadt Ulm hat am 13. Februar ein Portal gestartet."] * 6 + [QUOTE]
                     + ["Das Portal kostet 1,2 Mio. Euro und läuft z. B. auf dem Handy."] * 6)
    assert len(block) > PARAGRAPH_MAX
    parts = readable_paragraphs(block)
    assert len(parts) >= 3 and " ".join(parts) == block
    assert all(part.count("„") == part.count("“") for part in parts)
    assert [part for part in parts if QUOTE in part]  # the quotation stays whole
    assert all(part.count(". ") + 1 >= 3 for part in parts)


def test_a_short_paragraph_stays_as_it_is():
    text = "Ulm startet ein Portal. Es bietet zwanzig Dienste. Weitere folgen. Bald mehr."
    assert readable_paragraphs(text) == [text]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Ulm startet ein Portal.", "Der Rat stimmt zu!", QUOTE,
                                 "Es kostet 3 Mio. Euro, so Dr. Muster.", "Wann kommt es?"]),
                min_size=1, max_size=40))
def test_no_word_is_lost_or_moved(pieces):
    text = " ".join(pieces)
    assert " ".join(readable_paragraphs(text)) == text
