"""Provenance readers can follow (issue 16): an entry page names the publisher of each source,
links the original page where its address is known and says when it was retrieved; the file
name and line of a raw source page are for editors only. A hand-written entry cites a web
page (`sources: - {url: …, publisher: …, retrieved: …}`)."""
import datetime
import re
from pathlib import Path

import pytest
import yaml
from conftest import digest

from builder.clock import newsroom_today
from builder.content import load_content
from builder.entry_yaml import plain_dump
from builder.model import Entry, Source, styled_front_matter, to_markdown

HAND_WRITTEN = """---
id: 2025-03-01-kommune21-test
title: Glasfaser für alle Ortsteile
date: 2025-03-01
regions: [Bayern]
topics: [Smart City]
summary: Eine Gemeinde schließt alle Ortsteile an.
sources:
- {url: https://www.kommune21.de/meldung_1.html, publisher: Kommune21, retrieved: 2025-03-02}
status: published
---
Die Gemeinde verlegt Glasfaser bis in den letzten Ortsteil.
"""
HAND_PAGE = "site/artikel/2025-03-01-kommune21-test/index.html"
HAMBURG = "site/artikel/2025-01-22-hamburg-neue-digitalstrategie-vorgestellt/index.html"
EDITORS_ONLY = re.compile(r"Zeile \d|\d{3}_[0-9a-f]{16}|\.txt\b")


def write_entry(project: Path, text: str, name: str = "hand.md") -> Path:
    path = project / "content/articles/2025" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def sources_of(page: str) -> str:
    """The text of an entry page's source list (tags removed)."""
    match = re.search(r"<dt>Quellen?</dt><dd>(.*?)</dd>", page, re.S)
    assert match, "no source list"
    return re.sub(r"<[^>]+>", "", match.group(1))


@pytest.fixture
def built(project: Path) -> Path:
    assert digest("import", "-q").exit_code == 0
    write_entry(project, HAND_WRITTEN)
    result = digest("build")
    assert result.exit_code == 0, result.output
    return project


def test_imported_entry_shows_publisher_and_german_retrieval_date(built: Path):
    page = (built / HAMBURG).read_text()
    shown = sources_of(page)
    assert "Kommunales Nachrichtenportal, Rubrik Politik" in shown
    assert "abgerufen am 10. März 2025" in shown
    assert '<time datetime="2025-03-10">10. März 2025</time>' in page
    assert "<dt>Quellen</dt>" in page  # two source pages, two publishers' lines


def test_no_published_page_shows_a_file_name_or_line(built: Path):
    pages = sorted((built / "site").rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        text = path.read_text()
        assert not EDITORS_ONLY.search(text), (path, EDITORS_ONLY.search(text))


def test_hand_written_url_source_is_shown_with_its_link(built: Path):
    page = (built / HAND_PAGE).read_text()
    assert ('<dt>Quelle</dt><dd><ul class="quellen"><li><a href="https://www.kommune21.de/'
            'meldung_1.html" rel="external noreferrer">Kommune21</a>, abgerufen am <time '
            'datetime="2025-03-02">2. März 2025</time></li></ul></dd>') in page


def test_entry_without_source_shows_no_empty_heading(project: Path):
    text = HAND_WRITTEN.replace(HAND_WRITTEN[HAND_WRITTEN.index("sources:"):
                                             HAND_WRITTEN.index("status:")], "")
    write_entry(project, text)
    assert digest("build").exit_code == 0
    page = (project / HAND_PAGE).read_text()
    assert "Quelle" not in page and 'class="quellen"' not in page


def test_publisher_missing_shows_the_host(project: Path):
    write_entry(project, HAND_WRITTEN.replace(", publisher: Kommune21", ""))
    assert digest("build").exit_code == 0
    assert ">www.kommune21.de</a>, abgerufen am" in (project / HAND_PAGE).read_text()


def test_changed_source_page_metadata_rebuilds_entry_pages(built: Path):
    metadata = built / "content/source-pages.yaml"
    metadata.write_text(metadata.read_text().replace(
        "    retrieved: 2025-03-10\n",
        "    retrieved: 2025-03-10\n    url: https://example.org/politik\n"))
    assert digest("build").exit_code == 0
    assert '<a href="https://example.org/politik" rel="external noreferrer">Kommunales ' \
        "Nachrichtenportal, Rubrik Politik" in (built / HAMBURG).read_text()


SOURCE_LINE = ("- {url: https://www.kommune21.de/meldung_1.html, publisher: Kommune21, "
               "retrieved: 2025-03-02}")


@pytest.mark.parametrize("source, field, message", [
    ("- {url: 'javascript:alert(1)', publisher: X}", "sources.url", "must be a web address"),
    ("- {url: 'ftp://example.org/x'}", "sources.url", "must be a web address"),
    ("- {url: www.kommune21.de}", "sources.url", "must be a web address"),
    ("- {url: 'https://example.org/x', retrieved: 2025-02-30}", "sources.retrieved",
     "invalid value: day is out of range"),
    ("- {url: 'https://example.org/x', retrieved: 2. März 2025}", "sources.retrieved",
     "is not a date"),
    ("- {url: 'https://example.org/x', retrieved: 1025-03-01}", "sources.retrieved",
     "year 1025"),
])
def test_bad_url_or_date_is_one_located_error(project: Path, source: str, field: str,
                                              message: str):
    write_entry(project, HAND_WRITTEN.replace(SOURCE_LINE, source))
    result = digest("check")
    assert result.exit_code == 1
    problems = result.stdout.splitlines()[:-1]
    assert len(problems) == 1, result.stdout
    assert problems[0].startswith(f"error: content/articles/2025/hand.md:9: {field}: {message}"), \
        problems


def test_a_source_needs_file_and_line_or_url(project: Path):
    write_entry(project, HAND_WRITTEN.replace(SOURCE_LINE, "- {publisher: Kommune21}"))
    result = digest("check")
    assert result.exit_code == 1
    assert ("content/articles/2025/hand.md:9: sources: a source needs file and line "
            "(a page in content/sources) or url (a web page)") in result.stdout


def test_url_source_round_trips_byte_identical():
    entry = Entry(id="x", title="T", summary="S", sources=(
        Source(file="001_cb720e2e6aee53d5.txt", line=62),
        Source(url="https://www.kommune21.de/a,b?c=1#d", publisher="Kommune21: Das Portal",
               retrieved=datetime.date(2025, 3, 1)),
        Source(url="http://example.org/")))
    text = to_markdown(entry)
    assert ("sources:\n- {file: 001_cb720e2e6aee53d5.txt, line: 62}\n"
            "- {url: 'https://www.kommune21.de/a,b?c=1#d', publisher: 'Kommune21: Das Portal', "
            "retrieved: 2025-03-01}\n- {url: 'http://example.org/'}\n") in text
    assert text.split("---\n")[1] == plain_dump(styled_front_matter(entry))
    header = yaml.safe_load(text.split("---\n")[1])
    assert Entry.model_validate({**header, "body": entry.body}) == entry


def test_check_warns_for_a_published_entry_without_source(project: Path):
    text = HAND_WRITTEN.replace(HAND_WRITTEN[HAND_WRITTEN.index("sources:"):
                                             HAND_WRITTEN.index("status:")], "")
    write_entry(project, text)
    result = digest("check")
    assert result.exit_code == 0
    assert ("warning: content/articles/2025/hand.md:8: sources: published without a source"
            in result.stdout)
    assert digest("check", "--strict").exit_code == 1
    write_entry(project, text.replace("status: published", "status: draft"))
    assert "without a source" not in digest("check").stdout


def test_new_with_source_url_writes_a_url_source(project: Path):
    result = digest("new", "Neue Lernplattform", "--source-url",
                    "https://www.kommune21.de/meldung_2.html", "--publisher", "Kommune21")
    assert result.exit_code == 0, result.output
    path = project / result.stdout.strip()
    today = newsroom_today().isoformat()
    assert ("sources:\n- {url: 'https://www.kommune21.de/meldung_2.html', publisher: Kommune21, "
            f"retrieved: {today}}}\n") in path.read_text()
    loaded = load_content(project / "content")
    assert loaded.errors == []
    [entry] = loaded.entries
    assert entry.sources[0].url == "https://www.kommune21.de/meldung_2.html"


def test_new_refuses_a_bad_source_url(project: Path):
    result = digest("new", "X", "--source-url", "kommune21.de/meldung")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: --source-url: must be a web address")
    assert not (project / "content/articles").exists()


def test_source_pages_file_errors_name_file_line_and_field(project: Path):
    metadata = project / "content/source-pages.yaml"
    original = metadata.read_text()
    lines = original.splitlines()
    number = lines.index("    retrieved: 2025-03-10") + 1
    metadata.write_text(original.replace("retrieved: 2025-03-10", "retrieved: 10.03.2025"))
    result = digest("check")
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"error: content/source-pages.yaml:{number}: "
                           "pages.001_cb720e2e6aee53d5.txt.retrieved: "), line
    metadata.write_text(original.replace("    retrieved: 2025-03-10",
                                         "    url: kommune21.de"))
    [line] = digest("check").stderr.strip().splitlines()
    assert line == (f"error: content/source-pages.yaml:{number}: "
                    "pages.001_cb720e2e6aee53d5.txt.url: must be a web address starting with "
                    "https:// or http://, like https://example.org/meldung"), line
    metadata.write_text(original.replace("  004_e41f94661f36a895.txt:", "  005_gibt_es_nicht.txt:"))
    [line] = digest("check").stderr.strip().splitlines()
    assert line.startswith("error: content/source-pages.yaml:") and \
        ': pages: no source page "005_gibt_es_nicht.txt"' in line


def test_check_warns_for_a_cited_source_page_without_publisher(project: Path):
    assert digest("import", "-q").exit_code == 0
    assert "no publisher" not in digest("check").stdout
    metadata = project / "content/source-pages.yaml"
    text = metadata.read_text()
    start = text.index("  003_31b9da3b39713f7d.txt:")
    metadata.write_text(text[:start] + text[text.index("  004_e41f94661f36a895.txt:"):])
    result = digest("check")
    assert result.exit_code == 0
    [line] = [line for line in result.stdout.splitlines() if "no publisher" in line]
    assert re.fullmatch(r'warning: content/source-pages\.yaml:1: pages: no publisher for source '
                        r'page "003_31b9da3b39713f7d\.txt": readers of its \d+ published entries '
                        r"see no source \(add it under pages:\)", line), line
