"""Teaser paragraphs: prose lines with neither title nor date, one news item each
(shop chrome in between is left to the page driver)."""
from __future__ import annotations

from builder.ingest import lines as L
from builder.ingest.layouts import Claim, Page, RawItem
from builder.ingest.lines import Kind


class ParagraphTeaser:
    name = "teaser paragraph"

    def match(self, page: Page, start: int, section: str | None) -> Claim | None:
        line = page.lines[start]
        if line.kind is not Kind.TEXT:
            return None
        text, _ = L.strip_more_tail(line.text)
        if not text:
            return Claim(start + 1, chrome=[(line.number, "link without text (\"mehr...\")")])
        return Claim(start + 1, [RawItem(page.name, line.number, [line.number], text,
                                         section=section)])
