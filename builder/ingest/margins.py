"""A page's margins, and the lines in its run of items that fit no item pattern.

Where at least `MIN_RUN` items of one list layout (bullets, dated or titled teasers, title /
date / text) repeat on a page, they form its run, from the first such item to the last. An
undated item without a picture and of another layout fits no item pattern of the page:
- under a label such as "Anzeige", a paragraph is what the label says (an advertisement),
  on any page with items of a list layout, even fewer than MIN_RUN;
- outside the run, where it speaks of the publication or to its reader
  (`Chrome.speaks_of_itself`: a newsletter's masthead, greeting, sign-up text or imprint),
  it is chrome;
- otherwise a paragraph, or an item below the run, stays an item but a less certain one,
  for the editor's review; an article above the run stays the page's lead.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from builder.ingest.layouts import RawItem

MIN_RUN = 3
UNPATTERNED = ("article", "teaser paragraph")  # layouts that read one-offs, not lists
OFF_PATTERN = 0.7  # the most certainty an item that fits no pattern of its page keeps


def trim_margins(items: list[RawItem], chrome: dict[int, str], labelled: dict[int, str],
                 speaks_of_itself: Callable[[str], bool]) -> list[RawItem]:
    """The items of a page without those that fit none of its patterns and are chrome,
    whose lines move into `chrome` (line number -> reason). `labelled` holds the lines under
    a label such as "Anzeige", with the label's reason."""
    if any(item.layout not in UNPATTERNED for item in items):
        items = _without_labelled(items, chrome, labelled)
    run = _run_layout(items)
    if run is None:
        return items
    members = [item for item in items if item.layout == run]
    first = min(min(item.lines) for item in members)
    last = max(max(item.lines) for item in members)
    margin = (f"outside the page's run of {run} items, undated and about the publication "
              f"(masthead, greeting, sign-up text or imprint)")
    kept = []
    for item in items:
        if item.date_text is not None or item.image or item.layout == run:
            kept.append(item)
            continue
        paragraph = item.layout == "teaser paragraph"
        inside = first <= min(item.lines) <= last
        if not inside and speaks_of_itself(_text(item)):
            chrome.update((number, margin) for number in item.lines)
            continue
        if paragraph or min(item.lines) > last:
            item.certainty = min(item.certainty, OFF_PATTERN)
        kept.append(item)
    return kept


def _without_labelled(items: list[RawItem], chrome: dict[int, str], labelled: dict[int, str]
                      ) -> list[RawItem]:
    """The items without the undated paragraphs under a label such as "Anzeige" (on a page
    whose items have a list layout: such a paragraph fits none of them), whose lines move
    into `chrome` with the label's reason."""
    kept = []
    for item in items:
        reason = labelled.get(item.lines[0])
        if reason and item.layout == "teaser paragraph" and item.date_text is None:
            chrome.update((number, reason) for number in item.lines)
        else:
            kept.append(item)
    return kept


def _run_layout(items: list[RawItem]) -> str | None:
    """The list layout that read at least MIN_RUN of the items (the most, if two did)."""
    counts = Counter(item.layout for item in items if item.layout not in UNPATTERNED)
    if not counts:
        return None
    layout, count = counts.most_common(1)[0]
    return layout if count >= MIN_RUN else None


def _text(item: RawItem) -> str:
    return " ".join(part for part in (item.title, item.summary, *item.body) if part)
