"""Index side (Python) and query side (lunr.js + lunr.de.js + analysis.js) analyse German the
same way: every word of the content, and the words readers type, give the same terms."""
import re

import pytest
from conftest import ROOT
from searchnode import run_node

from builder.content import load_content
from builder.search.analysis import _BINNEN_I, _GENDER_MARK, Analyzer, load_lunr_german, normalise_text
from builder.search.words import plain_body

READER_WORDS = ("Städte Stadte Staedte Straße Strasse Bürgerinnen Bürger*innen Bürger:innen "
                "BürgerInnen Bürger_innen Bürgermeisterin Präsidentin Politik Projekt Pflege "
                "Quelle Typ Experte Oxymoron G7 2024 5G «Rathaus» Euro, „Zitat“ (Klammer) "
                "Übersicht ÄRGER straße MÜNCHEN Quäntchen aeue Queue")


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(load_lunr_german(ROOT / "node_modules/lunr-languages/lunr.de.js"))


def python_terms(analyzer: Analyzer, text: str) -> list[str]:
    """What the index does with a text (without compound parts, which only add terms)."""
    tokens = re.split(r"[\s\-]+", normalise_text(text).lower())
    return [terms[0] for token in tokens if token and (terms := analyzer.terms(token))]


def content_texts() -> list[str]:
    texts = [READER_WORDS]
    for entry in load_content(ROOT / "content").entries:
        texts += [entry.title, entry.kicker or "", entry.summary, plain_body(entry.body),
                  " ".join((*entry.places, *entry.regions, *entry.topics))]
    return [text for text in texts if text]


def test_every_word_of_the_content_gets_the_same_term_in_python_and_in_lunr_js(analyzer):
    texts = content_texts()
    node = run_node(texts=texts)["terms"]
    mismatches = [(text[:60], p, n) for text, p, n in
                  zip(texts, (python_terms(analyzer, t) for t in texts), node) if p != n]
    assert mismatches == []
    assert len({term for terms in node for term in terms}) > 1000  # distinct terms compared


def test_reader_spellings_meet_the_same_term(analyzer):
    terms = dict(zip(READER_WORDS.split(), python_terms(analyzer, READER_WORDS)))
    assert terms["Städte"] == terms["Stadte"] == terms["Staedte"] == "stadt"
    assert terms["Straße"] == terms["Strasse"]
    assert terms["Bürgerinnen"] == terms["Bürger*innen"] == terms["Bürger:innen"] == \
        terms["BürgerInnen"] == terms["Bürger_innen"] == "burg"
    assert terms["Bürgermeisterin"] == analyzer.terms("bürgermeister")[0]
    assert terms["«Rathaus»"] == "rathaus" and terms["Euro,"] == "euro"
    assert [terms[w] for w in ("G7", "2024", "5G", "Typ", "Quelle")] == ["g7", "2024", "5g", "typ", "quell"]


def test_stop_words_and_punctuation_give_no_terms(analyzer):
    assert python_terms(analyzer, "und die der : * ~ + - ' \" “ „") == []


def test_normalising_skips_only_texts_that_the_patterns_leave_alone():
    texts = content_texts() + ["Bürger/-innen und Ärzt·innen", "ProjektInnen: Mitarbeiter_innen",
                               "Interview: Innovation", "Lehrer:in", "LehrerInnen"]
    assert [normalise_text(t) for t in texts] == [
        _BINNEN_I.sub(r"\1i", _GENDER_MARK.sub(r"\1", t)) for t in texts]
