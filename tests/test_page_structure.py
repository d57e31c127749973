"""Pages read by their structure: the layout is chosen from the whole page, chrome is known by
its shape and not only by content/chrome.yaml, new page kinds, glued headings.

The example pages are written by hand for these tests. Where a test must show that the
structure (not the vocabulary) finds chrome, it parses with an empty vocabulary."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, assert_every_line_accounted, digest, parse_text

from builder.ingest.chrome import EMPTY, SHIPPED, Chrome, load_chrome
from builder.ingest.headings import split_heading
from builder.ingest.importer import run_import
from builder.ingest.lines import Line, classify
from builder.ingest.parse import ParsedPage, is_known_place, parse_page, parse_pages
from builder.ingest.sources import SourcePage, normalise_line

TEASERS = [
    "Die Stadt Bochum führt die E-Akte ein. Damit endet die Zeit der Papierakten im Rathaus.",
    "Der Kreis Soest startet ein Förderprogramm für digitale Vereinsarbeit.",
    "Jena testet smarte Laternen in der Innenstadt. Die Messwerte fließen in ein Datenportal.",
    "Ulm schreibt ein neues Rechenzentrum aus. Der Betrieb soll im Herbst beginnen.",
    "Kiel baut sein Bürgerportal aus. Anwohnerparkausweise gibt es künftig online.",
    "Potsdam startet eine Beteiligungsplattform für den Haushalt der Stadt.",
    "Der Landkreis Harz stellt seine Buchhaltung auf elektronische Rechnungen um.",
    "Die Stadt Köln veröffentlicht ihre Verkehrsdaten als offene Daten.",
]


def source(text: str, name: str = "page.txt") -> SourcePage:
    """A source page of `text`, read as `digest import` reads a file."""
    lines = [Line(number, clean, classify(clean))
             for number, clean in enumerate(map(normalise_line, text.split("\n")), start=1)]
    return SourcePage(name, Path(name), lines)


def parse(text: str, chrome: Chrome | None = None) -> ParsedPage:
    """The page parsed as the importer would; `chrome=EMPTY` leaves only the structure."""
    parsed = parse_page(source(text), chrome)
    assert_every_line_accounted(parsed)
    return parsed


def item_lines(parsed: ParsedPage) -> set[int]:
    return {number for item in parsed.items for number in item.lines}


# --- 1. the failures seen on unseen pages -------------------------------------------------------

def test_a_sign_up_line_between_teaser_paragraphs_does_not_swallow_the_teasers_after_it():
    page = "\n".join([*TEASERS[:2], "Melden Sie sich für unseren wöchentlichen Überblick an",
                      *TEASERS[2:]])
    parsed = parse(page, EMPTY)
    assert [item.summary for item in parsed.items] == TEASERS
    assert all(item.title is None and item.body == [] for item in parsed.items)
    assert 3 not in item_lines(parsed)
    assert parsed.chrome[3]


def test_a_short_line_in_the_middle_of_teaser_paragraphs_is_no_article_heading():
    page = "\n".join([*TEASERS[:2], "Unser Themenschwerpunkt im Überblick", *TEASERS[2:]])
    parsed = parse(page, EMPTY)
    assert len(parsed.items) == len(TEASERS)
    assert parsed.chrome[3] == "stray short line (fits no item pattern of this page)"
    assert {item.layout for item in parsed.items} == {"teaser paragraph"}


def test_newsletter_sign_up_and_copyright_lines_are_chrome_by_their_shape():
    page = "\n".join([TEASERS[0], "Jetzt Newsletter abonnieren!", TEASERS[1],
                      "© 2024 Verlag GmbH. Alle Rechte vorbehalten."])
    parsed = parse(page, EMPTY)
    assert [item.summary for item in parsed.items] == TEASERS[:2]
    assert parsed.chrome[2] == "call to action (a short imperative line)"
    assert parsed.chrome[4] == "copyright or legal line"


def test_a_sharing_line_followed_by_a_paragraph_is_no_article():
    page = ("Köln: Neues Bürgerportal\n"
            "[01.02.2025] Köln startet ein Portal für alle Anträge. mehr...\n"
            "Teilen auf Facebook\n"
            "Die Stadt Ulm hat ihre Verwaltung digitalisiert und zieht eine erste Bilanz.\n"
            "Jena: Neue Digitalbeauftragte\n"
            "[02.02.2025] Jena hat eine Digitalbeauftragte. mehr...\n")
    parsed = parse(page, EMPTY)
    assert [item.title for item in parsed.items] == ["Neues Bürgerportal", None,
                                                     "Neue Digitalbeauftragte"]
    assert "Teilen auf Facebook" not in {item.title for item in parsed.items}
    assert parsed.chrome[3].startswith("stray short line")
    assert parsed.items[1].summary.startswith("Die Stadt Ulm")


def test_title_plain_date_line_and_text_keep_their_headings_and_dates():
    page = ("Montag, 10. März 2025\n\n"
            "Neues Bürgerportal gestartet\n"
            "13.02.2025\n"
            "Die Stadt Jena hat ein neues Bürgerportal für alle Anträge gestartet.\n\n"
            "Glasfaser für alle Schulen\n"
            "13. Februar 2025\n"
            "Der Kreis Soest schließt alle Schulen an das Glasfasernetz an.\n\n"
            "Chatbot im Bürgerbüro\n"
            "Veröffentlicht am 10.02.2025, 14:30 Uhr\n"
            "Ulm testet einen Chatbot, der Fragen zu Anträgen beantwortet.\n")
    parsed = parse(page)
    assert [(item.title, item.date_text) for item in parsed.items] == [
        ("Neues Bürgerportal gestartet", "13.02.2025"),
        ("Glasfaser für alle Schulen", "13. Februar 2025"),
        ("Chatbot im Bürgerbüro", "10.02.2025")]
    assert parsed.chrome[1].startswith("page date")  # the view date on top is no item's
    assert [item.lines for item in parsed.items] == [[3, 4, 5], [7, 8, 9], [11, 12, 13]]
    assert {item.layout for item in parsed.items} == {"title, date line, text"}


def test_an_exclamation_that_heads_a_dated_item_is_its_title_not_a_call_to_action():
    page = ("Endlich online buchen!\n13.02.2025\nTermine im Bürgerbüro gibt es jetzt online.\n"
            "Jetzt mitmachen!\n"
            "Glasfaser für alle Schulen\n12.02.2025\nSoest schließt alle Schulen an.\n")
    parsed = parse(page, EMPTY)
    assert [item.title for item in parsed.items] == ["Endlich online buchen!",
                                                     "Glasfaser für alle Schulen"]
    assert parsed.chrome[4] == "call to action (a short imperative line)"


def test_a_date_line_on_top_is_the_view_date_and_a_stray_one_no_item_date():
    page = ("Startseite › Aktuelles\n"
            "13.02.2025\n"
            "Die Stadt Jena hat ein neues Bürgerportal für alle Anträge gestartet.\n"
            "14.02.2025\n"
            "Der Kreis Soest schließt alle Schulen an das Glasfasernetz an.\n")
    parsed = parse(page)
    assert [item.date_text for item in parsed.items] == [None, None]
    assert parsed.chrome[1].startswith("navigation")
    assert parsed.chrome[2].startswith("page date")  # on top below chrome: the view date
    assert parsed.chrome[4] == "date line that belongs to no item"


@pytest.mark.parametrize("heading, kicker, title", [
    ("Frankfurt (Oder)Neues Bürgerportal gestartet", "Frankfurt (Oder)",
     "Neues Bürgerportal gestartet"),
    ("Halle (Saale)Stadtrat beschließt Digitalstrategie", "Halle (Saale)",
     "Stadtrat beschließt Digitalstrategie"),
    ("Hamburg„Wir sind beim OZG auf Kurs“", "Hamburg", "„Wir sind beim OZG auf Kurs“"),
    ("Bad Oeynhausen»Digitalisierung ist Chefsache«", "Bad Oeynhausen",
     "»Digitalisierung ist Chefsache«"),
])
def test_glued_kicker_and_title_split_at_parentheses_and_quotes(heading, kicker, title):
    page = f"{heading}\n[01.02.2025] Die Stadt meldet einen Fortschritt. mehr...\n"
    [item] = parse(page).items
    assert (item.kicker, item.title, item.kicker_guessed) == (kicker, title, True)


# --- 2. page structure: the layout is chosen from the whole page --------------------------------

def test_a_list_of_title_date_text_items_is_no_article_even_on_top():
    page = ("Neues Bürgerportal gestartet\n13.02.2025\n"
            "Die Stadt Jena hat ein neues Bürgerportal gestartet.\n"
            "Glasfaser für alle Schulen\n12.02.2025\n"
            "Der Kreis Soest schließt alle Schulen an.\n")
    first, second = parse(page).items
    assert first.layout == second.layout == "title, date line, text"
    assert first.summary == "Die Stadt Jena hat ein neues Bürgerportal gestartet."
    assert first.body == []


def test_the_same_item_alone_on_a_page_is_an_article_with_a_body():
    page = ("Neues Bürgerportal gestartet\n13.02.2025\n"
            "Die Stadt Jena hat ein neues Bürgerportal gestartet.\n"
            "Es bündelt 120 Leistungen der Verwaltung.\n"
            "Der Oberbürgermeister sprach von einem Meilenstein.\n")
    [article] = parse(page).items
    assert article.layout == "article"
    assert article.date_text == "13.02.2025"
    assert len(article.body) == 3 and article.lines == [1, 2, 3, 4, 5]
    assert article.certainty == 0.9


def test_lines_above_a_heading_are_alt_text_only_where_the_pages_teasers_have_them():
    with_alt = ("Blick auf das Rathaus von Kiel\n\nKiel: Open Data Portal gestartet\n"
                "[10.10.2024] Kiel veröffentlicht Daten. mehr...\n\n"
                "Porträt der Digitalbeauftragten\n\nUlm: Neue Stelle\n"
                "[09.10.2024] Ulm hat eine Digitalbeauftragte. mehr...\n")
    kiel, ulm = parse(with_alt).items
    assert kiel.image == {"alt": "Blick auf das Rathaus von Kiel"}
    assert ulm.image == {"alt": "Porträt der Digitalbeauftragten"}
    without_alt = ("Kiel: Open Data Portal gestartet\n"
                   "[10.10.2024] Kiel veröffentlicht Daten. mehr...\n"
                   "Jena: Neues Portal\n[11.10.2024] Jena startet ein Portal. mehr...\n"
                   "Hier finden Sie alle Meldungen aus dem Ressort\n"
                   "Ulm: Neue Stelle\n[09.10.2024] Ulm hat eine Digitalbeauftragte. mehr...\n")
    parsed = parse(without_alt, EMPTY)
    assert [item.image for item in parsed.items] == [{}, {}, {}]
    assert parsed.chrome[5].startswith("stray short line")


def test_undated_headed_teasers_are_read_where_they_are_the_pages_pattern():
    page = ("Neues Bürgerportal gestartet\n"
            "Die Stadt Jena hat ein neues Bürgerportal gestartet.\n"
            "Glasfaser für alle Schulen\n"
            "Der Kreis Soest schließt alle Schulen an das Netz an.\n"
            "Chatbot im Bürgerbüro\n"
            "Ulm testet einen Chatbot im Bürgerbüro.\n")
    parsed = parse(page)
    assert [item.title for item in parsed.items] == ["Neues Bürgerportal gestartet",
                                                     "Glasfaser für alle Schulen",
                                                     "Chatbot im Bürgerbüro"]
    assert [item.body for item in parsed.items] == [[], [], []]
    assert {item.layout for item in parsed.items} == {"titled teaser"}


def test_a_heading_that_names_its_place_or_has_a_picture_is_read_anywhere_on_a_page():
    page = "\n".join([
        *TEASERS[:2],
        "ThüringenFördergelder für die Verwaltung",
        "Das Land fördert die Digitalisierung seiner Kommunen mit 80 Millionen Euro.",
        "Schlagworte: OZG, Förderung",
        TEASERS[2],
        "PotsdamImpulse für die Digitalisierung",
        '<image>data:image/gif;base64,R0lGOD" alt="Das Rathaus"</image>',
        "Das Potsdamer Rathaus.",
        "(Bildquelle: Stadt Potsdam)",
        "In Potsdam haben Verwaltung und Wirtschaft über die Digitalisierung beraten.",
        "Kiel: E-Akte kommt", "[04.02.2025] Kiel führt die E-Akte ein. mehr..."])
    parsed = parse(page, EMPTY)
    titled = [(item.kicker, item.title, item.layout) for item in parsed.items if item.title]
    assert titled == [("Thüringen", "Fördergelder für die Verwaltung", "titled teaser"),
                      ("Potsdam", "Impulse für die Digitalisierung", "article"),
                      ("Kiel", "E-Akte kommt", "dated teaser")]
    assert parsed.chrome[5].startswith("stray short line")  # its kicker is no place
    assert [item.summary for item in parsed.items if not item.title] == TEASERS[:3]
    assert parsed.items[4].body == ["In Potsdam haben Verwaltung und Wirtschaft über die "
                                    "Digitalisierung beraten."]


def test_items_record_their_layout_and_certainty():
    page = ("Köln: Neues Portal\n[01.02.2025] Köln startet ein Portal. mehr...\n"
            "Ulm: Neue Stelle\n[02.02.2025] Ulm hat eine Digitalbeauftragte. mehr...\n"
            "[03.02.2025] Jena plant ein Rechenzentrum für den Landkreis. mehr...\n"
            "Die Stadt Kiel hat ihre Verwaltung digitalisiert und zieht eine erste Bilanz.\n")
    parsed = parse(page)
    assert [(item.layout, item.certainty) for item in parsed.items] == [
        ("dated teaser", 0.9), ("dated teaser", 0.9), ("dated teaser", 0.8),
        ("teaser paragraph", 0.51)]  # a one-off paragraph on a page of dated teasers


def test_the_import_report_names_each_items_layout_and_certainty(project: Path):
    result = digest("import", "--report")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    article = lines.index("  line 1: chrome: page date (when the page was shown, not an item date)")
    assert lines[article + 2].startswith("  line 3: entry 2015-10-21-internetwoche-koeln-")
    assert lines[article + 3] == "    read as article, certainty 0.90"
    assert "    read as newsletter, certainty 0.90" in lines
    assert "    read as teaser paragraph, certainty 0.60" in lines
    assert "    read as dated teaser, certainty 0.90" in lines


# --- 3. chrome by its shape and structure, not by the vocabulary --------------------------------

# Lines of site chrome written for this test; none of them is in content/chrome.yaml.
UNKNOWN_CHROME = [
    "Diesen Beitrag weiterempfehlen",
    "Startseite › Rathaus › Digitales",
    "Kommentare (3)",
    "« Vorherige 1 2 3 4 Nächste »",
    "Bildergalerie öffnen",
    "Jetzt kostenlos Probeabo sichern!",
    "Abonnieren Sie unseren Podcast",
    "(c) 2023 Stadtportal Musterstadt",
    "Inhalte teilen: E-Mail | Messenger | Netzwerk",
    "Copyright Stadt Musterstadt 2024",
    "Impressum · Datenschutz · Barrierefreiheit",
    "Hier geht es zur Anmeldung",
    "Alle Artikel zum Thema Glasfaser",
]

# Pages as blocks of lines, one item each; chrome is inserted between blocks.
PAGES = {
    "teaser paragraphs": [[teaser] for teaser in TEASERS[:5]],
    "dated teasers": [["Köln: Neues Bürgerportal", "[01.02.2025] Köln startet ein Portal. mehr..."],
                      ["Ulm: Neue Stelle", "[02.02.2025] Ulm hat eine Digitalbeauftragte. mehr..."],
                      ["Jena: Daten offen", "[03.02.2025] Jena öffnet seine Daten. mehr..."],
                      ["Kiel: E-Akte kommt", "[04.02.2025] Kiel führt die E-Akte ein. mehr..."]],
    "title, date line, text": [["Neues Bürgerportal", "13.02.2025", "Jena startet ein Portal."],
                               ["Glasfaser für Schulen", "12.02.2025", "Soest baut das Netz aus."],
                               ["Chatbot im Rathaus", "11.02.2025", "Ulm testet einen Chatbot."]],
    "article, then teasers": [["SachsenFörderprogramm für Kommunen verlängert",
                               "Das Land verlängert sein Förderprogramm bis 2027.",
                               "Die Mittel stehen allen Kommunen offen."],
                              ["Leipzig: Neues Portal", "[05.05.2025] Leipzig startet. mehr..."],
                              ["Dresden: Open Data", "[06.05.2025] Dresden öffnet Daten. mehr..."]],
}


def test_the_unknown_chrome_lines_are_not_in_the_vocabulary():
    vocabulary = load_chrome(SHIPPED)
    assert [line for line in UNKNOWN_CHROME if vocabulary.reason(line)] == []


def items_by_text(parsed: ParsedPage) -> list[tuple]:
    return [(item.kicker, item.title, item.date_text, item.summary, tuple(item.body))
            for item in parsed.items]


@pytest.mark.parametrize("shape", PAGES)
@pytest.mark.parametrize("chrome_line", UNKNOWN_CHROME)
def test_unknown_chrome_between_items_changes_no_item(shape, chrome_line):
    """Above, between and below the items of four kinds of page. (Above paragraphs alone a
    short line may head them all as an article: nothing in the structure tells the two
    apart, only the vocabulary or the line's recurring on other pages.)"""
    blocks = PAGES[shape]
    alone = parse("\n".join(sum(blocks, [])), EMPTY)
    starts = [1 + sum(len(block) for block in blocks[:index]) for index in range(len(blocks))]
    assert [item.anchor for item in alone.items] == starts  # one item per block, as written
    expected = items_by_text(alone)
    for gap in range(1 if shape == "teaser paragraphs" else 0, len(blocks) + 1):
        before = sum(blocks[:gap], [])
        page = "\n".join([*before, chrome_line, *sum(blocks[gap:], [])])
        parsed = parse(page, EMPTY)
        assert len(before) + 1 not in item_lines(parsed), (shape, chrome_line, gap, parsed.items)
        assert items_by_text(parsed) == expected, (shape, chrome_line, gap)


def test_a_short_line_that_recurs_on_pages_of_one_import_above_other_lines_is_site_chrome():
    first = ("Köln: Neues Portal\n[01.02.2025] Köln startet ein Portal. mehr...\n"
             "Merkliste\nJena: Daten offen\n[03.02.2025] Jena öffnet seine Daten. mehr...")
    second = ("Merkliste\nUlm: Neue Stelle\n[02.02.2025] Ulm hat eine Digitalbeauftragte. mehr..."
              "\nJena: Daten offen\n[03.02.2025] Jena öffnet seine Daten. mehr...")
    parsed = parse_pages([source(first, "a.txt"), source(second, "b.txt")], EMPTY)
    assert parsed[0].chrome[3] == parsed[1].chrome[1] == \
        "recurs on other source pages of this import (site chrome)"
    # "Jena: Daten offen" recurs too, but above the same teaser: one story on two pages
    assert [[item.title for item in page.items] for page in parsed] == [
        ["Neues Portal", "Daten offen"], ["Neue Stelle", "Daten offen"]]


def test_an_import_sets_aside_a_line_that_recurs_on_its_pages_where_one_page_misreads_it(
        tmp_path: Path):
    """Alone, a page of teaser paragraphs takes an unknown line of its site above one of them
    for that teaser's title; imported with another page of the site, where the line stands
    above another teaser, it is site chrome. A story's heading above its lead, edited on the
    other page, stays the heading."""
    chrome = "Unsere Stadtgespräche im Netz"
    story = ("Kiel: Neue Stelle", "Kiel hat eine Digitalbeauftragte für alle Projekte der Stadt "
             "eingestellt, sie beginnt im März.")
    first = ["Die Stadt Ulm startet ein neues Portal für alle Anträge. (01.02.2025)", "",
             chrome, "Jena stellt ab sofort alle Haushaltsdaten offen ins Netz. (03.02.2025)", "",
             *story, ""]
    second = ["Bonn testet digitale Bürgerbeteiligung in drei Bezirken. (05.02.2025)", "",
              chrome, "Dresden führt die E-Akte in allen Ämtern der Verwaltung ein. (06.02.2025)",
              "", story[0], story[1].replace("sie beginnt im März", "ab März"), ""]
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "a.txt").write_text("\n".join(first), encoding="utf-8")
    (sources / "b.txt").write_text("\n".join(second), encoding="utf-8")
    alone = run_import([sources / "a.txt"], tmp_path / "alone", ROOT / "content", dry_run=True)
    assert chrome in [entry.title for entry in alone.entries]
    both = run_import([sources], tmp_path / "both", ROOT / "content", dry_run=True)
    assert chrome not in [entry.title for entry in both.entries]
    assert both.pages[0].chrome[3] == both.pages[1].chrome[3] == \
        "recurs on other source pages of this import (site chrome)"
    assert [item.title for page in both.pages for item in page.items if item.kicker == "Kiel"] == [
        "Neue Stelle", "Neue Stelle"]


def test_the_vocabulary_is_data_with_reasons(tmp_path: Path):
    path = tmp_path / "chrome.yaml"
    path.write_text("categories:\n  radio:\n    reason: Radiowerbung\n"
                    "    phrases: [Jetzt reinhören]\n    patterns: ['^Webradio\\b']\n",
                    encoding="utf-8")
    vocabulary = load_chrome(path)
    page = "\n".join([TEASERS[0], "JETZT REINHÖREN »", TEASERS[1], "Webradio der Stadt"])
    parsed = parse(page, vocabulary)
    assert parsed.chrome[2] == parsed.chrome[4] == "Radiowerbung"
    assert len(parsed.items) == 2
    shipped = parse_text("Ausgabe bestellen\n" + TEASERS[0])  # content/chrome.yaml by default
    assert shipped.chrome[1] == "shop chrome (issue, ordering or subscription line)"


@pytest.mark.parametrize("text, message", [
    ("categories:\n  shop:\n    reason: Laden\n    patterns:\n      - '^ok'\n      - '(unclosed'\n",
     "chrome.yaml:6: categories.shop.patterns: not a regular expression"),
    ("categories:\n  shop:\n    reason: Laden\n    phrase: [Kasse]\n",
     "chrome.yaml:4: categories.shop.phrase: Extra inputs are not permitted"),
])
def test_a_broken_vocabulary_is_one_error_line_naming_file_and_line(project: Path, text, message):
    (project / "content" / "chrome.yaml").write_text(text, encoding="utf-8")
    result = digest("import")
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output


# --- 4. new page kinds ----------------------------------------------------------------------------

def test_teasers_with_the_date_after_the_title_or_at_the_end_of_the_text():
    page = ("Neues Bürgerportal gestartet – 13.02.2025\n"
            "Die Stadt Jena hat ein neues Bürgerportal gestartet.\n"
            "Ulm: Glasfaser für alle Schulen (12.02.2025)\n"
            "Die Stadt schließt alle Schulen an das Netz an.\n"
            "Chatbot im Bürgerbüro\n"
            "Kiel testet einen Chatbot im Bürgerbüro. (10.02.2025)\n"
            "Die Stadt Potsdam öffnet ihre Haushaltsdaten. 09.02.2025\n"
            "Anträge nimmt die Stadt Jena noch bis zum 13.02.2025 an.\n")
    parsed = parse(page)
    assert [(item.kicker, item.title, item.date_text, item.summary) for item in parsed.items] == [
        (None, "Neues Bürgerportal gestartet", "13.02.2025",
         "Die Stadt Jena hat ein neues Bürgerportal gestartet."),
        ("Ulm", "Glasfaser für alle Schulen", "12.02.2025",
         "Die Stadt schließt alle Schulen an das Netz an."),
        (None, "Chatbot im Bürgerbüro", "10.02.2025", "Kiel testet einen Chatbot im Bürgerbüro."),
        (None, None, "09.02.2025", "Die Stadt Potsdam öffnet ihre Haushaltsdaten."),
        (None, None, None, "Anträge nimmt die Stadt Jena noch bis zum 13.02.2025 an."),
    ]


def test_press_releases_take_the_datelines_date_and_place():
    page = ("Pressemitteilungen\n"
            "Stadt startet Bürgerportal\n"
            "Köln, 3. März 2025 – Die Stadt Köln hat ein Bürgerportal gestartet.\n"
            "Es bündelt 120 Leistungen der Verwaltung.\n"
            "Neue Glasfaserstrecke\n"
            "Frankfurt am Main, 28.02.2025 – Die Stadtwerke bauen das Netz aus.\n"
            "Pressekontakt: Presseamt der Stadt\n")
    parsed = parse(page, EMPTY)
    assert [(item.title, item.date_text, item.place_hint, item.lines) for item in parsed.items] == [
        ("Stadt startet Bürgerportal", "3. März 2025", "Köln", [2, 3, 4]),
        ("Neue Glasfaserstrecke", "28.02.2025", "Frankfurt am Main", [5, 6])]
    assert parsed.items[0].body == ["Es bündelt 120 Leistungen der Verwaltung."]
    assert {parsed.chrome[1], parsed.chrome[7]} == {
        "stray short line (fits no item pattern of this page)"}


def test_a_stand_date_is_the_date_only_of_a_single_article_with_no_other_date():
    article = ("Digitalstrategie der Stadt Ulm\n"
               "Die Stadt Ulm hat ihre Digitalstrategie fortgeschrieben.\n"
               "Sie setzt auf offene Daten und ein gemeinsames Rechenzentrum.\n"
               "Stand: 13.02.2025\n")
    [alone] = parse(article).items
    assert alone.date_text == "13.02.2025" and alone.lines == [1, 2, 3, 4]
    viewed = parse("Montag, 10. März 2025\n" + article)
    assert viewed.items[0].date_text is None
    assert viewed.chrome[5].startswith("status date")
    teasers = parse("Köln: Neues Portal\n[01.02.2025] Köln startet ein Portal. mehr...\n"
                    "Ulm: Neue Stelle\n[02.02.2025] Ulm hat eine Digitalbeauftragte. mehr...\n"
                    "Zuletzt aktualisiert am 13. Februar 2025\n")
    assert [item.date_text for item in teasers.items] == ["01.02.2025", "02.02.2025"]
    assert teasers.chrome[5].startswith("status date")


@pytest.mark.parametrize("line, date", [
    ("13.02.2025", "13.02.2025"), ("13.2.25", "13.2.25"), ("2025-02-13", "2025-02-13"),
    ("13. Februar 2025", "13. Februar 2025"), ("13. Feb. 2025", "13. Feb. 2025"),
    ("Donnerstag, 13. Februar 2025", "13. Februar 2025"), ("Do, 13.02.2025", "13.02.2025"),
    ("vom 13.02.2025", "13.02.2025"), ("13.02.2025 | 10:30 Uhr", "13.02.2025"),
    ("Erschienen am 13. Februar 2025", "13. Februar 2025"),
])
def test_unbracketed_dates_in_common_forms_under_a_heading(line, date):
    page = f"Neues Bürgerportal gestartet\n{line}\nDie Stadt Jena hat ein Portal gestartet.\n" \
           "Glasfaser für Schulen\n12.02.2025\nSoest schließt alle Schulen an.\n"
    assert parse(page).items[0].date_text == date


def test_a_date_line_with_an_impossible_year_is_no_date(project: Path):
    page = ("Neues Bürgerportal gestartet\n13.02.1850\n"
            "Die Stadt Jena hat ein Portal gestartet.\n"
            "Glasfaser für Schulen\n12.02.2025\nSoest schließt alle Schulen an.\n")
    (project / "seiten").mkdir()
    (project / "seiten" / "jahre.txt").write_text(page, encoding="utf-8")
    result = digest("import", "seiten/jahre.txt", "--into", "out")
    assert result.exit_code == 0, result.output
    assert "year 1850 is outside 1900–2100" in result.stderr
    assert {path.parent.name for path in (project / "out").rglob("*.md")} == {"undatiert", "2025"}


# --- 5. glued headings with the gazetteer --------------------------------------------------------

def test_where_letter_case_cannot_split_a_heading_a_known_place_name_does():
    splits = {heading: split_heading(heading, is_known_place) for heading in [
        "LeverkusenKI-Strategie beschlossen", "SaarlandOZG-Portal erweitert",
        "Kreis Soest5G-Netz für Schulen", "Frankfurt am MainIT-Sicherheit im Rathaus",
        "Vitako10-Punkte-Plan vorgelegt", "BürgerportalKI-Assistent startet",
        "Internetwoche KölnKommunen fordern Zusammenarbeit", "Ulm: Neues Portal"]}
    assert splits == {
        "LeverkusenKI-Strategie beschlossen": ("Leverkusen", "KI-Strategie beschlossen", True),
        "SaarlandOZG-Portal erweitert": ("Saarland", "OZG-Portal erweitert", True),
        "Kreis Soest5G-Netz für Schulen": ("Kreis Soest", "5G-Netz für Schulen", True),
        "Frankfurt am MainIT-Sicherheit im Rathaus": ("Frankfurt am Main",
                                                       "IT-Sicherheit im Rathaus", True),
        # no known place ends the would-be kicker: no split
        "Vitako10-Punkte-Plan vorgelegt": (None, "Vitako10-Punkte-Plan vorgelegt", False),
        "BürgerportalKI-Assistent startet": (None, "BürgerportalKI-Assistent startet", False),
        # where letter case decides, as before
        "Internetwoche KölnKommunen fordern Zusammenarbeit": (
            "Internetwoche Köln", "Kommunen fordern Zusammenarbeit", True),
        "Ulm: Neues Portal": ("Ulm", "Neues Portal", False),
    }


# --- 6. the seeds read as before, now with their layouts ------------------------------------------

def test_seed_pages_are_read_with_the_layouts_they_are_made_of():
    from conftest import SEEDS

    from builder.ingest.sources import read_source

    layouts = {seed.name[:3]: [item.layout for item in parse_page(read_source(seed)).items]
               for seed in SEEDS}
    assert set(layouts["000"]) == {"teaser paragraph"}
    assert layouts["001"] == ["article"] + ["dated teaser"] * 15
    assert layouts["002"] == ["article"] + ["dated teaser"] * 15
    assert set(layouts["003"]) == {"newsletter"}
    assert layouts["004"] == ["article"] + ["dated teaser"] * 15
