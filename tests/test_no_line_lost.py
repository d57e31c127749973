"""Every source line ends up in an entry or in the report as chrome, with its reason."""
from pathlib import Path

from conftest import SEEDS, assert_every_line_accounted, digest, parse_text
from hypothesis import HealthCheck, given, settings
from pagegen import CHROME_ROLES, page

from builder.ingest.parse import parse_page
from builder.ingest.sources import read_source


def test_every_seed_line_is_accounted_for():
    for seed in SEEDS:
        assert_every_line_accounted(parse_page(read_source(seed)))


def test_report_names_an_entry_or_a_reason_for_every_seed_line(project: Path):
    result = digest("import", "--report")
    assert result.exit_code == 0
    assert "LOST" not in result.stdout
    covered: dict[str, set[int]] = {}
    current = None
    for line in result.stdout.splitlines():
        if line.startswith("== ") and line.endswith(".txt"):
            current = line[3:]
            covered[current] = set()
        elif current and line.startswith("  line "):
            span = line.split(":")[0].removeprefix("  line ")
            first, _, last = span.partition("-")
            covered[current] |= set(range(int(first), int(last or first) + 1))
        elif line == "== entries":
            current = None
    for seed in SEEDS:
        assert covered[seed.name] == set(range(1, len(read_source(seed).lines) + 1))
    assert "  line 1: chrome: page date" in result.stdout
    assert "  line 20: chrome: image placeholder (a file name, not alt text)" in result.stdout


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page())
def test_generated_pages_lose_no_line_and_never_make_chrome_an_entry(lines):
    parsed = parse_text("\n".join(text for _, text in lines))
    assert_every_line_accounted(parsed)
    item_lines = {number for item in parsed.items for number in item.lines}
    for number, (role, text) in enumerate(lines, start=1):
        if role in CHROME_ROLES:
            assert number not in item_lines, f"chrome line {number} {text!r} became an entry"
    generated_headings = sum(1 for role, text in lines if role == "item" and ": " in text
                             and text.split(": ")[0] in {"Köln", "München", "Potsdam", "Jena",
                                                         "Ulm", "Kiel", "Bochum", "Dillingen"})
    titled = sum(1 for item in parsed.items if item.title and item.kicker)
    assert titled >= generated_headings
