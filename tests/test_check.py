"""`digest check`: one line per problem with file, line and field; exit 1 on errors."""
from pathlib import Path

from conftest import digest


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
    assert result.stdout == "1 entries checked: 0 errors, 0 warnings\n"


def test_unknown_topic_with_suggestion(project: Path):
    write_entry(project, GOOD.replace("topics: [Smart City]", "topics: [Smartcity]"))
    result = digest("check")
    assert result.exit_code == 1
    assert ('content/articles/2025/test.md:6: topics: unknown topic "Smartcity" '
            '(did you mean "Smart City"?)') in result.stdout


def test_unknown_key_unknown_region_impossible_date_and_yaml_error(project: Path):
    write_entry(project, GOOD.replace("title: Test", "titel: Test"))
    assert 'test.md:3: titel: unknown key (did you mean "title"?)' in digest("check").stdout
    write_entry(project, GOOD.replace("[Bayern]", "[Bayren]"))
    assert 'test.md:5: regions: unknown region "Bayren" (did you mean "Bayern"?)' in digest("check").stdout
    write_entry(project, GOOD.replace("2025-01-01\n", "2025-02-30\n"))
    assert "test.md:4: date: " in digest("check").stdout
    write_entry(project, GOOD.replace("summary: Ein Test.", "summary: [unclosed"))
    result = digest("check")
    assert result.exit_code == 1 and "test.md:7: summary: YAML syntax error" in result.stdout


def test_review_is_a_warning_and_strict_makes_it_an_error(project: Path):
    write_entry(project, GOOD.replace("summary: Ein Test.", "summary: Ein Test.\nreview: [title]"))
    assert digest("check").exit_code == 0
    assert digest("check", "--strict").exit_code == 1


def test_broken_topic_vocabulary_is_one_located_error_and_nothing_is_imported(project: Path):
    topics = project / "content/topics.yaml"
    topics.write_text(topics.read_text().replace("slug: smart-city", "slug: Smart City!"))
    result = digest("import")
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: content/topics.yaml:") and ": topics.2.slug: String should match" in line
    assert not (project / "content/articles").exists()
