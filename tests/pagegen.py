"""Hypothesis strategies for raw source pages in the layouts the importer knows, mixed with
chrome and noise. Each generated line carries the role it was generated for."""
from __future__ import annotations

from hypothesis import strategies as st

PLACES = ["Köln", "München", "Potsdam", "Jena", "Ulm", "Kiel", "Bochum", "Dillingen"]
WORDS = ["Digitalisierung", "Verwaltung", "Portal", "Förderung", "Stadtrat", "Kommunen",
         "Plattform", "Bürger*innen", "<script>alert(1)</script>", "„Zitat“", "5G", "OZG",
         "& Co.", "Straße", "E-Akte", "Open-Source-Software", "[Klammer]", "#Hashtag"]
CHROME_ROLES = {"shop", "page date", "section"}

word = st.sampled_from(WORDS + ["und", "die", "mit", "für", "der"])
place = st.sampled_from(PLACES)


@st.composite
def sentence(draw) -> str:
    words = draw(st.lists(word, min_size=4, max_size=14))
    return f"{draw(place)} {' '.join(words)}."


@st.composite
def paragraph(draw) -> str:
    return " ".join(draw(st.lists(sentence(), min_size=1, max_size=4)))


@st.composite
def heading(draw) -> str:
    words = " ".join(draw(st.lists(st.sampled_from(["Neue", "Strategie", "Portal", "Plan",
                                                    "startet", "Digital", "Gipfel"]),
                                   min_size=2, max_size=6)))
    return f"{draw(place)}: {words}"


@st.composite
def date_text(draw) -> str:
    day, month = draw(st.integers(1, 28)), draw(st.integers(1, 12))
    return f"{day:02d}.{month:02d}.{draw(st.integers(2000, 2030))}"


@st.composite
def dated_teaser(draw) -> list[tuple[str, str]]:
    block = []
    if draw(st.booleans()):
        block.append(("item", f"Foto von {draw(place)} am Morgen"))
        if draw(st.booleans()):
            block.append(("item", "bericht"))
        block.append(("blank", ""))
    if draw(st.booleans()):
        block.append(("image placeholder", f"{draw(place).lower()}_bild_{draw(st.integers(1, 9))}"))
    tail = draw(st.sampled_from(["", " mehr...", " Mehr erfahren…"]))
    block += [("item", draw(heading())), ("item", f"[{draw(date_text())}] {draw(paragraph())}{tail}")]
    return block


@st.composite
def article(draw) -> list[tuple[str, str]]:
    block = [("item", f"{draw(place)}{draw(st.sampled_from(['Neue', 'Digitale', 'Mehr']))} "
                      f"Strategie für alle")]
    if draw(st.booleans()):
        block.append(("item", f"[{draw(date_text())}] {draw(paragraph())}"))
    if draw(st.booleans()):
        block += [("item", '<image>data:image/gif;base64,AAAA" alt="Ein Bild"</image>'),
                  ("item", "Ein Bild."), ("item", "(Bildquelle: Stadt)")]
    block += [("item", draw(paragraph())) for _ in range(draw(st.integers(1, 3)))]
    return block


@st.composite
def newsletter(draw) -> list[tuple[str, str]]:
    block = []
    for number in range(1, draw(st.integers(1, 3)) + 1):
        block.append(("newsletter heading", f"{number}. {draw(st.sampled_from(['Projekte', 'Studien']))}"))
        if draw(st.booleans()):
            block.append(("newsletter heading", "Digitale Beteiligung vor Ort"))
        block += [("item", f"- {draw(paragraph())}") for _ in range(draw(st.integers(1, 3)))]
    return block


@st.composite
def chrome(draw) -> list[tuple[str, str]]:
    return [draw(st.sampled_from([
        ("shop", "Ausgabe bestellen"),
        ("shop", f"Ausgabe {draw(st.integers(1, 12))}/2021 (VÖ: 12. MÄRZ 2021)"),
        ("page date", "Montag, 10. März 2025"),
        ("section", "Weitere Meldungen und Beiträge aus dem Bereich: Politik"),
        ("blank", ""),
    ]))]


@st.composite
def noise(draw) -> list[tuple[str, str]]:
    text = draw(st.text(st.characters(blacklist_categories=("Cs",),
                                      blacklist_characters="\r\n\x85\u2028\u2029\x0b\x0c\x1c\x1d\x1e"),
                        max_size=80))
    return [("noise", text)]


@st.composite
def page(draw) -> list[tuple[str, str]]:
    """(role, text) lines of a page built from random blocks."""
    blocks = draw(st.lists(st.one_of(dated_teaser(), article(), newsletter(), chrome(), noise(),
                                     paragraph().map(lambda p: [("item", p)])),
                           min_size=1, max_size=12))
    lines = []
    for block in blocks:
        lines += block
        if draw(st.booleans()):
            lines.append(("blank", ""))
    return lines
