"""The index built in Python, queried by the site's engine in Node: the ranking a newsroom
expects, recall where readers type, and an index that a new entry changes only where its
terms are."""
import datetime
import hashlib
import math
import re
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, digest
from hypothesis import given
from hypothesis import strategies as st
from searchnode import run_node

from benchmarks.corpus import entries as synthetic
from builder.build import build
from builder.content import load_content
from builder.ingest.places import gazetteer_file, place_adjectives
from builder.model import Entry
from builder.search import blocks, index, postings, words
from builder.search.analysis import Analyzer, load_lunr_german, normalise_text, tokens
from builder.search.compounds import CompoundSplitter, fallback_parts

FILLER = ("Der Landkreis informiert über die Sitzung des Ausschusses am Dienstag. Die Verwaltung "
          "beantwortet Fragen der Einwohner zum Ablauf.")


def entry(number: int, title: str, body: str, day: int = 1, **fields) -> Entry:
    return Entry(id=f"2025-03-{day:02d}-meldung-{number}", title=title, summary="Kurz gemeldet.",
                 date=datetime.date(2025, 3, day), body=f"{FILLER} {body}", **fields)


@pytest.fixture(scope="module")
def analyzer(geonames_cache) -> Analyzer:
    return Analyzer(load_lunr_german(ROOT / "node_modules/lunr-languages/lunr.de.js"),
                    CompoundSplitter(geonames_cache / "compounds.marshal"))


def write_index(folder: Path, entries: list[Entry], analyzer: Analyzer,
                adjectives: dict[str, str] | None = None) -> Path:
    for name, data in index.search_bytes(entries, analyzer, ROOT / "node_modules",
                                         adjectives or {}).items():
        path = folder / name.removeprefix(index.FOLDER)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


# Neutral entries, so that document frequencies are those of a small archive.
BACKGROUND = [entry(100 + n, f"Sitzung Nummer {n}", "Nichts weiter.", day=1) for n in range(12)]


def ranked(tmp_path, analyzer, entries: list[Entry], queries: list[str], adjectives=None) -> list[list[str]]:
    folder = write_index(tmp_path / "index", [*BACKGROUND, *entries], analyzer, adjectives)
    return run_node(folder, queries)["results"]


def test_exact_word_above_stem_above_compound_part_above_typo(tmp_path, analyzer):
    """Same field, same length; the newest entry has the weakest match, the oldest the best."""
    entries = [entry(1, "Meldung eins", "Die Strategie steht.", day=1),
               entry(2, "Meldung zwei", "Die Strategien stehen.", day=2),
               entry(3, "Meldung drei", "Die Digitalstrategie steht.", day=3),
               entry(4, "Meldung vier", "Die Stratgie steht.", day=4)]
    (found,) = ranked(tmp_path, analyzer, entries, ["Strategie"])
    assert found == ["2025-03-01-meldung-1", "2025-03-02-meldung-2", "2025-03-03-meldung-3",
                     "2025-03-04-meldung-4"]


def test_title_and_kicker_above_body_and_newer_above_older_at_equal_relevance(tmp_path, analyzer):
    entries = [entry(1, "Breitband für alle Schulen", "Ohne das Wort.", day=1),
               entry(2, "Meldung zwei", "Hier steht Breitband im Text.", day=9),
               entry(3, "Neue Förderung", "Ohne das Wort.", day=2, kicker="Breitband"),
               entry(4, "Meldung vier", "Hier steht Breitband im Text.", day=5),
               entry(5, "Meldung fünf", "Hier steht Breitband im Text.", day=7)]
    (found,) = ranked(tmp_path, analyzer, entries, ["breitband"])
    assert set(found[:2]) == {"2025-03-01-meldung-1", "2025-03-02-meldung-3"}  # title, kicker
    assert found[2:] == ["2025-03-09-meldung-2", "2025-03-07-meldung-5", "2025-03-05-meldung-4"]


def test_recall_where_readers_type(tmp_path, analyzer):
    """Head and tail of words german-nouns leaves whole, place adjectives, two typos in a
    long word; an unrelated entry stays out."""
    entries = [entry(1, "Haushalt beschlossen", "Der Haushalt steht.", day=1),
               entry(2, "Meldung zwei", "Die Haushaltseinbringung war live.", day=2),
               entry(3, "Meldung drei", "Die Schulträgern fehlt Geld.", day=3),
               entry(4, "Meldung vier", "Die Schule bekommt Tablets.", day=4),
               entry(5, "Meldung fünf", "Geld für Verwaltungsdigitalisierung.", day=5),
               entry(6, "Meldung sechs", "Ein Rathaus in Wiesbaden.", day=6, regions=("Hessen",)),
               entry(7, "Meldung sieben", "Das Münchner Rathaus.", day=7),
               entry(8, "Meldung acht", "Die bayerische Staatsregierung.", day=8)]
    adjectives = {"hessische": "Hessen", "münchner": "München", "bayerische": "Bayern"}
    haushalt, schule, typo, hessisch, muenchen, bayern = ranked(
        tmp_path, analyzer, entries,
        ["Haushalt", "Schule", "Verwaltungsdigitalisierng", "hessische", "München", "Bayern"], adjectives)
    assert haushalt == ["2025-03-01-meldung-1", "2025-03-02-meldung-2"]
    assert schule == ["2025-03-04-meldung-4", "2025-03-03-meldung-3"]
    assert typo == ["2025-03-05-meldung-5"]
    assert hessisch == ["2025-03-06-meldung-6"]
    assert muenchen == ["2025-03-07-meldung-7"]
    assert bayern == ["2025-03-08-meldung-8"]


def plain_postings(entries: list[Entry], analysed: dict) -> dict[str, list]:
    """The postings the plain way, document by document and term by term: per document and
    term, the fields' counts, the BM25 sum, its step; the term's forms in alphabetical order;
    one (delta, step, form rank) triple per form the document holds (delta 0 after the first),
    (delta, step) for a term of one form."""
    per_term: dict[str, list[tuple[int, int, set[str]]]] = defaultdict(list)
    for number, document in enumerate(index.numbered(entries)):
        counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(index.FIELDS))
        forms: dict[str, set[str]] = defaultdict(set)
        lengths = [0] * len(index.FIELDS)
        for column, text in enumerate(words.field_texts(document)):
            for token in plain_tokens(normalise_text(text)):
                if analysed.get(token) is None:
                    continue
                form, term, extra = analysed[token]
                lengths[column] += 1
                for key, shown in [(term, form), *((part, "+" + form) for part in extra)]:
                    counts[key][column] += 1
                    forms[key].add(shown)
        for key in counts:
            score = sum(boost * count * (postings.K1 + 1) /
                        (count + postings.K1 * (1 - postings.B + postings.B * length / typical))
                        for count, length, (boost, typical) in
                        zip(counts[key], lengths, index.FIELDS.values()) if count)
            step = max(1, round(math.log1p(score) * postings.SCORE_STEPS))
            per_term[key].append((number, step, forms[key]))
    result = {}
    for key, documents in per_term.items():
        names = sorted(set().union(*(held for _, _, held in documents)))
        values, last = [], 0
        for number, step, held in documents:
            delta = number - last
            for name in sorted(held):
                values += (delta, step, names.index(name)) if len(names) > 1 else (delta, step)
                delta = 0
            last = number
        result[key] = [names, values]
    return result


def plain_tokens(text: str) -> list[str]:
    """The index tokens of a text the plain way: its tokens, and each hyphenated word joined."""
    joined = [word.replace("-", "") for word in re.findall(r"[^\s-]+(?:-[^\s-]+)+", text.lower())]
    return [*tokens(text), *joined]


PIECES = ["a", "B", "ß", "Σ", "-", "–", " ", "\t", "\n", "\u00a0", "\u2003", "\x1c", ",", "*", ":", "/", "·",
          "in", "In", "nen", "Bürger", "İ"]


@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_counting_raw_words_equals_counting_the_plain_tokens_of_the_whole_text(text):
    """The raw words of a text, each turned into tokens on its own, count the same tokens as
    normalising, lower-casing and splitting the whole text."""
    counted: Counter[str] = Counter()
    for word, count in words.raw_words(text).items():
        for token, times in words.word_tokens(word).items():
            counted[token] += count * times
    assert counted == Counter(plain_tokens(normalise_text(text)))


@pytest.mark.parametrize("corpus,block", [("seeds", postings.BLOCK), ("synthetic", postings.BLOCK),
                                          ("seeds", 7), ("synthetic", 64)])
def test_postings_equal_the_plain_computation(analyzer, corpus, block, monkeypatch):
    """Also computed in blocks of a few documents, then merged."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(postings, "BLOCK", block)
    entries = load_content(ROOT / "content").entries if corpus == "seeds" else synthetic(300)
    store = words.WordStore(analyzer)
    built = index.SearchIndex(entries, store, {"hessische": "Hessen"})
    analysed = {store.tokens[token]: found for token, found in built._analysed.items()}
    made = {term: found for bucket in built.buckets for term, found in built.bucket_postings(bucket).items()}
    assert made == plain_postings(entries, analysed)


def newest(template: Entry, number: int = 1) -> Entry:
    return template.model_copy(update={"id": f"2099-01-0{number}-neu", "date": datetime.date(2099, 1, number),
                                       "title": "Neueste Meldung zum Breitband"})


@pytest.mark.parametrize("dated", [True, False])
def test_a_new_entry_rewrites_its_document_the_last_facet_chunk_and_its_terms_buckets(
        analyzer, monkeypatch, dated: bool):
    """An entry added to the digest after all others (an import of today: dated or not)."""
    monkeypatch.chdir(ROOT)
    entries = synthetic(600)
    before = index.search_bytes(entries, analyzer, ROOT / "node_modules", {})
    added = newest(entries[5])
    if not dated:
        added = added.model_copy(update={"id": "neu-ohne-datum", "date": None,
                                         "added": datetime.date(2099, 1, 1)})
    after = index.search_bytes([*entries, added], analyzer, ROOT / "node_modules", {})
    changed = sorted(name for name in after if before.get(name) != after[name])
    terms = set(index.SearchIndex([added], words.WordStore(analyzer), {}).terms)
    new_terms = terms - set(index.SearchIndex(entries, words.WordStore(analyzer), {}).terms)
    buckets = {f"{index.FOLDER}t/{index.bucket_of(term)}.js" for term in terms}
    vocabularies = {f"{index.FOLDER}v/{index.prefix_of(term)}.js" for term in new_terms}
    others = {index.INDEX_PATH, f"{index.FOLDER}d/600.js", f"{index.FOLDER}f/0.js"}
    assert new_terms and set(changed) - buckets == others | vocabularies  # no other document
    assert len(changed) <= len(buckets | others | vocabularies) < len(after) / 4


def test_postings_of_no_documents_are_empty():
    none = np.zeros(0, dtype=np.int64)
    found = postings.compute_postings([], postings.TokenKeys(none, none, none, none), 0, 0, [(1, 8)] * 4)
    assert len(found.values) == 0 and found.value_starts.tolist() == [0]


def entry_digests(entries: list[Entry]) -> dict[str, str]:
    return {entry.id: hashlib.sha256(entry.model_dump_json().encode()).hexdigest() for entry in entries}


def all_postings(entries: list[Entry], analyzer: Analyzer, adjectives: dict[str, str],
                 cached: blocks.BlockStore | None = None) -> dict[str, list]:
    built = index.SearchIndex(entries, words.WordStore(analyzer), adjectives, entry_digests(entries), cached)
    return {term: found for bucket in built.buckets for term, found in built.bucket_postings(bucket).items()}


def test_postings_merged_from_cached_blocks_equal_postings_computed_afresh(analyzer, monkeypatch, tmp_path):
    """After an edit that brings a new word (all term numbers shift), a new entry, and a
    place adjective that changes what an old word is indexed under: the unchanged blocks come
    from the cache, the others are computed, and the result is the same as without a cache."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(postings, "BLOCK", 40)
    entries = synthetic(300)
    entries[7] = entries[7].model_copy(update={"body": entries[7].body + " Die hessische Lösung."})
    cache_file = tmp_path / "search-blocks.marshal"
    first = blocks.BlockStore(cache_file)
    all_postings(entries, analyzer, {}, first)
    first.save()
    assert first.reused == 0

    edited = list(entries)
    edited[150] = edited[150].model_copy(update={"body": edited[150].body + " Quantenkryptographie"})
    changes = [(edited, {}), ([*entries, newest(entries[5])], {}), (entries, {"hessische": "Hessen"})]
    for changed, adjectives in changes:
        warm = blocks.BlockStore(cache_file)
        fresh = all_postings(changed, analyzer, adjectives)
        assert all_postings(changed, analyzer, adjectives, warm) == fresh
        assert 0 < warm.reused < math.ceil(len(changed) / 40)
    assert "hess" in all_postings(entries, analyzer, {"hessische": "Hessen"}, blocks.BlockStore(cache_file))


NEWEST_ENTRY = ("---\nid: 2026-01-01-neu\ntitle: Neueste Meldung\ndate: 2026-01-01\nadded: 2099-01-01\n"
                "regions: [Bayern]\nsummary: Eine neue Meldung.\n---\nText.\n")


def test_a_build_after_adding_the_newest_entry_writes_few_index_files(project):
    assert digest("import", "-q").exit_code == 0
    build(project / "content", project / "site")
    files = len(list((project / "site/assets/suche").rglob("*.js")))
    (project / "content/articles/2026").mkdir()
    (project / "content/articles/2026/neu.md").write_text(NEWEST_ENTRY)
    written = build(project / "content", project / "site").written_paths
    search = [path for path in written if path.startswith("assets/suche/")]
    newest_number = len(list((project / "site/assets/suche/d").iterdir())) - 1
    assert [path for path in search if path.startswith("assets/suche/d/")] == \
        [f"assets/suche/d/{newest_number}.js"]
    assert "assets/suche/index.js" in search and "suche/index.html" not in written
    assert len(search) <= 20 < files


def test_fallback_splits_heads_and_tails_of_compounds_but_not_derived_words():
    terms, forms = {"haushalt", "schul", "digital", "verwalt"}, {"einbringung", "haushalt"}
    assert fallback_parts("haushaltseinbringung", terms, forms) == ["haushalt", "einbringung"]
    assert fallback_parts("schultragern", terms, forms) == ["schul"]
    assert fallback_parts("digitalisierung", terms, forms) == []  # derived, not a compound
    assert fallback_parts("verwaltungen", terms, forms) == []     # too short a rest
    assert fallback_parts("haushalt", terms, forms) == []         # short words stay whole


def test_place_adjectives_come_from_the_gazetteer():
    adjectives = place_adjectives(gazetteer_file(ROOT / "content"), ["München", "Köln", "Frankfurt am Main"])
    assert adjectives["hessische"] == adjectives["hessischen"] == "Hessen"
    assert adjectives["bayerische"] == "Bayern" and adjectives["thüringer"] == "Thüringen"
    assert adjectives["münchner"] == "München" and adjectives["kölner"] == "Köln"
    assert "frankfurter" not in adjectives  # a name of several words has no simple adjective
