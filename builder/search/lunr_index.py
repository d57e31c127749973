"""The serialised lunr.js 2.3 index, written directly as JSON text.

It is what lunr.py's Builder produces for the same documents (ref field, boosts, pipeline,
no metadata), in the bytes of `json.dumps(index, ensure_ascii=False, separators=(",", ":"),
sort_keys=True)`, but without lunr.py's per-token objects and without a dict per posting:
each field's tokens are counted at once, each distinct token is analysed once per index,
and scores are written as their rounded decimals. `tests/test_search_index.py` compares the
parsed text with lunr.py on the seed content and a synthetic corpus, value for value, and
the text with `json.dumps` of it.
"""
from __future__ import annotations

import functools
import json
import math
from collections import Counter
from collections.abc import Callable
from itertools import chain

from lunr import __TARGET_JS_VERSION__

K1 = 1.2
B = 0.75

FieldCount = tuple[Counter, int]  # term number -> frequency, and the field's length in terms
_json = functools.partial(json.dumps, ensure_ascii=False, separators=(",", ":"))


def tokens(text: str) -> list[str]:
    """lunr's default tokenizer: lower case, split at whitespace (as `\\s`) and hyphens."""
    return text.lower().replace("-", " ").split()


class _TermNumbers(dict):
    """Token -> the numbers of its terms, filled on first sight; a term's number (lunr's
    `_index`) is its order of first appearance in the index."""

    def __init__(self, terms_of: Callable[[str], list[str]]) -> None:
        super().__init__()
        self.of_term: dict[str, int] = {}
        self._terms_of = terms_of

    def __missing__(self, token: str) -> tuple[int, ...]:
        """Analyse a token seen for the first time, numbering its terms not seen before."""
        of_term = self.of_term
        numbers = self[token] = tuple(of_term.setdefault(term, len(of_term))
                                      for term in self._terms_of(token))
        return numbers

    def count(self, text: str) -> FieldCount:
        """The term frequencies and the length (number of terms) of one field's text."""
        numbers = list(chain.from_iterable(map(self.__getitem__, tokens(text))))
        return Counter(numbers), len(numbers)


def build_lunr_index(documents: list[dict], fields: tuple[tuple[str, int], ...],
                     terms_of: Callable[[str], list[str]], ref: str = "ref") -> str:
    """The index of `documents` (dicts with `ref` and every field) as JSON text; `terms_of`
    maps one lower-cased token to its index terms, as the lunr pipeline would."""
    numbers = _TermNumbers(terms_of)
    refs = [str(document[ref]) for document in documents]
    counted = [[numbers.count(str(document[field] or "")) for field, _ in fields]
               for document in documents]
    postings = _postings(refs, counted, len(fields), len(numbers.of_term))
    idf = [_idf(sum(len(column[number]) for column in postings), len(documents))
           for number in range(len(numbers.of_term))]
    parts = {"fieldVectors": _field_vectors(refs, counted, fields, idf),
             "fields": _json([field for field, _ in fields]),
             "invertedIndex": _inverted_index(fields, postings, numbers.of_term),
             "pipeline": "[]", "version": _json(__TARGET_JS_VERSION__)}
    return "{" + ",".join(f"{_json(key)}:{parts[key]}" for key in sorted(parts)) + "}"


def _postings(refs: list[str], counted: list[list[FieldCount]], field_count: int,
              term_count: int) -> list[list[list[str]]]:
    """Per field, per term number: `"ref":{}` of each document with the term, refs sorted."""
    postings: list[list[list[str]]] = [[[] for _ in range(term_count)] for _ in range(field_count)]
    for position in sorted(range(len(refs)), key=refs.__getitem__):
        entry = f"{_json(refs[position])}:{{}}"
        for column, (counts, _) in zip(postings, counted[position]):
            for number in counts:
                column[number].append(entry)
    return postings


def _field_vectors(refs: list[str], counted: list[list[FieldCount]],
                   fields: tuple[tuple[str, int], ...], idf: list[float]) -> str:
    """[["field/ref", [term number, score, ...]], ...] per document and field."""
    averages = [sum(row[column][1] for row in counted) / len(counted) if counted else 0
                for column in range(len(fields))]
    vectors = []
    for doc_ref, row in zip(refs, counted):
        for (field, boost), (counts, length), average in zip(fields, row, averages):
            norm = K1 * (1 - B + B * (length / average)) if average else K1 * (1 - B)
            vectors.append(f"[{_json(f'{field}/{doc_ref}')},[{_elements(counts, norm, boost, idf)}]]")
    return "[" + ",".join(vectors) + "]"


def _elements(counts: Counter, norm: float, boost: int, idf: list[float]) -> str:
    """`term number,score,...` of one field of one document by term number: lunr's BM25,
    each score written as `repr(round(score, 3))` writes it (both round correctly; this is
    twice as fast, for 0 <= score < 1e13)."""
    k1_plus_1 = K1 + 1
    text = ",".join([f"{number},{idf[number] * (k1_plus_1 * tf) / (norm + tf) * boost:.3f}"
                     .rstrip("0") for number, tf in sorted(counts.items())])
    text = text.replace(".,", ".0,")  # a whole number keeps one zero: "2." -> "2.0"
    return text + "0" if text.endswith(".") else text


def _inverted_index(fields: tuple[tuple[str, int], ...], postings: list[list[list[str]]],
                    of_term: dict[str, int]) -> str:
    """[[term, {"_index": number, field: {ref: {}}}], ...] sorted by term."""
    columns = {field: column for (field, _), column in zip(fields, postings)}
    names = sorted(["_index", *columns])
    keys = {name: _json(name) for name in names}
    terms = []
    for term, number in sorted(of_term.items()):
        values = {"_index": str(number),
                  **{name: "{" + ",".join(column[number]) + "}" for name, column in columns.items()}}
        posting = ",".join(f"{keys[name]}:{values[name]}" for name in names)
        terms.append(f"[{_json(term)},{{{posting}}}]")
    return "[" + ",".join(terms) + "]"


def _idf(with_term: int, document_count: int) -> float:
    """lunr's inverse document frequency (it counts a document once per field with the term)."""
    x = (document_count - with_term + 0.5) / (with_term + 0.5)
    return math.log(1 + abs(x))
