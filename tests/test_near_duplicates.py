"""The same story on two pages under an edited title or lead is one entry with both sources;
other stories stay apart, whatever the page order."""
from __future__ import annotations

import datetime
import re
from itertools import combinations
from pathlib import Path
from random import Random

import frontmatter
import pytest
from conftest import assert_every_line_accounted, digest, parse_text, prepare_project
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.ingest.enrich import Enricher, merge_duplicates, merge_near_duplicates, story_key
from builder.ingest.places import load_gazetteer
from builder.ingest.similarity import (
    MIN_SHARED,
    THRESHOLD,
    Profile,
    Text,
    candidate_pairs,
    content_words,
    near_duplicate_groups,
    near_duplicate_similarity,
    overlap,
    similarity,
)
from builder.ingest.topics import load_topic_matcher

LEAD = ("Hamburg hat seine neue Digitalstrategie präsentiert. In den kommenden Jahren soll das "
        "digitale Angebot konsequent ausgebaut werden, um den Kontakt mit den Behörden so einfach "
        "und effizient wie möglich zu gestalten. Wo es möglich ist, setzt die Freie und "
        "Hansestadt dabei auch auf Automatisierung und Künstliche Intelligenz.")
EDITED_LEAD = ("Der Hamburger Senat hat am Dienstag eine neue Digitalstrategie vorgestellt. In den "
               "kommenden Jahren soll das digitale Angebot konsequent ausgebaut werden, um den "
               "Kontakt mit den Behörden so einfach und effizient wie möglich zu gestalten. Wo es "
               "möglich ist, setzt die Hansestadt dabei auch auf Automatisierung und KI.")
BREMEN = ("Bremen: Neues Serviceportal online\n[22.01.2025] Bremen hat ein Serviceportal für "
          "Bürgerinnen und Bürger freigeschaltet. Über 200 Verwaltungsleistungen lassen sich dort "
          "online beantragen. mehr...\n")
KIEL = ("Kiel: Förderbescheid für Glasfaser\n[22.01.2025] Die Landeshauptstadt Kiel erhält "
        "Fördermittel für den Ausbau ihres Glasfasernetzes in den Gewerbegebieten. mehr...\n")
MERGE = r"(\S+) \+ (\S+), similarity (\d\.\d\d) \(similar text\)"  # "a.txt:1 + b.txt:1, …"


def teaser(heading: str, date: str, text: str) -> str:
    """A teaser of a dated teaser list: heading, then "[date] text mehr..."."""
    return f"{heading}\n[{date}] {text} mehr...\n"


def import_pages(project: Path, pages: dict[str, str], *options: str):
    """Import the given pages (name -> text); the CLI result and the entries' front matter."""
    folder = project / "pages"
    folder.mkdir()
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    result = digest("import", *options, str(folder))
    assert result.exit_code == 0, result.output
    entries = [{**post.metadata, "body": post.content}
               for post in map(frontmatter.load, (project / "content/articles").rglob("*.md"))]
    return result, entries


def partition(entries: list[dict]) -> set[frozenset[str]]:
    """The source lines of each entry."""
    return {frozenset(f"{s['file']}:{s['line']}" for s in entry["sources"]) for entry in entries}


def entry_citing(entries: list[dict], location: str) -> dict:
    [entry] = [e for e in entries if location in {f"{s['file']}:{s['line']}" for s in e["sources"]}]
    return entry


def test_same_story_under_a_slightly_different_title_is_one_entry_with_both_sources(project):
    result, entries = import_pages(project, {
        "a.txt": teaser("Hamburg: Neue Digitalstrategie vorgestellt", "22.01.2025", LEAD) + BREMEN,
        "b.txt": teaser("Hamburg: Senat stellt neue Digitalstrategie vor", "22.01.2025", LEAD) + KIEL,
    })
    assert partition(entries) == {frozenset({"a.txt:1", "b.txt:1"}), frozenset({"a.txt:3"}),
                                  frozenset({"b.txt:3"})}
    hamburg = entry_citing(entries, "a.txt:1")
    assert hamburg["sources"] == [{"file": "b.txt", "line": 1}, {"file": "a.txt", "line": 1}]
    assert hamburg["title"] == "Senat stellt neue Digitalstrategie vor"  # the longer heading
    assert str(hamburg["date"]) == "2025-01-22" and hamburg["summary"] == LEAD
    assert "sources" in hamburg["review"]  # a guess: an editor confirms it
    [line] = [line for line in result.stdout.splitlines() if line.startswith("merged:")]
    first, second, similarity = re.fullmatch("merged: " + MERGE, line).groups()
    assert (first, second) == ("a.txt:1", "b.txt:1") and 0.5 <= float(similarity) < 1
    assert "1 duplicate items merged" in result.stdout.splitlines()[-1]


def test_edited_lead_in_an_undated_article_joins_the_dated_teaser(project):
    article = ("Hamburg: Neue Digitalstrategie vorgestellt\n\n" + EDITED_LEAD + "\n\n"
               "Die Strategie umfasst zwölf Handlungsfelder, von der Verwaltung bis zur Bildung.\n")
    result, entries = import_pages(project, {
        "a.txt": teaser("Hamburg: Neue Digitalstrategie vorgestellt", "22.01.2025", LEAD) + BREMEN,
        "c.txt": article,
    }, "--report")
    assert partition(entries) == {frozenset({"a.txt:1", "c.txt:1"}), frozenset({"a.txt:3"})}
    hamburg = entry_citing(entries, "c.txt:1")
    assert hamburg["sources"] == [{"file": "c.txt", "line": 1}, {"file": "a.txt", "line": 1}]
    assert str(hamburg["date"]) == "2025-01-22"  # the teaser states it for the same story
    assert hamburg["summary"] == LEAD            # the article has no teaser line of its own
    assert hamburg["body"].startswith("Der Hamburger Senat") and "zwölf" in hamburg["body"]
    report = result.stdout.splitlines()
    [merge] = report[report.index("== merges") + 1:report.index("== entries")]
    assert re.fullmatch("  " + MERGE, merge)
    assert not [line for line in report if "LOST" in line]


def test_same_kicker_other_date_stays_apart_even_with_a_similar_text(project):
    later = LEAD.replace("neue Digitalstrategie", "Digitalstrategie fortgeschrieben")
    _, entries = import_pages(project, {
        "a.txt": teaser("Hamburg: Neue Digitalstrategie vorgestellt", "22.01.2025", LEAD)
        + teaser("Hamburg: Digitalstrategie fortgeschrieben", "20.01.2026", later),
        "b.txt": teaser("Hamburg: Senat stellt neue Digitalstrategie vor", "22.01.2025", LEAD)
        + teaser("Hamburg: Neues Bürgerportal", "03.03.2025", "Hamburg hat ein neues "
                 "Bürgerportal freigeschaltet, über das 300 Leistungen online beantragt werden."),
    })
    assert partition(entries) == {frozenset({"a.txt:1", "b.txt:1"}), frozenset({"a.txt:3"}),
                                  frozenset({"b.txt:3"})}


def test_unrelated_stories_with_common_words_stay_apart(project):
    schools = ("Hamburg hat seine neue Strategie für digitale Schulen präsentiert. In den kommenden "
               "Jahren sollen alle Klassenräume mit Tablets und schnellem Netz ausgestattet werden, "
               "um den Unterricht so digital wie möglich zu gestalten.")
    _, entries = import_pages(project, {
        "a.txt": teaser("Hamburg: Neue Digitalstrategie vorgestellt", "22.01.2025", LEAD),
        "b.txt": teaser("Hamburg: Neue Schulstrategie vorgestellt", "22.01.2025", schools)
        + teaser("Hamburg: Senat stellt neue Digitalstrategie vor", "22.01.2025", LEAD),
    })
    assert partition(entries) == {frozenset({"a.txt:1", "b.txt:3"}), frozenset({"b.txt:1"})}


def test_two_versions_on_one_page_stay_two_entries(project):
    _, entries = import_pages(project, {
        "a.txt": teaser("Hamburg: Neue Digitalstrategie vorgestellt", "22.01.2025", LEAD)
        + teaser("Hamburg: Senat stellt neue Digitalstrategie vor", "22.01.2025", EDITED_LEAD),
        "b.txt": teaser("Hamburg: Digitalstrategie für die Hansestadt", "22.01.2025", LEAD),
    })
    # b.txt:1 is like both versions on a.txt and joins the closer one; the other stays apart
    assert partition(entries) == {frozenset({"a.txt:1", "b.txt:1"}), frozenset({"a.txt:3"})}


def test_the_seed_duplicates_stay_merged_and_nothing_else_merges(project):
    result = digest("import", "--report")
    report = result.stdout.splitlines()
    merges = report[report.index("== merges") + 1:report.index("== entries")]
    assert len(merges) == 14
    for line in merges:
        assert re.fullmatch(r"  001_cb720e2e6aee53d5\.txt:\d+ \+ 004_e41f94661f36a895\.txt:\d+, "
                            r"similarity 1\.00 \(same kicker, title and date\)", line), line
    assert not [line for line in report if line.startswith("merged:")]


# Pages for the order property: exact duplicates, near-duplicates under an edited title or
# lead, an undated article, two versions on one page, and stories that must stay apart.
POOL = {
    "p1.txt": teaser("Hamburg: Neue Digitalstrategie vorgestellt", "22.01.2025", LEAD) + BREMEN,
    "p2.txt": teaser("Hamburg: Senat stellt neue Digitalstrategie vor", "22.01.2025", LEAD)
    + teaser("Hamburg: Neue Digitalstrategie vorgestellt", "22.01.2025", EDITED_LEAD) + KIEL,
    "p3.txt": teaser("Hamburg: Neue Digitalstrategie vorgestellt", "22.01.2025", LEAD) + BREMEN,
    "p4.txt": "Hamburg: Neue Digitalstrategie vorgestellt\n\n" + EDITED_LEAD + "\n\n"
              "Die Strategie umfasst zwölf Handlungsfelder, von der Verwaltung bis zur Bildung.\n",
    "p5.txt": teaser("Hamburg: Digitalstrategie vorgestellt", "22.01.2024", LEAD)
    + teaser("Kiel: Förderung für Glasfaser", "22.01.2025", "Die Landeshauptstadt Kiel erhält "
             "Fördermittel für den Ausbau ihres Glasfasernetzes in Gewerbegebieten."),
}


@pytest.fixture(scope="module")
def enricher(tmp_path_factory, geonames_cache: Path) -> Enricher:
    """The importer's enricher for a project with the real vocabularies."""
    content = prepare_project(tmp_path_factory.mktemp("project"), geonames_cache) / "content"
    return Enricher(load_gazetteer(content / "gazetteer.yaml", content.parent / ".cache"),
                    load_topic_matcher(content), {}, datetime.date(2025, 1, 1))


def story_groups(enricher: Enricher, names: list[str]) -> list[frozenset[tuple[str, int]]]:
    """The source lines of each story, for the pages of POOL in the given order; checks that
    no story has two dates, or two items of one page that are not exact duplicates."""
    pages = [parse_text(POOL[name], name) for name in names]
    for page in pages:
        assert_every_line_accounted(page)
    stories = merge_duplicates([item for page in pages for item in page.items])
    stories, _ = merge_near_duplicates(stories, [enricher.entry(story) for story in stories],
                                       enricher.entry)
    for story in stories:
        assert len({item.date_text for item in story.items} - {None}) <= 1
        for page in {item.source for item in story.items}:
            assert len({story_key(item) for item in story.items if item.source == page}) == 1
    return [frozenset((item.source, item.anchor) for item in story.items) for story in stories]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(sorted(POOL)), min_size=1, unique=True), st.randoms())
def test_merging_is_deterministic_and_independent_of_page_order(enricher, names, random):
    groups = story_groups(enricher, names)
    shuffled = names.copy()
    random.shuffle(shuffled)
    assert set(story_groups(enricher, shuffled)) == set(groups)
    assert story_groups(enricher, names) == groups


# Own examples of one story told in other words, and of other stories of the same place.
PORTAL = ("Die Stadt Kassel stellt ab sofort Verwaltungsdaten frei zur Verfügung. Auf dem neuen "
          "Open-Data-Portal finden sich zum Start 80 Datensätze, etwa zu Haushalt, Bevölkerung, "
          "Verkehr und Umwelt. Weitere sollen monatlich folgen.")
PORTAL_REWRITTEN = ("Mit 80 Datensätzen ist das Open-Data-Portal der documenta-Stadt online "
                    "gegangen. Bürger, Unternehmen und Forschende können Zahlen zu Bevölkerung, "
                    "Haushalt, Umwelt und Verkehr herunterladen und weiterverwenden. Jeden Monat "
                    "kommen neue Daten hinzu, kündigt die Stadt an.")
PORTAL_A_YEAR_ON = ("Die Stadt Kassel stellt jetzt 140 Datensätze frei zur Verfügung. Auf dem "
                    "Open-Data-Portal finden sich neue Daten zu Haushalt, Bevölkerung, Verkehr "
                    "und Umwelt, dazu erstmals Messwerte der Luftqualität. Weitere sollen "
                    "monatlich folgen.")
LIGHTS = ("In zwei Kasseler Stadtteilen testet die Stadt 120 vernetzte Straßenlaternen. Sie "
          "dimmen das Licht, wenn niemand unterwegs ist, und messen nebenbei Verkehr und "
          "Luftqualität. Die Daten sollen später auf dem Open-Data-Portal erscheinen.")
WLAN = ("Der Landkreis Görlitz hat alle 23 Oberschulen in seiner Trägerschaft mit "
        "flächendeckendem WLAN ausgestattet. Die Kosten von 4,2 Millionen Euro wurden zum großen "
        "Teil aus dem DigitalPakt Schule finanziert.")
WLAN_ARTICLE = ("Landkreis Görlitz: Schulen vollständig vernetzt\n\n"
                "In den Oberschulen des Landkreises Görlitz haben Schülerinnen und Schüler jetzt "
                "in jedem Klassenzimmer Zugang zum Internet.\n\n"
                "Insgesamt 23 Schulen wurden in den vergangenen zwei Jahren mit neuen "
                "Netzwerkkabeln und mehr als 1.100 Access Points ausgerüstet. Von den "
                "Gesamtkosten in Höhe von 4,2 Millionen Euro trägt der DigitalPakt Schule den "
                "Großteil, den Rest finanziert der Kreis aus eigenen Mitteln. Als Nächstes sollen "
                "die Berufsschulzentren folgen.\n")
FIBRE = ("Der Bund fördert den Glasfaseranschluss von 15 Grund- und Oberschulen im Landkreis "
         "Görlitz mit 3,1 Millionen Euro. Die Bauarbeiten sollen im Sommer beginnen.")


def test_content_words_are_stems_of_nouns_names_numbers_and_lighter_other_words():
    words = content_words("Die Bürger*innen und Bürgern der Stadt: 1.200 Stellplätze, "
                          "4,2 Millionen Euro für digitale Akten. Digitale Akte, E-Akte.")
    assert words == {"burg": 1.0, "stadt": 1.0, "1.200": 1.0, "stellplatz": 1.0, "4,2": 1.0,
                     "million": 1.0, "euro": 1.0, "digital": 1.0, "akt": 1.0}
    assert content_words("sie werden digital beantragt") == {"digital": 0.5, "beantragt": 0.5}


@pytest.mark.parametrize(("first", "second", "same"), [
    (("Open-Data-Portal gestartet", PORTAL), ("Verwaltungsdaten für alle", PORTAL_REWRITTEN),
     True),
    (("WLAN für alle Oberschulen", WLAN), ("Förderung für Glasfaser bewilligt", FIBRE), False),
    (("Open-Data-Portal gestartet", PORTAL), ("Smarte Straßenlaternen im Test", LIGHTS), False),
    (("Verwaltungsdaten für alle", PORTAL_REWRITTEN), ("Smarte Straßenlaternen", LIGHTS), False),
], ids=["rewritten", "other school story", "other data story", "other data story, rewritten"])
def test_similarity_tells_a_rewritten_story_from_another_story_of_the_place(first, second, same):
    score = near_duplicate_similarity(Text(" ".join(first)), Text(" ".join(second)), frozenset())
    assert (score >= THRESHOLD) == same, score
    assert score == near_duplicate_similarity(Text(" ".join(second)), Text(" ".join(first)),
                                              frozenset())


def test_a_rewritten_title_and_lead_join_and_the_report_gives_their_similarity(project):
    result, entries = import_pages(project, {
        "a.txt": teaser("Kassel: Open-Data-Portal gestartet", "14.05.2025", PORTAL) + BREMEN,
        "b.txt": teaser("Kassel: Verwaltungsdaten für alle", "14.05.2025", PORTAL_REWRITTEN)
        + KIEL,
    }, "--report")
    assert partition(entries) == {frozenset({"a.txt:1", "b.txt:1"}), frozenset({"a.txt:3"}),
                                  frozenset({"b.txt:3"})}
    assert str(entry_citing(entries, "a.txt:1")["date"]) == "2025-05-14"
    report = result.stdout.splitlines()
    [merge] = report[report.index("== merges") + 1:report.index("== entries")]
    first, second, score = re.fullmatch("  " + MERGE, merge).groups()
    assert (first, second) == ("a.txt:1", "b.txt:1")
    assert THRESHOLD <= float(score) < 1


def test_a_teaser_joins_an_undated_article_that_tells_its_facts_in_other_words(project):
    _, entries = import_pages(project, {
        "a.txt": teaser("Landkreis Görlitz: WLAN für alle Oberschulen", "02.06.2025", WLAN)
        + BREMEN,
        "c.txt": WLAN_ARTICLE,
    })
    assert partition(entries) == {frozenset({"a.txt:1", "c.txt:1"}), frozenset({"a.txt:3"})}
    assert str(entry_citing(entries, "c.txt:1")["date"]) == "2025-06-02"


def test_a_different_story_under_the_same_kicker_on_another_date_stays_apart(project):
    assert similarity(Text(PORTAL), Text(PORTAL_A_YEAR_ON)) >= THRESHOLD  # only the date tells
    _, entries = import_pages(project, {
        "a.txt": teaser("Kassel: Open-Data-Portal gestartet", "14.05.2025", PORTAL),
        "b.txt": teaser("Kassel: Open-Data-Portal wächst", "14.05.2026", PORTAL_A_YEAR_ON),
    })
    assert partition(entries) == {frozenset({"a.txt:1"}), frozenset({"b.txt:1"})}


def test_different_stories_of_one_place_and_date_stay_apart(project):
    _, entries = import_pages(project, {
        "a.txt": teaser("Landkreis Görlitz: WLAN für alle Oberschulen", "02.06.2025", WLAN)
        + teaser("Kassel: Open-Data-Portal gestartet", "02.06.2025", PORTAL),
        "b.txt": teaser("Landkreis Görlitz: Förderung für Glasfaser bewilligt", "02.06.2025",
                        FIBRE)
        + teaser("Kassel: Smarte Straßenlaternen im Test", "02.06.2025", LIGHTS),
    })
    assert partition(entries) == {frozenset({"a.txt:1"}), frozenset({"a.txt:3"}),
                                  frozenset({"b.txt:1"}), frozenset({"b.txt:3"})}


def test_a_short_item_whose_few_words_recur_in_an_article_is_no_evidence():
    bullet = Text("Landkreis Görlitz: Schülerinnen und Schüler der Oberschulen erhalten Tablets")
    article = Text(*WLAN_ARTICLE.split("\n\n", 1))
    shared, _ = overlap(bullet.words, article.words)
    assert similarity(bullet, article) >= THRESHOLD and shared < MIN_SHARED
    assert near_duplicate_similarity(bullet, article, frozenset()) == 0.0


def test_a_vocabulary_that_many_compared_stories_share_is_no_evidence_of_one_story():
    """Sixty stories of one place and day written from one vocabulary of a field stay apart,
    though any two share half their words; a rewritten story among them still joins."""
    rng = Random(3)
    nouns = ("Rathaus Bürgerbüro Antrag Formular Termin Schule Kita Förderung Glasfaser Netz "
             "Sensor Cloud Server Software Lizenz Vertrag Stadtrat Ausschuss Haushalt Verkehr "
             "Plattform Portal Konzept Projekt Strategie Team Labor Daten Karte Dienst").split()
    texts = [Text(" ".join(rng.choice(nouns) for _ in range(25))) for _ in range(60)]
    texts += [Text(f"Open-Data-Portal gestartet {PORTAL}"),
              Text(f"Verwaltungsdaten für alle {PORTAL_REWRITTEN}")]
    date = datetime.date(2025, 6, 2)
    profiles = {index: Profile((f"p{index}.txt", 1), frozenset({f"p{index}.txt"}), date, text)
                for index, text in enumerate(texts)}
    pairs = candidate_pairs([{"kassel"}] * len(texts), [date] * len(texts))
    assert max(near_duplicate_similarity(texts[i], texts[j], frozenset())
               for i, j in combinations(range(60), 2)) >= THRESHOLD  # alone, they would join
    groups, links = near_duplicate_groups(pairs, profiles)
    assert groups == [[60, 61]] and [(link.first, link.second) for link in links] == [(60, 61)]
