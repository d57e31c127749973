"""Recall@10 and precision@10 of the site's search over the German query set
(tests/search_queries.yaml), on the built seed site and on the seeds with a generated archive;
queries without relevant entries find nothing. Works with any index format: results come
from `searchnode.search` over the built site."""
from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest
from conftest import ROOT, digest
from searchnode import search

from benchmarks.corpus import entries as synthetic
from benchmarks.corpus import write
from benchmarks.search_quality import (
    ARCHIVE_SIZE,
    load_queries,
    mean_scores,
    precision_at,
    recall_at,
    relevant,
    scores,
    words_of,
)
from builder.content import load_content
from builder.model import Entry
from builder.taxonomy import load_vocabulary

QUERIES = load_queries()
TARGET = 0.9  # issue 17: recall@10 and precision@10 at least 0.9 each


@pytest.fixture(scope="module")
def generated() -> list[Entry]:
    return synthetic(ARCHIVE_SIZE, topics=list(load_vocabulary(ROOT / "content/topics.yaml").names()))


def build_site(folder: Path, cache: Path, extra: list[Entry]) -> Path:
    """The seed content plus `extra` entries, built by `digest build` into folder/site."""
    shutil.copytree(ROOT / "content", folder / "content", ignore=shutil.ignore_patterns(".*"))
    if extra:
        write(extra, folder / "content" / "articles")
        lines = "".join(f"Synthetische Meldung {number}\n" for number in range(1, len(extra) + 1))
        (folder / "content" / "sources" / "synthetisch.txt").write_text(lines, encoding="utf-8")
    (folder / ".cache").symlink_to(cache, target_is_directory=True)
    done = digest("build", "-q", "--content", str(folder / "content"), "--out", str(folder / "site"))
    assert done.exit_code == 0, done.output
    return folder / "site"


@pytest.fixture(scope="module")
def seed_results(tmp_path_factory, geonames_cache) -> list[list[str]]:
    site = build_site(tmp_path_factory.mktemp("seeds"), geonames_cache, [])
    return search(site, [query["query"] for query in QUERIES])


@pytest.fixture(scope="module")
def archive_results(tmp_path_factory, geonames_cache, generated) -> list[list[str]]:
    site = build_site(tmp_path_factory.mktemp("archive"), geonames_cache, generated)
    return search(site, [query["query"] for query in QUERIES])


def fold(text: str) -> str:
    """Lower case without accents, ß as ss: how the checks below compare spellings."""
    text = text.lower().replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def test_recall_and_precision_count_the_first_ten_results():
    found = [f"e{number}" for number in range(12)]
    assert recall_at(found, {"e0", "e11"}) == 0.5  # e11 is on the second page
    assert recall_at(found, {f"e{number}" for number in range(20)}) == 1.0  # ten of twenty fit
    assert precision_at(found, {"e0", "e1", "e11"}) == 0.2
    assert precision_at(found[:2], {"e0"}) == 0.5
    assert precision_at([], {"e0"}) == 0.0


def test_the_set_has_sixty_queries_judged_over_seed_entries():
    ids = {entry.id for entry in load_content(ROOT / "content").entries}
    assert len(QUERIES) >= 60
    for query in QUERIES:
        judged = set(query["expect"]) | set(query.get("also", ()))
        unrelated = set(query.get("unrelated", ()))
        assert judged | unrelated <= ids, (query["query"], sorted((judged | unrelated) - ids))
        assert not judged & unrelated, query["query"]
    assert sum(1 for query in QUERIES if not relevant(query)) >= 5


def test_every_archive_rule_selects_generated_entries(generated):
    """A misspelt place or word would make a rule select nothing and the judgment vacuous."""
    for query in QUERIES:
        for rule in query.get("archive", ()):
            assert relevant({"expect": [], "archive": [rule]}, generated), (query["query"], rule)


def test_queries_without_archive_rule_name_no_word_of_the_generator(generated):
    """Generated entries are judged unrelated only to queries whose words no one of them holds
    together (in any spelling: accents and ß folded)."""
    held = [{fold(word) for word in (*words_of(entry), *entry.places, *entry.regions)}
            for entry in generated]
    for query in QUERIES:
        if not query.get("archive"):
            named = {fold(word) for word in query["query"].replace(":", " ").replace("*", " ").split()}
            assert not any(named <= words for words in held), query["query"]


def report(title: str, per_query, wanted, capsys) -> None:
    with capsys.disabled():
        print(f"\n{title}\nquery | relevant | recall@10 | precision@10")
        for query, score, rel in zip(QUERIES, per_query, wanted, strict=True):
            if score is not None and min(score) < 1:
                print(f"{query['query']} | {len(rel)} | {score[0]:.2f} | {score[1]:.2f}")
        judged = sum(1 for score in per_query if score is not None)
        recall, precision = mean_scores(per_query)
        print(f"mean over {judged} queries | | {recall:.3f} | {precision:.3f}")


def test_recall_and_precision_at_ten_over_the_seeds(seed_results, capsys):
    wanted = [relevant(query) for query in QUERIES]
    per_query = scores(seed_results, wanted)
    report("seeds (queries below 1.0)", per_query, wanted, capsys)
    recall, precision = mean_scores(per_query)
    assert recall >= TARGET and precision >= TARGET, (recall, precision)


def test_recall_and_precision_at_ten_over_seeds_and_generated_archive(archive_results, generated, capsys):
    wanted = [relevant(query, generated) for query in QUERIES]
    per_query = scores(archive_results, wanted)
    report(f"seeds and {ARCHIVE_SIZE} generated entries (queries below 1.0)", per_query, wanted, capsys)
    recall, precision = mean_scores(per_query)
    assert recall >= TARGET and precision >= TARGET, (recall, precision)


def test_queries_without_relevant_entries_find_nothing(seed_results, archive_results, generated):
    found_wrongly = {}
    for number, query in enumerate(QUERIES):
        if not relevant(query) and seed_results[number]:
            found_wrongly[f"{query['query']} (seeds)"] = seed_results[number][:3]
        if not relevant(query, generated) and archive_results[number]:
            found_wrongly[f"{query['query']} (archive)"] = archive_results[number][:3]
    assert not found_wrongly
