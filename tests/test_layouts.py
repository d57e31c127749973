"""Each page layout, on small pages written like the real ones (but not copied from them)."""
from conftest import assert_every_line_accounted, parse_text


def test_article_with_glued_heading_dated_teaser_and_body():
    parsed = parse_text(
        "Dienstag, 4. Juni 2024\n\n"
        "Digitalgipfel BonnStädte wollen gemeinsame Plattform\n\n"
        "[02.06.2024] Auf dem Digitalgipfel in Bonn haben Städte eine Plattform vereinbart.\n\n"
        "Die Plattform soll ab Herbst Anträge bündeln. Bonns Oberbürgermeisterin sprach von "
        "einem wichtigen Schritt.\n")
    [item] = parsed.items
    assert (item.kicker, item.title) == ("Digitalgipfel Bonn", "Städte wollen gemeinsame Plattform")
    assert item.kicker_guessed
    assert item.date_text == "02.06.2024"
    assert item.summary.startswith("Auf dem Digitalgipfel")
    assert item.body == ["Die Plattform soll ab Herbst Anträge bündeln. Bonns Oberbürgermeisterin "
                         "sprach von einem wichtigen Schritt."]
    assert parsed.chrome[1].startswith("page date")
    assert_every_line_accounted(parsed)


def test_article_with_image_caption_and_credit():
    parsed = parse_text(
        "ErfurtNeues Rathausportal online\n"
        '<image>data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="Das Erfurter Rathaus am Abend"</image>\n'
        "Das Erfurter Rathaus am Abend.\n"
        "(Bildquelle: Stadt Erfurt/ M. Muster)\n"
        "Erfurt hat sein neues Serviceportal freigeschaltet. Bürger können dort Anträge stellen.\n"
        "Köln: Neue Strategie\n"
        "[01.02.2024] Köln hat eine neue Strategie. mehr...\n")
    article, teaser = parsed.items
    assert article.image == {"alt": "Das Erfurter Rathaus am Abend",
                             "caption": "Das Erfurter Rathaus am Abend.",
                             "credit": "Stadt Erfurt/ M. Muster"}
    assert article.lines == [1, 2, 3, 4, 5]
    assert article.date_text is None
    assert (teaser.kicker, teaser.title, teaser.date_text) == ("Köln", "Neue Strategie", "01.02.2024")
    assert teaser.summary == "Köln hat eine neue Strategie."
    assert_every_line_accounted(parsed)


def test_article_body_is_not_cut_by_following_teasers_without_blank_lines():
    parsed = parse_text(
        "SachsenFörderprogramm verlängert\n"
        "Das Land verlängert sein Förderprogramm für Kommunen bis 2027.\n"
        "Kurz gesagt: mehr Geld.\n"
        "Leipzig: Neues Portal\n"
        "[05.05.2025] Leipzig startet ein Portal. mehr...\n")
    article, teaser = parsed.items
    assert article.body == ["Das Land verlängert sein Förderprogramm für Kommunen bis 2027.",
                            "Kurz gesagt: mehr Geld."]
    assert teaser.title == "Neues Portal"


def test_teaser_list_with_alt_text_label_file_name_placeholder_and_section():
    parsed = parse_text(
        "Weitere Meldungen und Beiträge aus dem Bereich: Wirtschaft\n"
        "Blick auf das Rathaus von Kiel.\n\n"
        "Kiel: Open Data Portal gestartet\n\n"
        "[10.10.2024] Kiel veröffentlicht Daten. mehr...\n\n"
        "kiel_hafen_2024\n\n"
        "Kiel: Zweite Meldung\n\n"
        "[09.10.2024] Noch etwas aus Kiel. Mehr erfahren…\n\n"
        "Foto einer Glaskugel\n"
        "interview\n\n"
        "Digitalisierung: Blick nach vorn\n\n"
        "[08.10.2024] Ein Gespräch. mehr...")
    first, second, third = parsed.items
    assert first.section == second.section == third.section == "Wirtschaft"
    assert first.image == {"alt": "Blick auf das Rathaus von Kiel."}
    assert first.summary == "Kiel veröffentlicht Daten."
    assert second.image == {} and second.summary == "Noch etwas aus Kiel."
    assert parsed.chrome[8] == "image placeholder (a file name, not alt text)"
    assert third.label == "Interview" and third.image == {"alt": "Foto einer Glaskugel"}
    assert parsed.chrome[1] == "section heading"
    assert_every_line_accounted(parsed)


def test_newsletter_sections_subheadings_and_bullets():
    parsed = parse_text(
        "1. Projekte\n"
        "Smarte Beleuchtung\n"
        "- Die Stadt Ulm testet smarte Laternen. Mehr erfahen…\n"
        "- Die Stadt Jena folgt.\n"
        "2. Studien\n"
        "- Eine Studie zu Open Data erscheint.\n")
    ulm, jena, study = parsed.items
    assert ulm.summary == "Die Stadt Ulm testet smarte Laternen."
    assert ulm.section == jena.section == "Projekte – Smarte Beleuchtung"
    assert study.section == "Studien"
    assert {parsed.chrome[n] for n in (1, 5)} == {"newsletter section heading"}
    assert parsed.chrome[2] == "newsletter sub-heading"
    assert_every_line_accounted(parsed)


def test_teaser_paragraphs_between_shop_chrome():
    parsed = parse_text(
        "Die Stadt Bochum führt die E-Akte ein. Damit endet die Papierzeit.\n"
        "Ausgabe 3/2022 (VÖ: 1. JUNI 2022)\n"
        "Ausgabe bestellen\n"
        "Der Kreis Soest startet ein Förderprogramm für Vereine.\n")
    bochum, soest = parsed.items
    assert bochum.title is None and bochum.date_text is None
    assert soest.lines == [4]
    assert parsed.chrome[2] == parsed.chrome[3] == "shop chrome (issue, ordering or subscription line)"
    assert_every_line_accounted(parsed)
