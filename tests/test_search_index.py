"""Parts of the index writer: the text of snippets, the slim noun list the compound splitter
reads."""
import json

from hypothesis import given
from hypothesis import strategies as st

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


@given(st.text(alphabet=" \t\rab\u00e4\xa0", max_size=40))
def test_single_spacing_equals_splitting_and_joining(text):
    from builder.search.index import _single_spaced

    assert _single_spaced(text) == " ".join(text.replace("\xa0", "_").split()).replace("_", "\xa0")


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers(-2**53, 2**53) | st.text(),
                           lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=12)


@given(st.sampled_from(["addDocument", "addPostings"]),
       st.lists(JSON_VALUES | st.sampled_from(["</script>", "a\u2028b\u2029", "\u00e4\u2013"]), max_size=3))
def test_scripts_hold_the_standard_json_of_their_arguments(call, arguments):
    """What the browser reads from an index file is the arguments' JSON."""
    from builder.search.index import _script

    text = ",".join(json.dumps(argument, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
                    for argument in arguments)
    assert _script(call, *arguments) == f"DigestSearch.{call}({text});\n".encode()
