"""The postings of the index, computed column by column with numpy: a speed trick
(`tests/test_search_postings.py` computes them the plain way, document by document and term
by term, and compares). At 10,000 entries that is about 1.5 million (document, field, word)
rows; a Python step per row took 2–3 s, these array operations take a fraction of that.

The result, per term (a "key": the term of a word, or of one of its compound parts): its
forms (form numbers, ascending), and per document holding it, in document order, triples
(delta, score step, rank of a form among the term's forms), one per form the document holds
it in, the delta 0 after the first; a term of one form has pairs (delta, score step) instead,
a third fewer numbers to download (the layout `engine.js` decodes).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

K1, B = 1.2, 0.75
SCORE_STEPS = 16  # a stored score step q stands for a BM25 sum of exp(q / SCORE_STEPS) - 1


def step_thresholds(highest_score: float) -> np.ndarray:
    """The BM25 sums at which the score step rises: step q from exp((q - ½) / SCORE_STEPS) - 1,
    so a step is the sum rounded on a logarithmic scale."""
    steps = math.ceil(math.log1p(highest_score) * SCORE_STEPS) + 1
    return np.array([math.expm1((q - 0.5) / SCORE_STEPS) for q in range(1, steps + 1)])


@dataclass
class TokenKeys:
    """What each token is indexed under, as a ragged array: the pairs of token t are
    `starts[t]:starts[t] + counts[t]` of `keys` and `forms` (no pairs: a stop word)."""
    starts: np.ndarray
    counts: np.ndarray
    keys: np.ndarray
    forms: np.ndarray


@dataclass
class Postings:
    """Per key k: its forms `forms[form_starts[k]:form_starts[k + 1]]`, its triples (pairs)
    `values[value_starts[k]:value_starts[k + 1]]` and the number of its documents."""
    form_starts: np.ndarray
    forms: np.ndarray
    value_starts: np.ndarray
    values: np.ndarray
    documents: np.ndarray


def compute_postings(words: list[np.ndarray], token_keys: TokenKeys, key_count: int, form_count: int,
            fields: list[tuple[int, int]]) -> Postings:
    """The postings of documents numbered in list order, each given as packed words (rows of
    token codes, token × 4 + field, and counts: `builder.search.words`), with the fields'
    (boost, typical length in words) for BM25."""
    lengths, (document, field, count, key, form) = _keyed_rows(words, token_keys)
    groups, group = _distinct_with_index(document * key_count + key)  # (document, key)
    step = _score_steps(groups // key_count, lengths, np.bincount(
        group * 4 + field, weights=count, minlength=4 * len(groups)).reshape(-1, 4), fields)
    del document, field, count, key
    held = _distinct(group * form_count + form)  # (document, key, form), once each
    del group, form
    return _laid_out(groups // key_count, groups % key_count, step, held // form_count,
                     held % form_count, key_count, form_count)


def _keyed_rows(words: list[np.ndarray], token_keys: TokenKeys) -> tuple[np.ndarray, list[np.ndarray]]:
    """The length of each document's fields in words that are not stop words ((documents, 4)
    counts), and one row per (word, key) pair: document, field, count, key, form."""
    rows = np.concatenate(words, axis=1).astype(np.int64) if words else np.zeros((2, 0), np.int64)
    document = np.repeat(np.arange(len(words), dtype=np.int64), [len(w[0]) for w in words])
    token, field, count = rows[0] >> 2, rows[0] & 3, rows[1]
    pairs = token_keys.counts[token]
    lengths = np.bincount(document * 4 + field, weights=count * (pairs > 0),
                          minlength=4 * len(words)).reshape(-1, 4)
    row = np.repeat(np.arange(len(token)), pairs)
    pair = token_keys.starts[token[row]] + np.arange(len(row)) - np.repeat(np.cumsum(pairs) - pairs, pairs)
    return lengths, [document[row], field[row], count[row], token_keys.keys[pair], token_keys.forms[pair]]


def _score_steps(document: np.ndarray, lengths: np.ndarray, counts: np.ndarray,
                 fields: list[tuple[int, int]]) -> np.ndarray:
    """Per (document, key): the score step of its BM25 sum over the fields (without the idf),
    from the key's counts per field and the document's field lengths."""
    boosts = np.array([boost for boost, _ in fields], dtype=np.float64)
    typical = np.array([length for _, length in fields], dtype=np.float64)
    normal = K1 * ((1 - B) + B * lengths[document] / typical)
    terms = boosts * counts / (counts + normal)
    score = ((terms[:, 0] + terms[:, 1]) + terms[:, 2]) + terms[:, 3]
    thresholds = step_thresholds(float(boosts.sum()) * (K1 + 1))
    return np.maximum(1, np.searchsorted(thresholds, score * (K1 + 1), side="right"))


def _laid_out(group_document: np.ndarray, group_key: np.ndarray, step: np.ndarray,
              held_group: np.ndarray, held_form: np.ndarray, key_count: int, form_count: int) -> Postings:
    """The postings from the (document, key) groups with their steps and the forms each group
    holds (ordered by group, then form)."""
    order = np.argsort(group_key[held_group], kind="stable")  # by key, document, form
    held_group, held_form = held_group[order], held_form[order]
    held_key, held_document = group_key[held_group], group_document[held_group]

    key_forms = _distinct(held_key * form_count + held_form)  # (key, form): the key's forms
    form_starts = np.searchsorted(key_forms // form_count, np.arange(key_count + 1))
    rank = np.searchsorted(key_forms, held_key * form_count + held_form) - form_starts[held_key]

    first = np.ones(len(held_group), dtype=bool)  # the first triple of a (key, document)
    first[1:] = held_group[1:] != held_group[:-1]
    first_key, first_document = held_key[first], held_document[first]
    delta = first_document.copy()
    same_key = np.zeros(len(first_key), dtype=bool)
    same_key[1:] = first_key[1:] == first_key[:-1]
    delta[same_key] -= first_document[:-1][same_key[1:]]
    deltas = np.zeros(len(held_group), dtype=np.int64)
    deltas[first] = delta
    single = (np.diff(form_starts) == 1)[held_key]  # a term of one form needs no form rank
    width = np.where(single, 2, 3)
    values = np.stack([deltas, step[held_group], rank], axis=1)[np.arange(3) < width[:, None]]
    value_starts = np.zeros(key_count + 1, dtype=np.int64)
    np.cumsum(np.bincount(held_key, weights=width, minlength=key_count).astype(np.int64),
              out=value_starts[1:])
    return Postings(form_starts, key_forms % form_count, value_starts, values,
                    np.bincount(group_key, minlength=key_count))


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, ascending (as `np.unique`, which in numpy 2.4 took a second for
    a million integers that `np.sort` sorts in a fiftieth of that)."""
    ordered = np.sort(values)
    new = np.ones(len(ordered), dtype=bool)
    new[1:] = ordered[1:] != ordered[:-1]
    return ordered[new]


def _distinct_with_index(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values, ascending, and for each value its index among them."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    new = np.ones(len(ordered), dtype=bool)
    new[1:] = ordered[1:] != ordered[:-1]
    index = np.empty(len(values), dtype=np.int64)
    index[order] = np.cumsum(new) - 1
    return ordered[new], index
