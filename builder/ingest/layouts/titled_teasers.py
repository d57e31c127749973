"""Teasers of a heading and one paragraph, the date (if any) after the title on its line
("Neues Portal – 13.02.2025") or at the end of the teaser ("… ist online. (13.02.2025)").

An undated heading is read as a title where headed paragraphs are the page's pattern (at
least two, and at least as many as paragraphs without a heading, the body of an article on
top of the page not counted), or where its kicker names a known place ("Jena: Neues
Portal"). Elsewhere a short line above a paragraph does not fit the items around it
and stays chrome."""
from __future__ import annotations

from builder.ingest import lines as L
from builder.ingest.headings import split_heading
from builder.ingest.layouts import SKIPPED, SURE, TITLED, Claim, Page, RawItem, Survey, skipped_chrome
from builder.ingest.lines import Kind
from builder.ingest.moretail import strip_more_tail


class TitledTeaser:
    name = "titled teaser"
    starts: tuple[Kind, ...] = (Kind.SHORT,)

    def survey(self, page: Page) -> Survey:
        """Paragraphs under a heading, against paragraphs without one."""
        titled = untitled = 0
        in_lead = page.kind_at(page.next_content(0)) is Kind.SHORT
        seen_text = False
        for index, line in enumerate(page.lines):
            if line.kind in SKIPPED:
                continue
            if line.kind is not Kind.TEXT:
                in_lead = in_lead and not seen_text
                continue
            seen_text = True
            if _is_heading(page, page.previous_content(index)):
                titled += 1
            elif not in_lead:
                untitled += 1
        return Survey(titled, regular=titled >= 2 and titled >= untitled)

    def match(self, page: Page, start: int, section: str | None) -> Claim | None:
        text = page.next_content(start + 1)
        if page.kind_at(text) is not Kind.TEXT or not _is_heading(page, start):
            return None
        heading, date_text = _split_date(page.lines[start].text)
        summary, _ = strip_more_tail(page.lines[text].text)
        if date_text is None and summary:
            summary, date_text = _split_date(summary)
        kicker, title, guessed = split_heading(heading, page.places)
        if date_text is None and not (page.survey(self.name).regular
                                      or _names_a_place(page, kicker)):
            return None
        item = RawItem(page.name, page.lines[start].number,
                       [page.lines[start].number, page.lines[text].number], summary or title,
                       title=title, kicker=kicker, kicker_guessed=guessed, date_text=date_text,
                       section=section, layout=self.name,
                       certainty=SURE if date_text else TITLED)
        return Claim(text + 1, [item], skipped_chrome(page, start, text + 1))


def _is_heading(page: Page, index: int) -> bool:
    """A short line shaped like a headline."""
    return page.kind_at(index) is Kind.SHORT and L.looks_like_heading(page.lines[index].text)


def _names_a_place(page: Page, kicker: str | None) -> bool:
    """Whether the kicker is a place the gazetteer knows ("Jena: …", "ThüringenFörder…")."""
    return kicker is not None and page.places is not None and page.places(kicker)


def _split_date(text: str) -> tuple[str, str | None]:
    """`text` without a date that ends it, and that date (None if there is none)."""
    dated = L.split_trailing_date(text)
    return dated if dated else (text, None)
