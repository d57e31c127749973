"""The importer on pages it was not developed on, scored against hand-made truth
(tests/heldout/README.md), and the seeds against theirs; and what `digest score` counts.

The issue's targets for the held-out pages are the TARGET_* constants. Where today's importer
does not reach a target yet, the test holds a floor (today's value less 0.02, or today's
count) so that nothing gets worse; raise it as the importer improves.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT, digest, prepare_project

from builder.ingest.score import score_pages, table

HELDOUT = ROOT / "tests" / "heldout"

# The targets on held-out pages.
TARGET_RECALL = 0.98
TARGET_MERGED = 0
TARGET_SPLIT = 0
TARGET_SPURIOUS = 0
TARGET_TITLES = 0.95
TARGET_KICKERS = 0.95
TARGET_DATES = 1.0
TARGET_INVENTED_DATES = 0
TARGET_REGIONS_F1 = 0.9
TARGET_PLACES_F1 = 0.85
TARGET_TOPICS_F1 = 0.75

# (metric, "min" or "max", bound): a target where it is met, else today's floor.
HELDOUT_BOUNDS = [
    ("recall", "min", TARGET_RECALL),
    ("merged", "max", TARGET_MERGED),
    ("split", "max", TARGET_SPLIT),
    ("spurious", "max", TARGET_SPURIOUS),
    ("titles", "min", TARGET_TITLES),
    ("kickers", "min", TARGET_KICKERS),
    ("dates", "min", TARGET_DATES),
    ("invented_dates", "max", TARGET_INVENTED_DATES),
    ("regions_f1", "min", TARGET_REGIONS_F1),
    ("places_f1", "min", TARGET_PLACES_F1),
    ("topics_f1", "min", TARGET_TOPICS_F1),
    ("stories_joined", "min", 0.8),        # no target in the issue; 8 of 10 today
]

# No regression on the seeds: today's counts, and today's values (F1 less 0.02: topic and
# place judgements are the truth's, not the seeds').
SEED_BOUNDS = [
    ("recall", "min", 1.0),
    ("merged", "max", 0),
    ("split", "max", 0),
    ("spurious", "max", 0),
    ("chrome_in_entries", "max", 0),
    ("item_lines_as_chrome", "max", 0),
    ("stories_joined", "min", 1.0),
    ("titles", "min", 1.0),
    ("kickers", "min", 1.0),
    ("dates", "min", 1.0),
    ("invented_dates", "max", 0),
    ("places_f1", "min", 0.98),
    ("regions_f1", "min", 0.97),
    ("topics_f1", "min", 0.85),
]


@pytest.fixture(scope="module")
def scores(tmp_path_factory, geonames_cache: Path) -> dict[str, dict]:
    """Both sets scored once, with the project's vocabularies; the table is printed."""
    content = prepare_project(tmp_path_factory.mktemp("project"), geonames_cache) / "content"
    results = {"held-out": score_pages(HELDOUT / "pages", HELDOUT / "truth", content),
               "seeds": score_pages(content / "sources", HELDOUT / "seeds-truth", content)}
    print("\n".join(table(results)))
    return {name: result.as_dict() for name, result in results.items()}


# The part of a problem line (`digest score -v`) that each metric counts.
PROBLEM_MARKS = {
    "recall": "missed", "merged": "merges", "split": "split", "spurious": "spurious",
    "chrome_in_entries": "chrome in entry", "item_lines_as_chrome": "is chrome",
    "stories_joined": "not joined", "titles": ": title:", "kickers": ": kicker:",
    "dates": ": date:", "invented_dates": ": date:", "places_f1": ": places:",
    "regions_f1": ": regions:", "topics_f1": ": topics:",
}


def _check(figures: dict, metric: str, kind: str, bound: float) -> None:
    """Assert a figure's bound; a failure lists the differences behind that figure."""
    value = figures[metric]
    problems = "\n".join(line for line in figures["problems"] if PROBLEM_MARKS[metric] in line)
    if kind == "min":
        assert value >= bound, f"{metric} {value:.3f} < {bound}:\n{problems}"
    else:
        assert value <= bound, f"{metric} {value} > {bound}:\n{problems}"


@pytest.mark.parametrize(("metric", "kind", "bound"), HELDOUT_BOUNDS,
                         ids=[metric for metric, _, _ in HELDOUT_BOUNDS])
def test_heldout_pages(scores: dict, metric: str, kind: str, bound: float):
    _check(scores["held-out"], metric, kind, bound)


@pytest.mark.parametrize(("metric", "kind", "bound"), SEED_BOUNDS,
                         ids=[metric for metric, _, _ in SEED_BOUNDS])
def test_seed_pages(scores: dict, metric: str, kind: str, bound: float):
    _check(scores["seeds"], metric, kind, bound)


PAGE = """\
Köln: Sperrmüll online anmelden
[03.03.2025] Kölnerinnen und Kölner melden Sperrmüll ab sofort online an. mehr...
Jena: E-Akte für alle Ämter
[21.02.2025] Die Stadt Jena führt die elektronische Akte in allen Ämtern ein. mehr...
"""

RIGHT = """\
items:
- lines: 1-2
  title: Sperrmüll online anmelden
  kicker: Köln
  date: 2025-03-03
  places: [Köln]
  regions: [Nordrhein-Westfalen]
  topics: [OZG & Onlinedienste]
- lines: 3-4
  title: E-Akte für alle Ämter
  kicker: Jena
  date: 2025-02-21
  places: [Jena]
  regions: [Thüringen]
  topics: [Verwaltungsmodernisierung]
"""

# Says the Köln heading and its teaser are two undated stories and the Jena item is chrome.
WRONG = """\
items:
- lines: 1
  title: Sperrmüll online anmelden
  kicker: Köln
  date: null
  places: [Köln]
  regions: [Nordrhein-Westfalen]
  topics: [OZG & Onlinedienste]
- lines: 2
  title: null
  kicker: null
  date: null
  places: [Köln]
  regions: [Nordrhein-Westfalen]
  topics: [OZG & Onlinedienste]
"""


def _score(project: Path, truth: str, *options: str):
    """`digest score pages truth` on PAGE with the given truth, in the project folder."""
    (project / "pages").mkdir()
    (project / "pages" / "teaser.txt").write_text(PAGE, encoding="utf-8")
    (project / "truth").mkdir()
    (project / "truth" / "teaser.yaml").write_text(truth, encoding="utf-8")
    return digest("score", "pages", "truth", *options)


def test_score_of_entries_that_match_the_truth(project: Path):
    result = _score(project, RIGHT, "--json")
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout)["pages"]
    assert (figures["items"], figures["entries"], figures["recall"]) == (2, 2, 1.0)
    assert (figures["merged"], figures["split"], figures["spurious"]) == (0, 0, 0)
    assert (figures["titles"], figures["kickers"], figures["dates"]) == (1.0, 1.0, 1.0)
    assert figures["chrome_in_entries"] == figures["item_lines_as_chrome"] == 0


def test_score_counts_merged_spurious_entries_and_invented_dates(project: Path):
    result = _score(project, WRONG, "--json")
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout)["pages"]
    assert figures["recall"] == 1.0
    assert figures["merged"] == 1           # one entry holds both "stories"
    assert figures["spurious"] == 1         # the Jena entry holds no truth item
    assert figures["chrome_in_entries"] == 2
    assert figures["invented_dates"] == 2   # 2025-03-03 where the truth has none
    assert figures["dates"] == 0.0
    assert any("merges 2 stories" in problem for problem in figures["problems"])


def test_score_prints_a_table_and_with_v_every_difference(project: Path):
    result = _score(project, WRONG, "-v")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "pages: teaser.txt:1: date: expected None, got 2025-03-03" in lines
    table_start = next(number for number, line in enumerate(lines) if line.split() == ["pages"])
    rows = dict(re.split(r"\s{2,}", line) for line in lines[table_start + 1:])
    assert rows["recall"] == "1.00 (2/2)"
    assert rows["merged entries"] == "1"
    assert rows["invented dates"] == "2"


def test_score_without_arguments_scores_the_heldout_pages_and_the_seeds(project: Path,
                                                                        scores: dict):
    (project / "tests").symlink_to(ROOT / "tests", target_is_directory=True)
    result = digest("score", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == scores


def test_score_refuses_a_topic_that_is_not_in_the_vocabulary(project: Path):
    (project / "pages").mkdir()
    (project / "pages" / "teaser.txt").write_text(PAGE, encoding="utf-8")
    (project / "truth").mkdir()
    (project / "truth" / "teaser.yaml").write_text(RIGHT.replace("[Verwaltungsmodernisierung]",
                                                                 "[Blockchain]"))
    result = digest("score", "pages", "truth")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "error: truth/teaser.yaml: items.1.topics: not in topics.yaml: ['Blockchain']"]


def test_score_refuses_a_page_without_truth(project: Path):
    (project / "pages").mkdir()
    (project / "pages" / "teaser.txt").write_text(PAGE, encoding="utf-8")
    (project / "truth").mkdir()
    result = digest("score", "pages", "truth")
    assert result.exit_code == 1
    assert "no truth file for page teaser.txt" in result.stderr
