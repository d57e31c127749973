"""Index shards with stable boundaries: an added newest entry or an edited entry changes the
bytes of exactly one shard, so an incremental build re-indexes one small shard."""
import datetime
import json

import pytest
from conftest import ROOT, digest

from benchmarks.corpus import entries as synthetic
from builder.build import build
from builder.search import index
from builder.search.analysis import Analyzer, load_lunr_german
from builder.sitemodel.listings import newest_first

CHUNK = 20  # small shards keep these tests fast; the scheme does not depend on the size


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    monkeypatch.setattr(index, "CHUNK", CHUNK)


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(load_lunr_german(ROOT / "node_modules/lunr-languages/lunr.de.js"))


def shard_bytes(entries, analyzer) -> dict[str, bytes]:
    files = index.search_files(newest_first(entries), analyzer, ROOT / "node_modules")
    return {path: data for path, data in files.items() if "/shard-" in path}


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


def corpus(dated: int, undated: int = 5) -> list:
    """`dated` dated and `undated` undated synthetic entries."""
    first = datetime.date(2020, 1, 1)
    return [entry.model_copy(update={"date": None if number < undated else
                                     entry.date or first + datetime.timedelta(days=number)})
            for number, entry in enumerate(synthetic(dated + undated, seed=11))]


def newest(template, number: int = 1):
    """An entry newer than any of `corpus`."""
    return template.model_copy(update={"id": f"2026-01-0{number}-neu", "title": f"Neueste Meldung {number}",
                                       "date": datetime.date(2026, 1, number)})


def test_dated_shards_are_counted_from_the_oldest_entry_and_undated_ones_come_last():
    entries = newest_first(corpus(dated=3 * CHUNK + 7, undated=CHUNK + 1))
    parts = index.shards(entries)
    assert [number for number, _ in parts] == [5, 4, 3, 2, 0, 1]  # undated take the first numbers
    assert [len(part) for _, part in parts] == [7, CHUNK, CHUNK, CHUNK, CHUNK, 1]
    assert [e for _, part in parts[:4] for e in part] == [e for e in entries if e.date]
    assert [e for _, part in parts[4:] for e in part] == [e for e in entries if not e.date]
    assert parts[0][1][0] == entries[0]  # the newest entry opens the first shard
    assert index.shards([]) == [(0, [])]


def test_search_makers_list_the_shards_newest_first(analyzer):
    entries = newest_first(corpus(dated=2 * CHUNK + 1))
    paths = [path for path, part, _ in index.search_makers(entries, analyzer, ROOT / "node_modules")
             if part is not None]
    assert paths == ["assets/suche/shard-3.js", "assets/suche/shard-2.js", "assets/suche/shard-1.js",
                     "assets/suche/shard-0.js"]


@pytest.mark.parametrize("dated", [2 * CHUNK + 5, 2 * CHUNK], ids=["room-in-newest", "newest-full"])
def test_adding_a_newest_entry_changes_exactly_one_shard(analyzer, dated):
    entries = corpus(dated)
    before = shard_bytes(entries, analyzer)
    after = shard_bytes(entries + [newest(entries[-1])], analyzer)
    assert len(changed(before, after)) == 1
    assert len(after) == len(before) + (dated % CHUNK == 0)  # a full newest shard starts a new one


def test_adding_entries_one_by_one_touches_only_the_newest_shard(analyzer):
    entries = corpus(CHUNK - 2)
    before = shard_bytes(entries, analyzer)
    for number in range(1, 5):
        entries = entries + [newest(entries[-1], number)]
        after = shard_bytes(entries, analyzer)
        assert len(changed(before, after)) == 1
        before = after


@pytest.mark.parametrize("which", ["oldest dated", "middle dated", "newest dated", "undated"])
def test_editing_an_entry_changes_only_its_shard(analyzer, which):
    entries = newest_first(corpus(3 * CHUNK + 3))
    dated = [e for e in entries if e.date]
    target = {"oldest dated": dated[-1], "middle dated": dated[len(dated) // 2],
              "newest dated": dated[0], "undated": [e for e in entries if not e.date][2]}[which]
    edited = [e.model_copy(update={"summary": e.summary + " Nachtrag zum Breitbandausbau.",
                                   "body": e.body + "\n\nNeuer Absatz."}) if e is target else e
              for e in entries]
    before, after = shard_bytes(entries, analyzer), shard_bytes(edited, analyzer)
    (path,) = changed(before, after)
    assert target.id.encode() in after[path]


def test_shards_are_deterministic_with_keys_in_sorted_order(analyzer):
    entries = corpus(CHUNK + 3)
    first = shard_bytes(entries, analyzer)
    fresh = Analyzer(load_lunr_german(ROOT / "node_modules/lunr-languages/lunr.de.js"))
    assert shard_bytes(list(reversed(entries)), fresh) == first
    for data in first.values():
        text = data.decode()
        payload = json.loads(text.removeprefix("DigestSearch.addShard(").removesuffix(");\n"))
        assert text == "DigestSearch.addShard(" + json.dumps(
            payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + ");\n"


NEWEST_ENTRY = ("---\nid: 2026-01-01-neu\ntitle: Neueste Meldung\ndate: 2026-01-01\nregions: [Bayern]\n"
                "summary: Eine neue Meldung.\n---\nText.\n")


def test_a_build_after_adding_the_newest_entry_writes_one_shard(project):
    assert digest("import", "-q").exit_code == 0
    build(project / "content", project / "site")
    (project / "content/articles/2026").mkdir()
    (project / "content/articles/2026/neu.md").write_text(NEWEST_ENTRY)
    written = build(project / "content", project / "site").written_paths
    shards = [path for path in written if "/shard-" in path]
    page = (project / "site/suche/index.html").read_text()
    assert len(shards) == 1 and f'src="../{shards[0]}"' in page  # the newest shard, loaded first
    assert "suche/index.html" not in written
