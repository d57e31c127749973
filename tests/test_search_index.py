"""Parts of the index writer: the text of snippets, the slim noun list the compound splitter
reads."""
from builder.search.index import plain_text


def test_snippet_text_is_the_body_as_a_reader_sees_it():
    body = ("# Zwischentitel\n\nEin **wichtiger** [Beschluss](https://example.org/b) für "
            "Bürger*innen, ![Karte](karte.png) mit `Code`.\n\n- erster Punkt\n1. Schritt\n"
            "> Zitat \\* Sternchen &amp; mehr")
    assert plain_text(body) == ("Zwischentitel Ein wichtiger Beschluss für Bürger*innen, Karte mit "
                                "Code. erster Punkt Schritt Zitat * Sternchen & mehr")


def test_slim_noun_cache_parses_like_german_nouns(tmp_path):
    from german_nouns.lookup import Nouns

    from builder.search.compounds import _load_nouns

    words = ["Digitalstrategie", "Verwaltungsdigitalisierung", "Onlinezugangsgesetz", "Rathaus",
             "Zusammenarbeit", "Abgeordnetenhaus", "Bürgermeisterin", "Straßenmanagementsysteme"]
    full = Nouns()
    _load_nouns(tmp_path)                       # writes the slim cache
    slim = _load_nouns(tmp_path)                # reads it
    assert [slim.parse_compound(w) for w in words] == [full.parse_compound(w) for w in words]
