"""A scraped article that lost its paragraph breaks is imported as readable paragraphs, and
an item without a heading gets a headline that reads as one."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.ingest.headings import PARAGRAPH_MAX, derive_headline, readable_paragraphs

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


@pytest.mark.parametrize(("text", "headline"), [
    # short: the sentence; a little longer: before its colon (as headlines were made before)
    ("Das Wohngeld lässt sich ab sofort online beantragen. Mehr im Text.",
     "Das Wohngeld lässt sich ab sofort online beantragen"),
    ("Zu teuer und zu aufwändig: Bei der Digitalisierung hinken viele Kommunen hinterher. Mehr.",
     "Zu teuer und zu aufwändig"),
    # longer: the whole sentence rather than its first words and "…"
    ("Die Stadt Dortmund räumt dem Einsatz von Open-Source-Software grundsätzlich einen Vorzug "
     "gegenüber proprietärer Software ein. Das beschloss der Rat.",
     "Die Stadt Dortmund räumt dem Einsatz von Open-Source-Software grundsätzlich einen Vorzug "
     "gegenüber proprietärer Software ein"),
    # too long for a headline: its main clause, before the subordinate one
    ("Die Stadtwerke Dillingen haben den Ausbau eines LoRaWAN-Netzwerkes vorangetrieben, um mit "
     "den darauf aufbauenden Dienstleistungen Akteuren der Stadtgesellschaft zu helfen.",
     "Die Stadtwerke Dillingen haben den Ausbau eines LoRaWAN-Netzwerkes vorangetrieben"),
    # no clause to end at: cut at a word
    ("Der Bitkom e.V. veröffentlicht in Zusammenarbeit mit dem Deutschen Städte- und "
     "Gemeindebund die Ergebnisse einer aktuell durchgeführten Umfrage zur Digitalisierung in "
     "den Kommunen und Kreisen des Landes.",
     "Der Bitkom e.V. veröffentlicht in Zusammenarbeit mit dem Deutschen Städte- und "
     "Gemeindebund die Ergebnisse …"),
])
def test_a_headline_is_a_whole_sentence_or_clause_where_it_can_be(text: str, headline: str):
    assert derive_headline(text) == headline
