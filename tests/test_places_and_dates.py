"""The gazetteer's rules and German dates, on sentences that are not in the seeds."""
import datetime
from unittest import mock

import pytest
from conftest import ROOT, SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.ingest import dates
from builder.ingest.dates import ImpossibleDate, find_date_hint, parse_german_date
from builder.ingest.places import load_gazetteer


@pytest.fixture(scope="module")
def gazetteer(tmp_path_factory):
    return load_gazetteer(ROOT / "content/gazetteer.yaml", tmp_path_factory.mktemp("cache"))


@pytest.mark.parametrize("text, regions, places", [
    ("Kölns Kämmerin legt den Haushalt vor", ["Nordrhein-Westfalen"], ["Köln"]),
    ("Die Münchner Verwaltung testet KI", ["Bayern"], ["München"]),
    ("Thüringens Landkreise sparen", ["Thüringen"], []),
    ("Die Bayerische Staatsregierung fördert", ["Bayern"], []),
    ("Das Aachener Jobcenter", ["Nordrhein-Westfalen"], ["Aachen"]),
    ("Die Stadt Essen und die Stadt Hagen kooperieren", ["Nordrhein-Westfalen"], ["Essen", "Hagen"]),
    ("Gutes Essen im Rathaus, sagt Anna Hagen", [], []),
    ("Im Landkreis Göttingen", ["Niedersachsen"], ["Landkreis Göttingen"]),
    ("Frankfurt (Oder) digitalisiert", ["Brandenburg"], ["Frankfurt (Oder)"]),
    ("Neustadt und Frankfurt planen", [], ["Neustadt", "Frankfurt"]),
    ("Frankfurt und Wiesbaden planen", ["Hessen"], ["Frankfurt am Main", "Wiesbaden"]),
    ("Die Leipzig-Charta gilt", [], []),
    ("in allen Bundesländern und bundesweit", [], []),
    ("Das Bundesamt für Sicherheit berät", ["Bund"], []),
    ("Die Europäische Kommission und EU-weite Regeln", ["EU"], []),
    ("EU-weite Standards", [], []),
])
def test_locate(gazetteer, text, regions, places):
    located = gazetteer.locate(text)
    assert (located.regions, located.places) == (regions, places)


def test_ambiguous_names_are_reported(gazetteer):
    assert gazetteer.locate("Neustadt und Frankfurt planen").ambiguous == ["Frankfurt", "Neustadt"]
    assert gazetteer.locate("Dillingen an der Donau").ambiguous == []


@pytest.mark.parametrize("text, expected", [
    ("21.10.2015", datetime.date(2015, 10, 21)),
    ("1.3.2025", datetime.date(2025, 3, 1)),
    ("Montag, 10. März 2025", datetime.date(2025, 3, 10)),
    ("12. MÄRZ 2021", datetime.date(2021, 3, 12)),
    ("3. Okt. 2020", datetime.date(2020, 10, 3)),
    ("2025-01-22", datetime.date(2025, 1, 22)),
    ("Mittwoch, 5. Februar 2025, 10:30 Uhr", datetime.date(2025, 2, 5)),  # via dateparser
    ("5 Februar 2025", datetime.date(2025, 2, 5)),                        # via dateparser
    ("März 2025", None),      # no day: never filled in
    ("gestern", None),        # relative: never resolved against today
    ("vor 3 Tagen", None),
    ("1/2021", None),
])
def test_german_dates(text, expected):
    assert parse_german_date(text) == expected


def test_impossible_date_raises():
    with pytest.raises(ImpossibleDate):
        parse_german_date("30.02.2024")


def test_date_hints():
    assert find_date_hint("am letzten Novemberwochenende 2017 trafen sich") == "Novemberwochenende 2017"
    assert find_date_hint("im Sommer 2019 beschlossen, nun Anfang November") == "Sommer 2019; Anfang November"
    assert find_date_hint("Im Frühjahr startet das Projekt") is None
    assert find_date_hint("bis zum Jahr 2022") is None


DATE_WORDS = ["Mai", "MÄRZ", "Mrz", "Maerz", "Jänner", "Sept.", "Okt", "Dezember", "May", "March",
              "ein", "Einer", "zwei", "Drei", "elf", "zwölf", "zwanzig", "ersten", "dritten",
              "Montag", "heute", "gestern", "morgen", "vor", "im", "Jahr", "Uhr", "Tagen",
              "Nummer", "Mainz", "Stadtrat", "Digitalpakt", "Version", "Q3"]


@st.composite
def number_texts(draw) -> str:
    """Short texts with a four-digit number, the kind that reaches dateparser."""
    tokens = [draw(st.one_of(st.integers(1900, 2099).map(str), st.integers(1000, 99_999_999).map(str)))]
    for _ in range(draw(st.integers(0, 5))):
        tokens.append(draw(st.one_of(
            st.sampled_from(DATE_WORDS),
            st.integers(0, 99_999_999).map(str),
            st.integers(0, 31).map(lambda day: f"{day:02d}"))))
    order = draw(st.permutations(range(len(tokens))))
    separators = [draw(st.sampled_from([" ", ". ", ", ", "/", "-", ": ", "."])) for _ in tokens]
    return "".join(tokens[i] + separator for i, separator in zip(order, separators)).strip()


def date_or_reason(text: str):
    try:
        return parse_german_date(text)
    except ImpossibleDate:
        return "impossible"


@settings(max_examples=400, deadline=None)
@given(number_texts())
def test_shortcut_before_dateparser_changes_no_date(text):
    """Texts skipped as too short of parts for a date are no date to dateparser either."""
    with mock.patch.object(dates, "_possible_parts", lambda text: 3):
        without_shortcut = date_or_reason(text)
    assert date_or_reason(text) == without_shortcut


def test_shortcut_changes_no_date_in_the_seeds():
    lines = {line.strip() for seed in SEEDS for line in seed.read_text(encoding="utf-8").splitlines()}
    lines |= {line.split("]")[0].strip("[ ") for line in lines if line.startswith("[")}
    with mock.patch.object(dates, "_possible_parts", lambda text: 3):
        without_shortcut = {text: date_or_reason(text) for text in lines}
    assert {text: date_or_reason(text) for text in lines} == without_shortcut
