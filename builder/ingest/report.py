"""The import report: a summary, and on request every source line's fate."""
from __future__ import annotations

from collections import Counter

from builder.ingest.importer import ImportResult
from builder.ingest.store import Action


def summary_lines(result: ImportResult) -> list[str]:
    """Per-source counts and the totals, one line each."""
    lines = []
    for page in result.pages:
        ids = {result.line_owner[(page.name, item.anchor)] for item in page.items}
        notes = f" ({'; '.join(page.notes)})" if page.notes else ""
        lines.append(f"{page.name}: {len(page.items)} items, {len(ids)} entries, "
                     f"{len(page.chrome)} chrome lines, {page.line_count} lines{notes}")
    counts = Counter(outcome.action for outcome in result.outcomes)
    actions = ", ".join(f"{counts[action]} {action.value}" for action in Action)
    lines.append(f"{len(result.pages)} sources, {len(result.outcomes)} entries ({actions}), "
                 f"{result.merged} duplicate items merged, "
                 f"{sum(len(page.chrome) for page in result.pages)} chrome lines, "
                 f"{result.seconds:.2f} s")
    return lines


def detail_lines(result: ImportResult) -> list[str]:
    """Every source line: the entry it went into, or why it is chrome; then every outcome."""
    lines = []
    for page in result.pages:
        lines.append(f"== {page.name}")
        rows = []
        for number in range(1, page.line_count + 1):
            owner = result.line_owner.get((page.name, number))
            rows.append(f"entry {owner}" if owner else f"chrome: {page.chrome.get(number, 'LOST')}")
        start = 0
        for index in range(1, len(rows) + 1):
            if index == len(rows) or rows[index] != rows[start]:
                span = f"{start + 1}" if index - start == 1 else f"{start + 1}-{index}"
                lines.append(f"  line {span}: {rows[start]}")
                start = index
    lines.append("== entries")
    for outcome in sorted(result.outcomes, key=lambda o: o.path or ""):
        reason = f" ({outcome.reason})" if outcome.reason else ""
        lines.append(f"  {outcome.action.value:9} {outcome.path}{reason}")
    return lines
