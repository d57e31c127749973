"""Pages with a "Stand: 13.02.2025" line: when the page was last changed, not an item's date.

Only on a page of a single article that states no other date (not even a view date on top)
does the "Stand" date become the article's date: it is then the one date the source gives."""
from __future__ import annotations

from builder.ingest import lines as L
from builder.ingest.layouts import Page, RawItem
from builder.ingest.lines import Kind

REASON = "status date (\"Stand: …\": when the page was last changed, not an item date)"
_DATE_KINDS = (Kind.DATE, Kind.DATED, Kind.STAND)


def date_single_article(page: Page, items: list[RawItem], chrome: dict[int, str]) -> None:
    """Give the single undated article of `page` the page's only date, a "Stand" line, moving
    that line from `chrome` into the item."""
    if len(items) != 1 or items[0].layout != "article" or items[0].date_text is not None:
        return
    dated = [line for line in page.lines if line.kind in _DATE_KINDS]
    if len(dated) != 1 or dated[0].kind is not Kind.STAND or page.view_date is not None:
        return
    [item], [stand] = items, dated
    item.date_text = L.stand_date(stand.text)
    item.lines = sorted([*item.lines, stand.number])
    del chrome[stand.number]
