"""The seed pages, changed the way scraped pages differ, keep their items: no item vanishes
and none merges into another (items are compared by the text of their anchor line), and
every line is still in an item or chrome; a foreign chrome line stays chrome.

Mutation kinds: foreign chrome lines between items (from a list written for this test, not
taken from the parser), blank lines removed or doubled, Windows line endings, no-break
spaces, and two pages in one file.
"""
from __future__ import annotations

import tempfile
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from conftest import SEEDS, assert_every_line_accounted
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.ingest.importer import read_and_parse
from builder.ingest.parse import ParsedPage

# Page furniture of German news and municipal websites, as a scraper keeps it.
FOREIGN_CHROME = (
    "Jetzt Newsletter abonnieren!",
    "© 2024 Verlag GmbH. Alle Rechte vorbehalten.",
    "Teilen auf Facebook",
    "Teilen auf X",
    "Drucken | Versenden | Merken",
    "Zurück zur Übersicht",
    "Seite 2 von 7",
    "« Zurück | Weiter »",
    "Anzeige",
    "Diese Website verwendet Cookies.",
    "Alle Cookies akzeptieren",
    "Einloggen",
    "Passwort vergessen?",
    "Startseite › Aktuelles › Digitales",
    "Folgen Sie uns auf Mastodon",
    "Impressum | Datenschutz | Barrierefreiheit",
    "Nach oben",
    "Lesezeit: 3 Minuten",
    "Kommentare (0)",
    "Schlagworte: OZG, Digitalisierung",
    "Bild vergrößern",
    "Jetzt kostenlos registrieren",
    "Menü schließen",
)

SEED_TEXTS = tuple(seed.read_text(encoding="utf-8") for seed in SEEDS)
RUNS = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])


def parse_bytes(data: bytes) -> ParsedPage:
    """Parse page bytes as `digest import` reads a source file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.txt"
        path.write_bytes(data)
        return read_and_parse(path)


def line_texts(data: bytes) -> list[str]:
    """The page's lines (index 0 is line 1), white space (no-break spaces too) normalised."""
    lines = data.decode("utf-8").replace("\r\n", "\n").split("\n")
    return [" ".join(line.split()) for line in lines]


def anchors(parsed: ParsedPage, texts: list[str]) -> Counter[str]:
    return Counter(texts[item.anchor - 1] for item in parsed.items)


@cache
def seed_anchors(index: int) -> Counter[str]:
    """The anchor texts of the unchanged seed page."""
    data = SEED_TEXTS[index].encode()
    return anchors(parse_bytes(data), line_texts(data))


def assert_items_kept(data: bytes, expected: Counter[str]) -> None:
    """Every expected anchor text is still an item's anchor, and no item holds two of them."""
    parsed = parse_bytes(data)
    assert_every_line_accounted(parsed)
    texts = line_texts(data)
    vanished = expected - anchors(parsed, texts)
    assert not vanished, f"items vanished: {sorted(vanished)}"
    for item in parsed.items:
        held = [texts[number - 1] for number in item.lines if texts[number - 1] in expected]
        assert len(held) <= 1, f"items merged into the item at line {item.anchor}: {held}"


@cache
def seed_boundaries(index: int) -> list[int]:
    """Line numbers of the seed page before which a line can be inserted without landing
    inside an item."""
    text = SEED_TEXTS[index]
    inside = {number for item in parse_bytes(text.encode()).items
              for number in range(min(item.lines) + 1, max(item.lines) + 1)}
    return [number for number in range(1, len(text.split("\n")) + 2) if number not in inside]


seed_index = st.integers(0, len(SEEDS) - 1)


@RUNS
@given(seed_index, st.data())
def test_foreign_chrome_between_items_keeps_every_item(index: int, data: st.DataObject):
    lines = SEED_TEXTS[index].split("\n")
    inserts = data.draw(st.lists(st.tuples(st.sampled_from(seed_boundaries(index)),
                                           st.sampled_from(FOREIGN_CHROME)), min_size=1,
                                 max_size=5))
    for before, chrome in sorted(inserts, reverse=True):
        lines.insert(before - 1, chrome)
    assert_items_kept("\n".join(lines).encode(), seed_anchors(index))


@RUNS
@given(seed_index, st.sampled_from(FOREIGN_CHROME), st.data())
def test_a_foreign_chrome_line_between_items_stays_chrome(index: int, chrome: str,
                                                          data: st.DataObject):
    before = data.draw(st.sampled_from(seed_boundaries(index)))
    lines = SEED_TEXTS[index].split("\n")
    lines.insert(before - 1, chrome)
    parsed = parse_bytes("\n".join(lines).encode())
    assert before in parsed.chrome, f"{chrome!r} inserted as line {before} is in an item"


def _blank_lines(text: str) -> list[int]:
    """Indexes (0-based) of the page's blank lines."""
    return [index for index, line in enumerate(text.split("\n")) if not line.strip()]


@RUNS
@given(seed_index, st.data())
def test_removing_blank_lines_keeps_every_item(index: int, data: st.DataObject):
    lines = SEED_TEXTS[index].split("\n")
    blanks = _blank_lines(SEED_TEXTS[index])
    removed = set(data.draw(st.lists(st.sampled_from(blanks), unique=True))) if blanks else set()
    kept = [line for number, line in enumerate(lines) if number not in removed]
    assert_items_kept("\n".join(kept).encode(), seed_anchors(index))


@RUNS
@given(seed_index, st.data())
def test_doubling_blank_lines_keeps_every_item(index: int, data: st.DataObject):
    lines = SEED_TEXTS[index].split("\n")
    blanks = _blank_lines(SEED_TEXTS[index])
    doubled = set(data.draw(st.lists(st.sampled_from(blanks), unique=True))) if blanks else set()
    mutated = [copy for number, line in enumerate(lines)
               for copy in ([line, line] if number in doubled else [line])]
    assert_items_kept("\n".join(mutated).encode(), seed_anchors(index))


@pytest.mark.parametrize("index", range(len(SEEDS)), ids=[seed.name for seed in SEEDS])
def test_windows_line_endings_keep_every_item(index: int):
    assert_items_kept(SEED_TEXTS[index].replace("\n", "\r\n").encode(), seed_anchors(index))


SEED_SPACES = tuple([position for position, char in enumerate(text) if char == " "]
                    for text in SEED_TEXTS)


@RUNS
@given(seed_index, st.data())
def test_no_break_spaces_keep_every_item(index: int, data: st.DataObject):
    text = list(SEED_TEXTS[index])
    for position in data.draw(st.lists(st.sampled_from(SEED_SPACES[index]), min_size=1,
                                       max_size=60, unique=True)):
        text[position] = "\u00a0"
    assert_items_kept("".join(text).encode(), seed_anchors(index))


@RUNS
@given(seed_index, seed_index, st.sampled_from(["\n", "\n\n"]))
def test_two_pages_in_one_file_keep_every_item(first: int, second: int, separator: str):
    text = SEED_TEXTS[first] + separator + SEED_TEXTS[second]
    assert_items_kept(text.encode(), seed_anchors(first) + seed_anchors(second))
