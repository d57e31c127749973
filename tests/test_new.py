"""`digest new` and drafts."""
import datetime
import re
from pathlib import Path

from conftest import digest
from sitecheck import vnu_errors

from builder.clock import newsroom_today
from builder.content import load_content


def test_new_writes_a_valid_draft_with_today_and_prints_its_path(project: Path):
    result = digest("new", "Neue Lernplattform", "--region", "Bayern", "--place", "München",
                    "--topic", "Smart City")
    assert result.exit_code == 0
    today = newsroom_today()
    path = f"content/articles/{today.year}/{today.isoformat()}-neue-lernplattform.md"
    assert result.stdout == path + "\n"
    loaded = load_content(project / "content")
    [entry] = loaded.entries
    assert loaded.errors == []
    assert (entry.status, entry.date, entry.regions, entry.places, entry.topics) == \
        ("draft", today, ("Bayern",), ("München",), ("Smart City",))


def test_a_second_new_with_the_same_title_is_refused_unless_forced(project: Path):
    first = digest("new", "Gleicher Titel").stdout.strip()
    again = digest("new", "Gleicher Titel")
    assert again.exit_code == 1 and again.stdout == ""
    assert again.stderr == (f"error: {first} already has this title and date: choose a different "
                            "title, or give --force to write a second entry\n")
    assert len(load_content(project / "content").entries) == 1
    forced = digest("new", "Gleicher Titel", "--force")
    assert forced.exit_code == 0 and forced.stdout.strip().endswith("-gleicher-titel-2.md")
    assert len({e.id for e in load_content(project / "content").entries}) == 2
    other_day = digest("new", "Gleicher Titel", "--date", "2025-03-01")  # another id: no clash
    assert other_day.stdout == "content/articles/2025/2025-03-01-gleicher-titel.md\n"


def test_new_with_a_date_files_the_entry_under_that_day_and_refuses_a_bad_one(project: Path):
    result = digest("new", "Rückblick auf den Digitaltag", "--date", "2025-03-01")
    assert result.stdout == "content/articles/2025/2025-03-01-rueckblick-auf-den-digitaltag.md\n"
    [entry] = load_content(project / "content").entries
    assert (entry.date, entry.added) == (datetime.date(2025, 3, 1), newsroom_today())
    for bad in ("2025-02-30", "1.3.2025", "2025-3-1", "gestern"):
        refused = digest("new", "Anderer Titel", "--date", bad)
        assert refused.exit_code == 1
        assert refused.stderr == (f'error: --date: "{bad}" is not a day (YYYY-MM-DD, '
                                  'like 2025-03-01)\n'), bad
    assert len(load_content(project / "content").entries) == 1


def test_new_refuses_unknown_regions_and_topics_with_suggestions(project: Path):
    result = digest("new", "X", "--region", "Bayren")
    assert result.exit_code == 1
    assert result.stderr == 'error: --region: unknown value "Bayren" (did you mean "Bayern"?)\n'
    result = digest("new", "X", "--topic", "Smartcity")
    assert result.stderr == 'error: --topic: unknown value "Smartcity" (did you mean "Smart City"?)\n'
    result = digest("new", "X", "--topic", "KI")  # a keyword of the topic
    assert result.stderr == 'error: --topic: unknown value "KI" (did you mean "Künstliche Intelligenz"?)\n'
    assert not (project / "content/articles").exists()


def test_drafts_stay_out_of_the_build_unless_asked(project: Path):
    digest("import", "-q")
    path = project / digest("new", "Entwurf ohne Veröffentlichung", "--region", "Bayern").stdout.strip()
    draft_id = path.stem
    assert digest("build").exit_code == 0
    assert not (project / f"site/artikel/{draft_id}").exists()
    assert draft_id not in (project / "site/regionen/bayern/index.html").read_text()
    assert digest("build", "--drafts").exit_code == 0
    assert (project / f"site/artikel/{draft_id}/index.html").exists()


def _draft_marks(html: str) -> list[str]:
    """The titles marked Entwurf on a page (the mark right before the link to the entry)."""
    return re.findall(r'<span class="entwurf">Entwurf</span> <a href="[^"]*">([^<]*)</a>', html)


def test_a_preview_build_marks_drafts_and_keeps_them_out_of_feeds_sitemap_and_search(project: Path):
    digest("import", "-q")
    digest("new", "Neue Lernplattform für Schulen", "--region", "Bayern", "--place", "Würzburg",
           "--topic", "Bildung")
    draft_id = f"{newsroom_today().isoformat()}-neue-lernplattform-fuer-schulen"
    assert digest("build", "--drafts").exit_code == 0
    site = project / "site"
    entry_page = (site / f"artikel/{draft_id}/index.html").read_text()
    assert '<p class="entwurf-hinweis"><span class="entwurf">Entwurf</span>' in entry_page
    assert "<title>Entwurf: Neue Lernplattform für Schulen" in entry_page
    assert '<meta name="robots" content="noindex">' in entry_page
    for listing in ("index.html", "regionen/bayern/index.html", "themen/bildung/index.html",
                    "orte/wuerzburg/index.html"):
        assert _draft_marks((site / listing).read_text()) == ["Neue Lernplattform für Schulen"], listing
    published = (site / "artikel" / next(p.name for p in (site / "artikel").iterdir()
                                         if p.name != draft_id) / "index.html").read_text()
    assert "entwurf" not in published  # published entries carry no mark
    public = [site / "sitemap.xml", *site.rglob("feed.xml"), *(site / "assets/suche").glob("*.js")]
    assert [path for path in public if draft_id in path.read_text()] == []
    assert "orte/wuerzburg" not in (site / "sitemap.xml").read_text()  # a page only for the draft
    assert "<entry>" not in (site / "orte/wuerzburg/feed.xml").read_text()  # its page links it
    assert "regionen/bayern/" in (site / "sitemap.xml").read_text()
    assert vnu_errors([site / f"artikel/{draft_id}/index.html", site / "index.html",
                       site / "regionen/bayern/index.html"]) == []


def test_rejected_entries_never_appear(project: Path):
    digest("import", "-q")
    hamburg = next((project / "content/articles/2025").glob("*hamburg-neue-digitalstrategie*"))
    hamburg.write_text(hamburg.read_text().replace("status: published", "status: rejected"))
    assert digest("build", "--drafts").exit_code == 0
    assert not (project / f"site/artikel/{hamburg.stem}").exists()
    assert "Neue Digitalstrategie vorgestellt" not in (project / "site/index.html").read_text()
