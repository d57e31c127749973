"""The postings of the index, computed column by column with numpy: a speed trick
(`tests/test_search_ranking.py` computes them the plain way, document by document and term
by term, and compares, also in blocks of a few documents). At 10,000 entries that is about 2
million (document, field, word, key) rows; a Python step per row took 2–3 s, these array
operations take a fraction of that. Rows are computed per block of documents (which
`builder.search.blocks` caches), then merged by key.

The result, per term (a "key": the term of a word, or of one of its compound parts): its
forms (form numbers, ascending), and per document holding it, in document order, triples
(delta, score step, rank of a form among the term's forms), one per form the document holds
it in, the delta 0 after the first; a term of one form has pairs (delta, score step) instead,
a third fewer numbers to download (the layout `engine.js` decodes).
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

K1, B = 1.2, 0.75
SCORE_STEPS = 16  # a stored score step q stands for a BM25 sum of exp(q / SCORE_STEPS) - 1
BLOCK = 2048      # documents whose rows are computed together


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


Rows = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # key, document, form (int32), step (uint8)
BlockRows = Callable[[range, Callable[[], Rows]], Rows]  # (its documents, compute) -> a block's rows


def compute_postings(words: list[np.ndarray], token_keys: TokenKeys, key_count: int, form_count: int,
                     fields: list[tuple[int, int]], block_rows: BlockRows | None = None) -> Postings:
    """The postings of documents numbered in list order, each given as packed words (rows of
    token codes, token × 4 + field, and counts: `builder.search.words`), with the fields'
    (boost, typical length in words) for BM25. Computed per block of `BLOCK` documents (small
    temporary arrays; `block_rows` may take a block's rows from a cache instead of computing
    them), then merged by key."""
    key_forms = _distinct(token_keys.keys * form_count + token_keys.forms)  # (key, form): a key's forms
    form_starts = np.searchsorted(key_forms // form_count, np.arange(key_count + 1))
    rank_of_pair = np.searchsorted(key_forms, token_keys.keys * form_count + token_keys.forms) \
        - form_starts[token_keys.keys]  # of the pair's form among its key's forms
    blocks = []
    for first in range(0, len(words), BLOCK):
        documents = range(first, min(first + BLOCK, len(words)))

        def compute(documents: range = documents) -> Rows:
            return _held(words[documents.start:documents.stop], documents.start, token_keys, rank_of_pair,
                         form_starts, key_forms % form_count, fields)
        key, document, form, step = block_rows(documents, compute) if block_rows else compute()
        rank = np.searchsorted(key_forms, key.astype(np.int64) * form_count + form) - form_starts[key]
        blocks.append((key, document, rank.astype(np.int32), step))
    empty = [[np.zeros(0, np.int32)] for _ in range(4)]  # (a list each: `_concatenated` empties it)
    columns = [list(column) for column in zip(*blocks)] if blocks else empty
    del blocks
    key, document, rank, step = (_concatenated(column) for column in columns)
    order = np.argsort(key, kind="stable")  # the blocks are in document order: runs to merge
    key = key[order]  # (one column at a time: the largest arrays of the build)
    document = document[order]
    rank = rank[order]
    step = step[order]
    del order
    return _laid_out(key, document, rank, step, form_starts, key_forms % form_count)


def _concatenated(arrays: list[np.ndarray]) -> np.ndarray:
    """The arrays in one, the list emptied (so that each is freed once copied)."""
    joined = np.concatenate(arrays)
    arrays.clear()
    return joined


def _held(words: list[np.ndarray], first: int, token_keys: TokenKeys, rank_of_pair: np.ndarray,
          form_starts: np.ndarray, forms: np.ndarray, fields: list[tuple[int, int]]) -> Rows:
    """For documents `first`, `first + 1`, … given as packed words: each (key, document, form)
    they hold, once, by key, document, form, with the score step of its (key, document)."""
    lengths, (document, field, count, key, rank) = _keyed_rows(words, token_keys, rank_of_pair)
    order = _order_by(key, document, rank, len(words))
    key, document, rank, field, count = key[order], document[order], rank[order], field[order], count[order]
    del order
    group_starts = _starts(key, document)  # (key, document): the group of a row
    group = np.cumsum(group_starts) - 1
    step = _score_steps(document[group_starts], lengths, np.bincount(
        group * 4 + field, weights=count, minlength=4 * (group[-1] + 1 if len(group) else 0)).reshape(-1, 4),
        fields)
    held = _starts(key, document, rank)  # (key, document, form), once each
    key = key[held]
    return (key.astype(np.int32), (document[held] + first).astype(np.int32),
            forms[form_starts[key] + rank[held]].astype(np.int32), step[group[held]].astype(np.uint8))


def _order_by(key: np.ndarray, document: np.ndarray, rank: np.ndarray, documents: int) -> np.ndarray:
    """The order of rows by key, then document, then form rank: one sort of a combined number
    where it fits 63 bits, else a sort by each in turn."""
    if key.size and (int(key.max()) + 1) * documents * (int(rank.max()) + 1) < 2 ** 63:
        return np.argsort((key * documents + document) * (int(rank.max()) + 1) + rank)
    return np.lexsort((rank, document, key))


def _starts(*columns: np.ndarray) -> np.ndarray:
    """Which rows of sorted columns begin a run of equal rows (a mask)."""
    new = np.ones(len(columns[0]), dtype=bool)
    if len(new):
        new[1:] = np.logical_or.reduce([column[1:] != column[:-1] for column in columns])
    return new


def _keyed_rows(words: list[np.ndarray], token_keys: TokenKeys,
                rank_of_pair: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """The length of each document's fields in words that are not stop words ((documents, 4)
    counts), and one row per (word, key) pair: document, field, count, key, form rank."""
    rows = np.concatenate(words, axis=1).astype(np.int64) if words else np.zeros((2, 0), np.int64)
    document = np.repeat(np.arange(len(words), dtype=np.int64), [len(w[0]) for w in words])
    token, field, count = rows[0] >> 2, rows[0] & 3, rows[1]
    pairs = token_keys.counts[token]
    lengths = np.bincount(document * 4 + field, weights=count * (pairs > 0),
                          minlength=4 * len(words)).reshape(-1, 4)
    row = np.repeat(np.arange(len(token)), pairs)
    pair = token_keys.starts[token[row]] + np.arange(len(row)) - np.repeat(np.cumsum(pairs) - pairs, pairs)
    return lengths, [document[row], field[row], count[row], token_keys.keys[pair], rank_of_pair[pair]]


def _score_steps(document: np.ndarray, lengths: np.ndarray, counts: np.ndarray,
                 fields: list[tuple[int, int]]) -> np.ndarray:
    """Per (document, key): the score step of its BM25 sum over the fields (without the idf),
    from the key's counts per field and the document's field lengths."""
    boosts = np.array([boost for boost, _ in fields], dtype=np.float64)
    typical = np.array([length for _, length in fields], dtype=np.float64)
    normal = (K1 * ((1 - B) + B * lengths / typical))[document]
    terms = boosts * counts / (counts + normal)
    score = ((terms[:, 0] + terms[:, 1]) + terms[:, 2]) + terms[:, 3]
    thresholds = step_thresholds(float(boosts.sum()) * (K1 + 1))
    return np.maximum(1, np.searchsorted(thresholds, score * (K1 + 1), side="right"))


def _laid_out(held_key: np.ndarray, held_document: np.ndarray, held_rank: np.ndarray,
              held_step: np.ndarray, form_starts: np.ndarray, forms: np.ndarray) -> Postings:
    """The postings from the (key, document, form rank) each document holds, by key, document,
    rank, with the score step of the (key, document), and the keys' forms."""
    first = np.ones(len(held_key), dtype=bool)  # the first triple of a (key, document)
    first[1:] = (held_key[1:] != held_key[:-1]) | (held_document[1:] != held_document[:-1])
    first_key, first_document = held_key[first], held_document[first]
    delta = first_document.copy()
    same_key = np.zeros(len(first_key), dtype=bool)
    same_key[1:] = first_key[1:] == first_key[:-1]
    delta[same_key] -= first_document[:-1][same_key[1:]]
    ranked = (np.diff(form_starts) > 1)[held_key]  # a term of one form needs no form rank
    widths = ranked.astype(np.int8) + 2
    ends = np.cumsum(widths, dtype=np.int32 if 3 * len(widths) < 2 ** 31 else np.int64)
    values = np.empty(ends[-1] if len(ends) else 0, dtype=np.int32)
    starts = np.subtract(ends, widths, out=ends)  # where each row's numbers start in `values`
    del widths
    values[starts] = 0
    values[starts[first]] = delta
    values[starts + 1] = held_step
    values[starts[ranked] + 2] = held_rank[ranked]
    key_count = len(form_starts) - 1
    value_starts = np.zeros(key_count + 1, dtype=np.int64)
    per_key = 2 * np.bincount(held_key, minlength=key_count)  # numbers per key: 2 per row, 3 if ranked
    per_key += np.bincount(held_key[ranked], minlength=key_count)
    np.cumsum(per_key, out=value_starts[1:])
    return Postings(form_starts, forms, value_starts, values, np.bincount(first_key, minlength=key_count))


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, ascending (as `np.unique`, which in numpy 2.4 took a second for
    a million integers that `np.sort` sorts in a fiftieth of that)."""
    ordered = np.sort(values)
    new = np.ones(len(ordered), dtype=bool)
    new[1:] = ordered[1:] != ordered[:-1]
    return ordered[new]


def distinct_with_index(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values, ascending, and each value's index among them."""
    order = np.argsort(values)
    ordered = values[order]
    new = np.ones(len(ordered), dtype=bool)
    new[1:] = ordered[1:] != ordered[:-1]
    index = np.empty(len(values), dtype=np.int64)
    index[order] = np.cumsum(new) - 1
    return ordered[new], index
