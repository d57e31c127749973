"""Importing the five seed pages: entries, merged duplicates, dates, places and topics."""
from pathlib import Path

import frontmatter
import pytest
from conftest import digest

from builder.content import load_content
from builder.model import REGIONS


@pytest.fixture
def imported(project: Path) -> dict[str, dict]:
    result = digest("import")
    assert result.exit_code == 0, result.output
    return {post["id"]: {**post.metadata, "body": post.content}
            for post in map(frontmatter.load, (project / "content/articles").rglob("*.md"))}


def by_source(entries: dict, file_prefix: str, line: int) -> dict:
    [entry] = [e for e in entries.values()
               if any(s["file"].startswith(file_prefix) and s["line"] == line for s in e["sources"])]
    return entry


def test_report_counts_per_source_and_totals(project):
    result = digest("import")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "000_c61680506f332573.txt: 21 items, 21 entries, 2 chrome lines, 23 lines"
    assert lines[1].startswith("001_cb720e2e6aee53d5.txt: 16 items, 16 entries, 55 chrome lines")
    assert lines[3].startswith("003_31b9da3b39713f7d.txt: 17 items, 17 entries, 7 chrome lines")
    assert lines[5].startswith("5 sources, 72 entries (72 created, 0 refreshed, 0 unchanged, "
                               "0 kept, 0 skipped), 14 duplicate items merged, 64 chrome lines")
    assert lines[5].endswith(" s")


def test_every_entry_is_valid_and_ids_are_unique_url_segments(imported, project):
    loaded = load_content(project / "content")
    assert loaded.errors == []
    assert len(loaded.entries) == 72
    for entry_id in imported:
        assert entry_id == entry_id.lower() and "/" not in entry_id and len(entry_id) <= 120


def test_same_teaser_on_two_pages_is_one_entry_with_both_sources(imported):
    hamburg = imported["2025-01-22-hamburg-neue-digitalstrategie-vorgestellt"]
    assert hamburg["sources"] == [{"file": "001_cb720e2e6aee53d5.txt", "line": 62},
                                  {"file": "004_e41f94661f36a895.txt", "line": 20}]
    assert hamburg["kicker"] == "Hamburg" and hamburg["title"] == "Neue Digitalstrategie vorgestellt"
    assert hamburg["regions"] == ["Hamburg"] and hamburg["places"] == ["Hamburg"]
    assert "Digitalstrategie" in hamburg["topics"]
    assert hamburg["section"] == "Politik"  # from page 001, which has the section heading
    assert hamburg["image"] == {"alt": "Eine Person blättert in einer Broschüre zur neuen "
                                       "Hamburger Digitalstrategie"}
    assert "mehr..." not in hamburg["summary"]


def test_glued_article_keeps_its_own_date_not_the_page_view_date(imported):
    article = by_source(imported, "001", 3)
    assert article["kicker"] == "Internetwoche Köln"
    assert article["title"] == "Kommunen fordern Zusammenarbeit"
    assert str(article["date"]) == "2015-10-21"  # not "Montag, 10. März 2025" above it
    assert article["review"] == ["kicker"]
    assert article["body"].startswith("Zum Auftakt der Internetwoche in Köln")
    assert {"Köln", "Aachen"} <= set(article["places"])


def test_article_with_image_and_date_hint(imported):
    potsdam = by_source(imported, "004", 1)
    assert (potsdam["kicker"], potsdam["title"]) == ("Potsdam", "Impulse für die Digitalisierung")
    assert "date" not in potsdam
    assert potsdam["date_hint"] == "Novemberwochenende 2017"
    assert potsdam["image"]["credit"] == "Landeshauptstadt Potsdam/ Frank Daenzer"
    assert potsdam["image"]["caption"].startswith("Potsdams Bürgermeister Burkhard Exner")
    assert "data:image" not in str(potsdam)
    assert potsdam["regions"][0] == "Brandenburg"


def test_untitled_items_get_a_headline_and_review_and_no_invented_date(imported):
    untitled = [e for e in imported.values() if e["sources"][0]["file"].startswith(("000", "003"))]
    assert len(untitled) == 38
    for entry in untitled:
        assert "title" in entry["review"]
        assert "date" not in entry  # "Ausgabe 1/2021 (VÖ: 12. MÄRZ 2021)" is shop chrome
        assert 10 <= len(entry["title"]) <= 132  # a sentence, a main clause or cut words
    assert by_source(imported, "000", 12)["title"] == "Zu teuer und zu aufwändig"


def test_newsletter_bullet_carries_its_section(imported):
    muenster = by_source(imported, "003", 3)
    assert muenster["section"] == "Projekte – Digitale Beteiligung und Kompetenzen der Stadtgesellschaft"
    assert muenster["places"] == ["Münster"] and muenster["regions"] == ["Nordrhein-Westfalen"]
    assert muenster["topics"] == ["Bürgerbeteiligung"]
    assert "Mehr erfahen" not in muenster["summary"]


@pytest.mark.parametrize("source, line, regions, places", [
    ("001", 22, ["Bayern"], ["München"]),                        # "Der Münchner Stadtrat"
    ("002", 1, ["Thüringen"], []),                               # "Thüringer Kommunen"
    ("003", 12, ["Baden-Württemberg"], []),                      # "baden-württembergische"
    ("003", 21, ["Bayern"], ["München"]),                        # "Münchener Stadtrat"
    ("000", 11, ["EU"], []),                                     # EU-Minister; "Leipzig-Charta"
    ("000", 2, ["Baden-Württemberg"], ["Karlsruhe", "Stuttgart", "Neckar-Alb"]),
    ("004", 34, ["Bremen"], ["Bremen"]),                         # "Dr. Martin Hagen" is no place
    ("001", 44, ["Nordrhein-Westfalen"], ["Kreis Recklinghausen"]),
    ("000", 15, ["Saarland", "Hessen", "Rheinland-Pfalz"], []),  # "OZG-Verbund Mitte"
    ("000", 17, ["Bund"], []),                                   # "Bund, Länder und Kommunen"
    ("002", 18, ["Schleswig-Holstein"], []),                     # "Bundesland" is not Bund
])
def test_regions_and_places(imported, source, line, regions, places):
    entry = by_source(imported, source, line)
    assert entry["regions"] == regions
    assert entry.get("places", []) == places


def test_ambiguous_place_is_flagged_for_review(imported):
    dillingen = by_source(imported, "003", 9)
    assert dillingen["places"] == ["Dillingen"]
    assert "regions" not in dillingen
    assert {"places", "regions"} <= set(dillingen["review"])


def test_topics_come_from_the_vocabulary(imported, project):
    loaded = load_content(project / "content")
    assert not [p for p in loaded.problems if p.field == "topics"]
    assert all(set(e.regions) <= set(REGIONS) for e in loaded.entries)
    assert by_source(imported, "000", 20)["topics"] == ["IT-Sicherheit"]
    assert by_source(imported, "000", 1)["topics"] == ["Open Source & Souveränität"]
