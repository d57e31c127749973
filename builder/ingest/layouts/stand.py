"""Pages with "Stand: 13.02.2025" lines: when a page or one of its items was last changed.

A "Stand" line right under an item's heading dates that item, as a plain date line would
(`stand_under`). Elsewhere it dates the page, not an item: only on a page of a single article
that states no other date (not even a view date on top) does it become the article's date,
being then the one date the source gives (`date_single_article`)."""
from __future__ import annotations

from builder.ingest import lines as L
from builder.ingest.layouts import Page, RawItem
from builder.ingest.lines import Kind

REASON = "status date (\"Stand: …\": when the page was last changed, not an item date)"
_DATE_KINDS = (Kind.DATE, Kind.DATED, Kind.STAND)


def stand_under(page: Page, heading: int) -> int | None:
    """The index of a dated "Stand: …" line right under the heading at `heading` (blank lines
    may stand between), or None."""
    index = heading + 1
    while page.kind_at(index) is Kind.BLANK:
        index += 1
    if page.kind_at(index) is Kind.STAND and L.stand_date(page.lines[index].text):
        return index
    return None


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
