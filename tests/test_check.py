"""`digest check`: one line per problem with file, line and field, errors first and
labelled; exit 1 on errors."""
import re
from pathlib import Path

from conftest import digest

from builder.clock import newsroom_today


def write_entry(project: Path, text: str) -> Path:
    path = project / "content/articles/2025/test.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


GOOD = ("---\nid: 2025-01-01-test\ntitle: Test\ndate: 2025-01-01\nregions: [Bayern]\n"
        "topics: [Smart City]\nsummary: Ein Test.\n"
        "sources:\n- {url: 'https://example.org/test', publisher: Kommune21}\n---\nText.\n")


def test_clean_content_passes(project: Path):
    write_entry(project, GOOD)
    result = digest("check")
    assert result.exit_code == 0
    assert result.stdout == "1 entry checked: 0 errors, 0 warnings\n"


def test_unknown_topic_with_suggestion(project: Path):
    write_entry(project, GOOD.replace("topics: [Smart City]", "topics: [Smartcity]"))
    result = digest("check")
    assert result.exit_code == 1
    assert ('error: content/articles/2025/test.md:6: topics: unknown topic "Smartcity" '
            '(did you mean "Smart City"?)') in result.stdout


def test_unknown_key_unknown_region_impossible_date_and_yaml_error(project: Path):
    write_entry(project, GOOD.replace("title: Test", "titel: Test"))
    assert 'test.md:3: titel: unknown key (did you mean "title"?)' in digest("check").stdout
    write_entry(project, GOOD.replace("[Bayern]", "[Bayren]"))
    assert ('test.md:5: regions: unknown region "Bayren" (did you mean "Bayern"?)'
            in digest("check").stdout)
    write_entry(project, GOOD.replace("2025-01-01\n", "2025-02-30\n"))
    assert "test.md:4: date: " in digest("check").stdout
    write_entry(project, GOOD.replace("summary: Ein Test.", "summary: [unclosed"))
    result = digest("check")
    assert result.exit_code == 1 and "test.md:7: summary: YAML syntax error" in result.stdout


def test_review_flags_fail_strict_only_where_site_yaml_says_they_block(project: Path):
    write_entry(project, GOOD.replace("summary: Ein Test.", "summary: Ein Test.\nreview: [title]"))
    assert digest("check").exit_code == 0
    result = digest("check", "--strict")
    assert result.exit_code == 0  # the shipped setting: review_blocks_publishing: false
    assert result.stdout.splitlines()[-1] == (
        "1 entry checked: 0 errors, 1 warning (review flags do not fail --strict: "
        "review_blocks_publishing is false)")
    site = project / "content/site.yaml"
    site.write_text(site.read_text().replace("review_blocks_publishing: false",
                                             "review_blocks_publishing: true"))
    assert digest("check", "--strict").exit_code == 1
    write_entry(project, GOOD.replace("Text.", "Text der Meldung."))  # another warning
    site.write_text(site.read_text().replace("review_blocks_publishing: true",
                                             "review_blocks_publishing: false"))
    assert digest("check", "--strict").exit_code == 1


def test_a_bad_setting_is_one_located_error(project: Path):
    site = project / "content/site.yaml"
    site.write_text(site.read_text().replace("review_blocks_publishing: false",
                                             "review_blocks_publishing: vielleicht"))
    result = digest("check")
    assert result.exit_code == 1
    assert re.fullmatch(r"error: content/site\.yaml:\d+: review_blocks_publishing: .*\n",
                        result.stderr)


def write(project: Path, name: str, text: str) -> str:
    path = project / "content/articles" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return f"content/articles/{name}"


def test_errors_come_first_labelled_then_warnings_and_a_summary_with_plurals(project: Path):
    assert digest("import", "-q").exit_code == 0
    broken = write(project, "2025/kaputt.md", GOOD.replace("id: 2025-01-01-test", "id: kaputt")
                   .replace("[Smart City]", "[KI]"))
    result = digest("check")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (f'error: {broken}:6: topics: unknown topic "KI" '
                        '(did you mean "Künstliche Intelligenz"?)')
    assert all(line.startswith("warning: ") for line in lines[1:-1]) and len(lines) == 45
    assert lines[-1] == "73 entries checked: 1 error, 43 warnings"
    only = digest("check", "--errors-only")
    assert only.exit_code == 1
    assert only.stdout.splitlines() == [lines[0], lines[-1]]


def test_paths_check_single_files(project: Path):
    assert digest("import", "-q").exit_code == 0
    broken = write(project, "2025/kaputt.md", GOOD.replace("id: 2025-01-01-test", "id: kaputt")
                   .replace("[Smart City]", "[Smartcity]").replace("title: Test", "title: Anders"))
    good = write(project, "2025/gut.md", GOOD)
    result = digest("check", good)
    assert (result.exit_code, result.stdout) == (0, "1 file checked: 0 errors, 0 warnings\n")
    result = digest("check", good, broken)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "2 files checked: 1 error, 0 warnings"
    assert digest("check", "nicht-da.md").exit_code == 2  # click: the path does not exist
    result = digest("check", "content/topics.yaml")
    assert (result.exit_code, result.stderr) == (1, "error: content/topics.yaml: is not an entry "
                                                    "file (a .md file below content/articles)\n")
    result = digest("check", "content/articles/2025")
    files = len(list((project / "content/articles/2025").glob("*.md")))
    assert result.exit_code == 1 and result.stdout.splitlines()[-1].startswith(
        f"{files} files checked: 1 error, ")


def test_places_are_checked_against_the_gazetteer(project: Path):
    path = write(project, "2025/orte.md", GOOD.replace("summary:", "places: [Ulm, Ulmm, Atlantis]\nsummary:"))
    result = digest("check")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f'warning: {path}:7: places: "Ulmm" is not a place of the gazetteer (did you mean "Ulm"?)',
        f'warning: {path}:7: places: "Atlantis" is not a place of the gazetteer (a typo, or add '
        "it to gazetteer.yaml)",
        "1 entry checked: 0 errors, 2 warnings"]


def test_placeholder_text_and_a_summary_that_repeats_the_title(project: Path):
    draft = write(project, "2025/entwurf.md", GOOD.replace("Text.", "Text der Meldung.")
                  .replace("summary: Ein Test.", "summary: Test.")
                  .replace("\ntitle", "\nstatus: draft\ntitle"))
    result = digest("check")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == [
        f'warning: {draft}:12: body: still the placeholder "Text der Meldung.": write the text '
        "of the news",
        f"warning: {draft}:8: summary: repeats the title: say in a sentence or two what happened"]
    published = write(project, "2025/entwurf.md", GOOD.replace("Text.", "Text der Meldung."))
    result = digest("check")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f'error: {published}:11: body: still the placeholder "Text der Meldung.": write the text '
        "of the news")


def test_a_hand_written_entry_and_an_imported_one_about_the_same_story(project: Path):
    assert digest("import", "-q").exit_code == 0
    today = newsroom_today()
    new = digest("new", "Dortmund setzt auf Open Source", "--summary",
                 "Der Stadtrat von Dortmund hat beschlossen: Open-Source-Software hat grundsätzlich "
                 "Vorrang vor proprietärer Software in der Verwaltung der Stadt Dortmund.")
    assert new.exit_code == 0
    hand = new.stdout.strip()
    result = digest("check")
    duplicates = [line for line in result.stdout.splitlines() if "likely the same story" in line]
    imported = ("content/articles/undatiert/"
                "die-stadt-dortmund-raeumt-dem-einsatz-von-open-source-software-grundsaetzlich.md")
    first, second = sorted([hand, imported])
    assert duplicates == [f"warning: {first}:3: title: likely the same story as {second} (similar "
                          "text, dates agree): merge them or reject one (status: rejected)"]
    assert hand.startswith(f"content/articles/{today.year}/")
    assert digest("check", hand).stdout.count("likely the same story") == 1
    assert digest("check", imported).stdout.count("likely the same story") == 1


def test_broken_topic_vocabulary_is_one_located_error_and_nothing_is_imported(project: Path):
    topics = project / "content/topics.yaml"
    topics.write_text(topics.read_text().replace("slug: smart-city", "slug: Smart City!"))
    result = digest("import")
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: content/topics.yaml:") and ": topics.2.slug: String should match" in line
    assert not (project / "content/articles").exists()
