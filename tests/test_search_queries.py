"""The German query list over the seed content, run by the site's own engine in Node; and
the gain of indexing compound parts."""
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from searchnode import run_node

from builder.content import load_content
from builder.ingest.places import gazetteer_file, place_adjectives
from builder.search import index
from builder.search.analysis import Analyzer, load_lunr_german
from builder.search.compounds import CompoundSplitter
from builder.search.index import search_bytes

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yaml").read_text())


def build_index(folder: Path, compounds: bool, cache: Path) -> Path:
    """The seeds' index files in `folder` (with or without compound parts); their folder."""
    entries = load_content(ROOT / "content").entries
    german = load_lunr_german(ROOT / "node_modules/lunr-languages/lunr.de.js")
    splitter = CompoundSplitter(cache / "compounds.marshal") if compounds else None
    adjectives = place_adjectives(gazetteer_file(ROOT / "content"),
                                  sorted({place for entry in entries for place in entry.places}))
    files = search_bytes(entries, Analyzer(german, splitter), ROOT / "node_modules", adjectives)
    if splitter:
        splitter.save()
    for name, data in files.items():
        path = folder / name.removeprefix(index.FOLDER)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


@pytest.fixture(scope="module")
def results(tmp_path_factory, geonames_cache) -> dict[bool, list[list[str]]]:
    found = {}
    for compounds in (True, False):
        folder = build_index(tmp_path_factory.mktemp(f"index-{compounds}"), compounds, geonames_cache)
        found[compounds] = run_node(folder, queries=[q["query"] for q in QUERIES])["results"]
    return found


def test_the_list_has_at_least_twenty_queries():
    assert len(QUERIES) >= 20


def test_the_list_names_seed_entries_and_no_entry_both_expected_and_unrelated():
    """A misspelt id would make an expectation vacuous, above all an unrelated one."""
    ids = {entry.id for entry in load_content(ROOT / "content").entries}
    for query in QUERIES:
        expected, unrelated = set(query["expect"]), set(query.get("unrelated", ()))
        assert expected | unrelated <= ids, (query["query"], sorted((expected | unrelated) - ids))
        assert not expected & unrelated, query["query"]
    assert sum(len(query.get("unrelated", ())) for query in QUERIES) >= 60


@pytest.mark.parametrize("number", range(len(QUERIES)), ids=[q["query"] for q in QUERIES])
def test_query_finds_the_expected_entries_and_not_unrelated_ones(results, number):
    query = QUERIES[number]
    expected, unrelated = set(query["expect"]), set(query.get("unrelated", ()))
    found = results[True][number]
    assert expected <= set(found), f"missing: {sorted(expected - set(found))}"
    for compounds in (True, False):
        wrongly = unrelated & set(results[compounds][number])
        assert not wrongly, f"unrelated entries found (compound parts {compounds}): {sorted(wrongly)}"
    if query.get("exactly"):
        assert sorted(found) == sorted(expected)


def test_compound_parts_find_more_of_the_expected_entries(results, capsys):
    rows = []
    for number, query in enumerate(QUERIES):
        expected = set(query["expect"])
        rows.append((query["query"], len(expected), len(expected & set(results[False][number])),
                     len(expected & set(results[True][number]))))
    with capsys.disabled():
        print("\nquery | expected | found without compounds | found with compounds")
        for row in rows:
            print(" | ".join(map(str, row)))
        print(f"total | {sum(r[1] for r in rows)} | {sum(r[2] for r in rows)} | {sum(r[3] for r in rows)}")
    assert sum(r[3] for r in rows) == sum(r[1] for r in rows)
    assert sum(r[2] for r in rows) < sum(r[3] for r in rows)
