"""The index writer gives exactly what lunr.py's Builder gives for the same documents."""
import json
from collections import Counter

import pytest
from conftest import ROOT
from lunr.builder import Builder
from lunr.token import Token

from benchmarks.corpus import entries as synthetic
from builder.content import load_content
from builder.search.analysis import Analyzer, load_lunr_german
from builder.search.compounds import CompoundSplitter
from builder.search.index import FIELDS, _document, build_index
from builder.search.lunr_index import K1, _elements


def lunr_py_index(entries, analyzer: Analyzer) -> dict:
    """The reference: lunr.py's Builder with the same pipeline."""
    def analyse(token: Token, i, tokens):
        return [token.clone(lambda _s, _m, term=term: term) for term in analyzer.terms(str(token))]

    analyse.label = "digest-analyse"
    builder = Builder()
    builder.pipeline.add(analyse)
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for position, entry in enumerate(entries):
        builder.add(_document(position, entry))
    return builder.build().serialize()


@pytest.fixture(scope="module")
def analyzer(geonames_cache) -> Analyzer:
    return Analyzer(load_lunr_german(ROOT / "node_modules/lunr-languages/lunr.de.js"),
                    CompoundSplitter(geonames_cache / "compounds.marshal"))


@pytest.mark.parametrize("corpus", ["seeds", "synthetic"])
def test_index_equals_lunr_py(analyzer, corpus, monkeypatch):
    monkeypatch.chdir(ROOT)
    entries = load_content(ROOT / "content").entries if corpus == "seeds" else synthetic(300)
    text, reference = build_index(entries, analyzer), lunr_py_index(entries, analyzer)
    ours = json.loads(text)
    assert ours["invertedIndex"] == reference["invertedIndex"]
    assert ours["fieldVectors"] == reference["fieldVectors"]
    assert ours == reference
    assert text == json.dumps(reference, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


SCORES = [0.0, 1e-9, 0.0004999, 0.0005, 0.0015, 0.1, 0.25, 1.0, 2.0005, 2.675, 12.9995, 99.99951,
          219.123456, 3.0]


def test_scores_are_written_as_python_rounds_them():
    """Each score of a field vector as lunr.py writes it: `round(score, 3)` in JSON."""
    idf, norm, boost = SCORES, K1, 1  # with tf 1, BM25 gives idf * (K1 + 1) / (K1 + 1)
    counts = Counter({number: 1 for number in range(len(SCORES))})
    written = _elements(counts, norm, boost, idf).split(",")
    exact = [idf[number] * ((K1 + 1) * 1) / (norm + 1) * boost for number in range(len(SCORES))]
    assert written[0::2] == [str(number) for number in range(len(SCORES))]
    assert written[1::2] == [repr(round(score, 3)) for score in exact]
    assert json.loads("[" + ",".join(written) + "]")[1::2] == [round(score, 3) for score in exact]


def test_slim_noun_cache_parses_like_german_nouns(tmp_path):
    from german_nouns.lookup import Nouns

    from builder.search.compounds import _load_nouns

    words = ["Digitalstrategie", "Verwaltungsdigitalisierung", "Onlinezugangsgesetz", "Rathaus",
             "Zusammenarbeit", "Abgeordnetenhaus", "Bürgermeisterin", "Straßenmanagementsysteme"]
    full = Nouns()
    _load_nouns(tmp_path)                       # writes the slim cache
    slim = _load_nouns(tmp_path)                # reads it
    assert [slim.parse_compound(w) for w in words] == [full.parse_compound(w) for w in words]
