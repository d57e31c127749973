"""The serialised lunr.js 2.3 index, written directly.

It is what lunr.py's Builder produces for the same documents (ref field, boosts, pipeline,
no metadata), without lunr.py's per-token objects: about twenty times faster at archive
scale. `tests/test_search_index.py` compares the two on the seed content and a synthetic
corpus, value for value.
"""
from __future__ import annotations

import math
import re
from typing import Callable

from lunr import __TARGET_JS_VERSION__

K1 = 1.2
B = 0.75
_SEPARATOR = re.compile(r"[\s\-]")  # lunr's default tokenizer: whitespace and hyphens


def build_lunr_index(documents: list[dict], fields: tuple[tuple[str, int], ...],
                     terms_of: Callable[[str], list[str]], ref: str = "ref") -> dict:
    """Index `documents` (dicts with `ref` and every field); `terms_of` maps one lower-cased
    token to its index terms, as the lunr pipeline would."""
    inverted: dict[str, dict] = {}
    field_terms: list[tuple[str, str, str, dict[str, int], int]] = []
    for document in documents:
        doc_ref = str(document[ref])
        for field, _ in fields:
            counts: dict[str, int] = {}
            length = 0
            for token in _SEPARATOR.split(str(document[field] or "").lower()):
                if not token:
                    continue
                for term in terms_of(token):
                    length += 1
                    counts[term] = counts.get(term, 0) + 1
                    posting = inverted.get(term)
                    if posting is None:
                        posting = inverted[term] = {name: {} for name, _ in fields}
                        posting["_index"] = len(inverted) - 1
                    posting[field].setdefault(doc_ref, {})
            field_terms.append((f"{field}/{doc_ref}", field, doc_ref, counts, length))
    count = len(documents)
    average = {field: (sum(length for _, f, _, _, length in field_terms if f == field) / count
                       if count else 0) for field, _ in fields}
    boosts = dict(fields)
    idf = {term: _idf(posting, fields, count) for term, posting in inverted.items()}
    vectors = []
    for field_ref, field, _, counts, length in field_terms:
        norm = K1 * (1 - B + B * (length / average[field])) if average[field] else K1 * (1 - B)
        elements = []
        for term, tf in sorted(counts.items(), key=lambda item: inverted[item[0]]["_index"]):
            score = idf[term] * ((K1 + 1) * tf) / (norm + tf) * boosts[field]
            elements += [inverted[term]["_index"], round(score, 3)]
        vectors.append([field_ref, elements])
    return {"version": __TARGET_JS_VERSION__, "fields": [field for field, _ in fields],
            "fieldVectors": vectors,
            "invertedIndex": [[term, inverted[term]] for term in sorted(inverted)],
            "pipeline": []}


def _idf(posting: dict, fields, document_count: int) -> float:
    with_term = sum(len(posting[field]) for field, _ in fields)
    x = (document_count - with_term + 0.5) / (with_term + 0.5)
    return math.log(1 + abs(x))
