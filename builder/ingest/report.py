"""The import report: a summary, and on request every source line's fate."""
from __future__ import annotations

from collections import Counter

from builder.ingest.enrich import SIMILAR_TEXT, Merge
from builder.ingest.importer import ImportResult
from builder.ingest.layouts import RawItem
from builder.ingest.store import Action
from builder.ingest.topics import TopicScore, entry_texts


def summary_lines(result: ImportResult) -> list[str]:
    """Per-source counts, the merges by similar text (guesses to review) and the totals,
    one line each."""
    lines = []
    for page in result.pages:
        ids = {result.line_owner[(page.name, item.anchor)] for item in page.items}
        notes = f" ({'; '.join(page.notes)})" if page.notes else ""
        lines.append(f"{page.name}: {len(page.items)} items, {len(ids)} entries, "
                     f"{len(page.chrome)} chrome lines, {page.line_count} lines{notes}")
    lines.extend(f"merged: {merge_line(merge)}" for merge in result.merges
                 if merge.reason == SIMILAR_TEXT)
    counts = Counter(outcome.action for outcome in result.outcomes)
    actions = ", ".join(f"{counts[action]} {action.value}" for action in Action)
    lines.append(f"{len(result.pages)} sources, {len(result.outcomes)} entries ({actions}), "
                 f"{len(result.merges)} duplicate items merged, "
                 f"{sum(len(page.chrome) for page in result.pages)} chrome lines, "
                 f"{result.seconds:.2f} s")
    return lines


def detail_lines(result: ImportResult) -> list[str]:
    """Every source line: the entry it went into, or why it is chrome; then every merge and
    every outcome."""
    lines = []
    for page in result.pages:
        lines.append(f"== {page.name}")
        rows = []
        for number in range(1, page.line_count + 1):
            owner = result.line_owner.get((page.name, number))
            rows.append(f"entry {owner}" if owner else f"chrome: {page.chrome.get(number, 'LOST')}")
        anchors = {item.anchor: item for item in page.items}
        start = 0
        for index in range(1, len(rows) + 1):
            if index == len(rows) or rows[index] != rows[start]:
                span = f"{start + 1}" if index - start == 1 else f"{start + 1}-{index}"
                lines.append(f"  line {span}: {rows[start]}")
                lines.extend(layout_line(anchors[number]) for number in range(start + 1, index + 1)
                             if number in anchors)
                start = index
    lines.append("== merges")
    lines.extend(f"  {merge_line(merge)}" for merge in result.merges)
    lines.append("== entries")
    for outcome in sorted(result.outcomes, key=lambda o: o.path or ""):
        reason = f" ({outcome.reason})" if outcome.reason else ""
        lines.append(f"  {outcome.action.value:9} {outcome.path}{reason}")
    lines.extend(topic_lines(result))
    return lines


def layout_line(item: RawItem) -> str:
    """`    read as dated teaser, certainty 0.90`: the layout that read an item, how sure."""
    return f"    read as {item.layout}, certainty {item.certainty:.2f}"


def topic_lines(result: ImportResult) -> list[str]:
    """Why each entry got its topics: every topic whose keywords matched, with its score and
    which keyword matched which words in which field; a topic not given is marked."""
    if result.topic_matcher is None:
        return []
    lines = ["== topics"]
    for entry in sorted(result.entries, key=lambda entry: entry.id):
        scores = result.topic_matcher.scores(*entry_texts(entry))
        lines.extend(f"  {entry.id}: {topic_reason(score)}" for score in scores)
        if not scores:
            lines.append(f"  {entry.id}: no keyword matched (review: topics)")
    return lines


def topic_reason(score: TopicScore) -> str:
    """`Bildung 5: title "Schulträgern" (Schule), summary "Digitalpakt" (Digitalpakt)`."""
    hits = ", ".join(f'{hit.field} "{hit.words}" ({hit.keyword})' for hit in score.hits)
    return f"{score.topic} {score.score}: {hits}" + ("" if score.given else " (not given)")


def merge_line(merge: Merge) -> str:
    """`001_….txt:62 + 004_….txt:20, similarity 0.87 (similar text)`."""
    return f"{merge.first} + {merge.second}, similarity {merge.similarity:.2f} ({merge.reason})"
