"""The page driver: runs the layouts over a page and accounts for every line."""
from __future__ import annotations

from dataclasses import dataclass, field

from builder.ingest import lines as L
from builder.ingest.layouts import LAYOUTS, Page, RawItem
from builder.ingest.lines import Kind
from builder.ingest.sources import SourcePage

CHROME_REASONS = {
    Kind.BLANK: "blank line",
    Kind.PAGE_DATE: "page date (when the page was shown, not an item date)",
    Kind.SHOP: "shop chrome (issue, ordering or subscription line)",
    Kind.SECTION: "section heading",
    Kind.IMAGE: "image without article",
    Kind.CREDIT: "image credit without image",
    Kind.SHORT: "stray short line (no teaser or article follows)",
}


@dataclass
class ParsedPage:
    """The items of a page and the chrome lines with the reason each is not an item."""
    name: str
    items: list[RawItem] = field(default_factory=list)
    chrome: dict[int, str] = field(default_factory=dict)  # line number -> reason
    notes: list[str] = field(default_factory=list)
    line_count: int = 0


def parse_page(source: SourcePage) -> ParsedPage:
    """Split a page into items and chrome; every line ends up in exactly one of them."""
    page = Page(source.name, source.lines)
    parsed = ParsedPage(source.name, notes=list(source.notes), line_count=len(source.lines))
    section: str | None = None
    index = 0
    while index < len(page.lines):
        line = page.lines[index]
        if line.kind is Kind.SECTION:
            section = L.section_name(line.text)
        claim = None
        if line.kind not in CHROME_REASONS or line.kind is Kind.SHORT:
            claim = next((c for layout in LAYOUTS
                          if (c := layout.match(page, index, section)) is not None), None)
        if claim is None:
            parsed.chrome[line.number] = CHROME_REASONS.get(line.kind, "unrecognised line")
            index += 1
            continue
        parsed.items.extend(claim.items)
        parsed.chrome.update(claim.chrome)
        index = claim.end
    return parsed
