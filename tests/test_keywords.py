"""The word-cached keyword scorer counts exactly what each rule's own regex counts."""
import pytest
import yaml
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.ingest.keywords import KeywordScorer


def real_rules() -> list[tuple[list[str], list[str]]]:
    topics = yaml.safe_load((ROOT / "content/topics.yaml").read_text())["topics"]
    levels = yaml.safe_load((ROOT / "content/gazetteer.yaml").read_text())["levels"].values()
    return [(rule.get("keywords", []), rule.get("exclude", [])) for rule in [*topics, *levels]]


RULES = real_rules() + [
    (["*", "Open Data"], []),                       # a bare wildcard: always the whole regex
    (["Komm.ONE", "C++", "a* b*", "ist neu*"], ["ab*"]),   # punctuation, phrases, exclusions
]
SCORER = KeywordScorer(RULES)
PATTERN_WORDS = sorted({word.replace("*", ending) for include, exclude in RULES
                        for pattern in [*include, *exclude] for word in pattern.split()
                        for ending in ("", "e", "ung", "-Amt")})
OTHER_WORDS = ["der", "Verwaltung", "Daten", "ist", "neue", "ſtrategie", "İst", "Straße", "KI"]
SEPARATORS = [" ", "  ", "-", " - ", ", ", ". ", "\n", "–", "/", "(", ")", "", ".", "+", "'"]


@st.composite
def texts(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 30))):
        word = draw(st.sampled_from(PATTERN_WORDS + OTHER_WORDS))
        parts.append(draw(st.sampled_from([word, word.upper(), word.lower(), word.capitalize()])))
        parts.append(draw(st.sampled_from(SEPARATORS)))
    return "".join(parts)


@settings(max_examples=500, deadline=None)
@given(texts())
def test_scorer_counts_and_first_offsets_equal_the_rules(text: str):
    assert SCORER.counts(text) == [rule.count(text) for rule in SCORER.rules]
    assert SCORER.firsts(text) == [rule.first(text) for rule in SCORER.rules]


@pytest.mark.parametrize("text", [
    "Die Open-Source-Software und Open Source, Open\nData",  # phrases across hyphen and line
    "Bundesländer und Bundesministerium; EU-weit, EU-Kommission",  # exclusions
    "Digitalisierung der Verwaltung. Komm.ONE ist neuer Partner",
    "",
])
def test_scorer_counts_equal_the_rules_on_examples(text: str):
    assert SCORER.counts(text) == [rule.count(text) for rule in SCORER.rules]
    assert any(SCORER.counts(text)) or not text
