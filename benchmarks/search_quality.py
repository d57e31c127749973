"""The German query set (tests/search_queries.yaml) and how its judgments become relevant
entries, recall@10 and precision@10 - shared by the test and benchmarks/search_compare.py.

A query's relevant entries are its `expect` and `also` seed entries, judged by hand, plus the
generated entries (benchmarks/corpus.py) that one of its `archive` rules selects: a rule names
places, regions or topics (the entry has one of them) and words (the entry's text has all of
them, as the generator writes them); all of a rule's conditions must hold.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import yaml

from builder.model import Entry

ROOT = Path(__file__).resolve().parent.parent
QUERY_FILE = ROOT / "tests" / "search_queries.yaml"
DEPTH = 10  # the first page of results a reader looks at
ARCHIVE_SIZE = 1000  # generated entries beside the seeds (benchmarks.corpus, its default seed)
_WORD = re.compile(r"\w+(?:-\w+)*")


def load_queries(path: Path = QUERY_FILE) -> list[dict]:
    """The queries, in file order."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def words_of(entry: Entry) -> frozenset[str]:
    """The words of an entry's indexed text (title, kicker, summary, body), as written."""
    return frozenset(_WORD.findall(" ".join((entry.title, entry.kicker or "", entry.summary, entry.body))))


def selects(rule: dict, entry: Entry, words: frozenset[str]) -> bool:
    """Whether one `archive` rule holds for a generated entry whose words are `words`."""
    return (all(any(value in getattr(entry, field) for value in rule[field])
                for field in ("places", "regions", "topics") if field in rule)
            and all(word in words for word in rule.get("words", ())))


def relevant(query: dict, generated: Iterable[Entry] = ()) -> set[str]:
    """Ids of the entries relevant to `query`: its seed judgments and the generated entries one
    of its archive rules selects."""
    found = set(query["expect"]) | set(query.get("also", ()))
    rules = query.get("archive", ())
    if rules:
        for entry in generated:
            words = words_of(entry)
            if any(selects(rule, entry, words) for rule in rules):
                found.add(entry.id)
    return found


def recall_at(found: list[str], wanted: set[str], depth: int = DEPTH) -> float:
    """Share of the relevant entries in the first `depth` results, out of as many as fit."""
    return len(wanted & set(found[:depth])) / min(len(wanted), depth)


def precision_at(found: list[str], wanted: set[str], depth: int = DEPTH) -> float:
    """Share of relevant entries among the first `depth` results shown (0 if none is shown)."""
    shown = found[:depth]
    return len(wanted & set(shown)) / len(shown) if shown else 0.0


def scores(results: list[list[str]], wanted: list[set[str]]) -> list[tuple[float, float] | None]:
    """(recall@10, precision@10) per query; None for a query without relevant entries."""
    return [(recall_at(found, rel), precision_at(found, rel)) if rel else None
            for found, rel in zip(results, wanted, strict=True)]


def mean_scores(per_query: list[tuple[float, float] | None]) -> tuple[float, float]:
    """Mean recall@10 and precision@10 over the queries that have relevant entries."""
    judged = [score for score in per_query if score is not None]
    return (sum(s[0] for s in judged) / len(judged), sum(s[1] for s in judged) / len(judged))
