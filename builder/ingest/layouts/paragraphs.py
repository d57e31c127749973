"""Teaser paragraphs: prose lines without a heading, one news item each; a date that ends
the paragraph ("… ist online. (13.02.2025)") is the item's date. A line of fewer than
`MIN_WORDS` words is too little for a news item and stays chrome."""
from __future__ import annotations

from builder.ingest import lines as L
from builder.ingest.layouts import DATED, PLAIN, Claim, Page, RawItem, Survey
from builder.ingest.lines import Kind
from builder.ingest.moretail import strip_more_tail

MIN_WORDS = 4


class ParagraphTeaser:
    name = "teaser paragraph"
    starts: tuple[Kind, ...] = (Kind.TEXT,)

    def survey(self, page: Page) -> Survey:
        """Prose lines."""
        paragraphs = sum(1 for line in page.lines if line.kind is Kind.TEXT)
        return Survey(paragraphs, regular=paragraphs >= 2)

    def match(self, page: Page, start: int, section: str | None) -> Claim | None:
        line = page.lines[start]
        if line.kind is not Kind.TEXT:
            return None
        text, _ = strip_more_tail(line.text)
        if not text:
            return Claim(start + 1, chrome=[(line.number, "link without text (\"mehr...\")")])
        if len(text.split()) < MIN_WORDS:
            return Claim(start + 1, chrome=[(line.number, f"too short for a news item "
                                                          f"(fewer than {MIN_WORDS} words)")])
        dated = L.split_trailing_date(text)
        item = RawItem(page.name, line.number, [line.number], dated[0] if dated else text,
                       date_text=dated[1] if dated else None, section=section,
                       layout=self.name, certainty=DATED if dated else PLAIN)
        return Claim(start + 1, [item])
