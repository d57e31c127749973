"""`digest new` and drafts."""
import datetime
from pathlib import Path

from conftest import digest

from builder.content import load_content


def test_new_writes_a_valid_draft_with_today_and_prints_its_path(project: Path):
    result = digest("new", "Neue Lernplattform", "--region", "Bayern", "--place", "München",
                    "--topic", "Smart City")
    assert result.exit_code == 0
    today = datetime.date.today()
    path = f"content/articles/{today.year}/{today.isoformat()}-neue-lernplattform.md"
    assert result.stdout == path + "\n"
    loaded = load_content(project / "content")
    [entry] = loaded.entries
    assert loaded.errors == []
    assert (entry.status, entry.date, entry.regions, entry.places, entry.topics) == \
        ("draft", today, ("Bayern",), ("München",), ("Smart City",))


def test_new_never_reuses_an_id_or_overwrites(project: Path):
    first = digest("new", "Gleicher Titel").stdout.strip()
    second = digest("new", "Gleicher Titel").stdout.strip()
    assert first != second and second.endswith("-gleicher-titel-2.md")
    assert len({e.id for e in load_content(project / "content").entries}) == 2


def test_new_refuses_unknown_regions_and_topics_with_suggestions(project: Path):
    result = digest("new", "X", "--region", "Bayren")
    assert result.exit_code == 1
    assert result.stderr == 'error: --region: unknown value "Bayren" (did you mean "Bayern"?)\n'
    result = digest("new", "X", "--topic", "Smartcity")
    assert result.stderr == 'error: --topic: unknown value "Smartcity" (did you mean "Smart City"?)\n'
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


def test_rejected_entries_never_appear(project: Path):
    digest("import", "-q")
    hamburg = next((project / "content/articles/2025").glob("*hamburg-neue-digitalstrategie*"))
    hamburg.write_text(hamburg.read_text().replace("status: published", "status: rejected"))
    assert digest("build", "--drafts").exit_code == 0
    assert not (project / f"site/artikel/{hamburg.stem}").exists()
    assert "Neue Digitalstrategie vorgestellt" not in (project / "site/index.html").read_text()
