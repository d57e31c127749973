"""A page's margins and the lines that fit none of its patterns: newsletter mastheads and
footers, advertisements under "Anzeige", buttons repeated under every teaser, "Stand:" lines
under headings, continued bullets, tables of contents, press releases with a picture.

Every page here is written by hand for these tests."""
from __future__ import annotations

from test_page_structure import TEASERS, item_lines, parse

from builder.ingest.chrome import EMPTY, project_chrome
from builder.ingest.headings import split_heading
from builder.ingest.lines import Kind, classify

BULLETS = [
    "• Das Land Sachsen fördert digitale Ratsarbeit in kleinen Gemeinden mit drei Millionen Euro.",
    "• Die Stadt Görlitz eröffnet ein Bürgerbüro, in dem Anträge nur noch digital gestellt werden.",
    "• Der Kreis Bautzen baut ein Funknetz für Pegelmesser an der Spree auf.",
    "• Leipzig veröffentlicht die Daten seiner Verkehrszählung als offene Daten.",
]
DATED = [
    "Köln: Neues Portal", "[01.02.2025] Köln startet ein Portal für Bauanträge. mehr...",
    "Ulm: Neue Stelle", "[02.02.2025] Ulm hat eine Digitalbeauftragte berufen. mehr...",
    "Jena: Rechenzentrum", "[03.02.2025] Jena plant ein Rechenzentrum für den Kreis. mehr...",
]


def newsletter(*, above: list[str], below: list[str]) -> str:
    return "\n".join([*above, "1. Aus den Ländern", *BULLETS[:2], "2. Aus den Kommunen",
                      *BULLETS[2:], *below])


def test_a_newsletters_masthead_greeting_and_footer_are_chrome_not_entries():
    page = newsletter(
        above=["Stadt & Netz – Ausgabe Nr. 7/2025 · 4. Juni 2025", "Liebe Leserinnen und Leser,",
               "in dieser Ausgabe stellen wir Ihnen neue Förderprogramme und Projekte vor."],
        below=["Die nächste Ausgabe erscheint am 2. Juli 2025.",
               "Sie erhalten diesen Newsletter, weil Sie ihn auf unserer Website bestellt haben.",
               "Mit freundlichen Grüßen", "Ihre Redaktion Stadt & Netz",
               "Herausgegeben vom Verein Stadt & Netz e. V., Dresden."])
    parsed = parse(page)
    assert [item.summary for item in parsed.items] == [bullet[2:] for bullet in BULLETS]
    assert "masthead" in parsed.chrome[1] and "masthead" in parsed.chrome[2]
    assert "about the publication" in parsed.chrome[3]
    assert all(parsed.chrome[number] for number in range(10, 15))


def test_a_news_paragraph_below_a_run_stays_an_item_for_review():
    story = "Die Stadt Zwickau hat ihr Ratsinformationssystem erneuert und zieht Bilanz."
    parsed = parse(newsletter(above=[], below=[story]))
    assert parsed.items[-1].summary == story
    assert parsed.items[-1].certainty < min(item.certainty for item in parsed.items[:-1])


def test_a_quoted_or_sentence_initial_sie_is_no_reader_address():
    chrome = project_chrome()
    assert not chrome.speaks_of_itself("Sie wollen gemeinsam eine Plattform betreiben.")
    assert not chrome.speaks_of_itself("„Wir sind stolz“, sagt die Bürgermeisterin.")
    assert chrome.speaks_of_itself("Zum Abbestellen klicken Sie bitte hier.")
    assert chrome.speaks_of_itself("Wir wünschen eine gute Lektüre.")


def test_an_advertisement_under_anzeige_in_a_teaser_list_is_chrome():
    ad = "Die E-Akte für Ihre Verwaltung: rechtssicher und schnell. Jetzt Demo vereinbaren."
    page = "\n".join([*DATED[:2], "Anzeige", ad, *DATED[2:]])
    parsed = parse(page)
    assert [item.title for item in parsed.items] == ["Neues Portal", "Neue Stelle",
                                                     "Rechenzentrum"]
    assert parsed.chrome[3] == "advertising"
    assert parsed.chrome[4] == 'advertising (the line under "Anzeige")'


def test_a_story_under_a_lone_anzeige_on_a_page_of_paragraphs_stays_an_item():
    page = "\n".join([*TEASERS[:3], "Anzeige", *TEASERS[3:]])
    parsed = parse(page)
    assert [item.summary for item in parsed.items] == TEASERS


def test_a_short_line_repeated_under_every_teaser_is_chrome_even_unknown_to_the_vocabulary():
    lines = []
    for heading, dated in zip(DATED[::2], DATED[1::2]):
        lines += [heading, dated, "Auf meine Leseliste", ""]
    parsed = parse("\n".join(lines), EMPTY)
    assert [item.title for item in parsed.items] == ["Neues Portal", "Neue Stelle",
                                                     "Rechenzentrum"]
    assert parsed.chrome[3].startswith("repeats on this page")
    assert all(item.image == {} for item in parsed.items)


def test_lines_above_a_heading_with_chrome_between_are_no_picture_of_it():
    page = "\n".join(["Politik", "Wirtschaft", "Startseite » Themen » Verwaltung", "", *DATED])
    parsed = parse(page)
    assert parsed.items[0].image == {} and {1, 2}.isdisjoint(item_lines(parsed))


def test_a_stand_line_under_a_heading_dates_that_item_but_a_page_stand_dates_none():
    page = "\n".join([
        "Neues Fundbüro im Netz", "Stand: 04.03.2025",
        "Wer in Wittenberg etwas verloren hat, sucht ab sofort online im Fundbüro der Stadt.",
        "Tablets für den Stadtrat", "Zuletzt aktualisiert am 20. Februar 2025",
        "Die Mitglieder des Stadtrats erhalten ihre Unterlagen künftig nur noch digital.",
        "WLAN in allen Ortschaften",
        "Die Stadt stattet ihre Dorfgemeinschaftshäuser mit kostenlosem WLAN aus.",
        "Stand der Seite: 17.03.2025"])
    parsed = parse(page)
    assert [(item.title, item.date_text) for item in parsed.items] == [
        ("Neues Fundbüro im Netz", "04.03.2025"), ("Tablets für den Stadtrat", "20. Februar 2025"),
        ("WLAN in allen Ortschaften", None)]
    assert 2 in parsed.items[0].lines and 9 in parsed.chrome


def test_a_paragraph_right_under_a_bullet_continues_it_and_a_contents_list_is_chrome():
    page = "\n".join([
        "In dieser Ausgabe:", "• Aus den Ländern", "• Aus den Kommunen",
        "1. Aus den Ländern", *BULLETS[:2],
        "Nach drei Monaten zieht die Stadt eine positive Bilanz der Umstellung.",
        "2. Aus den Kommunen", *BULLETS[2:]])
    parsed = parse(page)
    assert [item.lines for item in parsed.items] == [[5], [6, 7], [9], [10]]
    assert parsed.items[1].body == ["Nach drei Monaten zieht die Stadt eine positive Bilanz "
                                    "der Umstellung."]
    assert parsed.chrome[2].startswith("table of contents")


def test_a_press_release_with_a_picture_and_an_embargo_line_keeps_its_dateline_date():
    page = "\n".join([
        "Pressemitteilung", "Stadt bildet Digitallotsen aus", "Sperrfrist: 10.03.2025, 11:00 Uhr",
        "Erfurt, 10. März 2025 – In allen Ortsteilbüros helfen ab April Digitallotsen.",
        "", "Pressemitteilung", "Kommunen bündeln Informationssicherheit",
        '<image src="a.jpg" alt="Unterzeichnung im Kreishaus"></image>',
        "Unterzeichnung im Kreishaus", "(Bildquelle: Kreis Herzogtum Lauenburg (Pressestelle))",
        "Ratzeburg, 5. März 2025 – Zwölf Ämter teilen sich zwei Fachleute für IT-Sicherheit."])
    parsed = parse(page)
    assert [(item.title, item.date_text, item.place_hint) for item in parsed.items] == [
        ("Stadt bildet Digitallotsen aus", "10. März 2025", "Erfurt"),
        ("Kommunen bündeln Informationssicherheit", "5. März 2025", "Ratzeburg")]
    assert parsed.items[1].image == {"alt": "Unterzeichnung im Kreishaus",
                                     "caption": "Unterzeichnung im Kreishaus",
                                     "credit": "Kreis Herzogtum Lauenburg (Pressestelle)"}
    assert "embargo" in parsed.chrome[3]


def test_a_credit_with_a_qualified_place_and_a_kicker_ending_in_a_digit():
    assert classify("(Bildquelle: Stadt Frankfurt (Oder)/ Winfried Mausolf)") is Kind.CREDIT
    assert split_heading("Digitalpakt 2.0Landkreis Rostock stattet Schulen aus") == (
        "Digitalpakt 2.0", "Landkreis Rostock stattet Schulen aus", True)


def test_an_advertisement_above_a_single_teaser_is_neither_its_picture_nor_an_entry():
    page = "\n".join(["Anzeige", "Jetzt testen: Software für Ihre Kommune!", "", *DATED[:2]])
    parsed = parse(page)
    assert [(item.title, item.image, item.lines) for item in parsed.items] == [
        ("Neues Portal", {}, [4, 5])]
    assert parsed.chrome[2] == 'advertising (the line under "Anzeige")'
