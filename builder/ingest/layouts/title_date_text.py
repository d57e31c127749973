"""Teasers of a title, a plain date line ("13.02.2025", "13. Februar 2025", "Stand: 13.02.2025")
and a paragraph. The title may end with "!" or "?": the date line under it shows it is a
headline.

A date line right under a heading is that item's date; the view date at the very top of a
page is chrome (the page driver sets it aside before any layout reads the page)."""
from __future__ import annotations

from builder.ingest import lines as L
from builder.ingest.headings import split_heading
from builder.ingest.layouts import SURE, Claim, Page, RawItem, Survey, skipped_chrome
from builder.ingest.layouts.stand import stand_under
from builder.ingest.lines import Kind
from builder.ingest.moretail import strip_more_tail

_DATE_LINES = (Kind.DATE, Kind.STAND)


class TitleDateText:
    name = "title, date line, text"
    starts: tuple[Kind, ...] = (Kind.SHORT, Kind.TEXT)  # TEXT: a headline that ends with "!" or "?"

    def survey(self, page: Page) -> Survey:
        """Headings with a date line and a paragraph under them."""
        found = sum(1 for index, line in enumerate(page.lines)
                    if line.kind in _DATE_LINES and _heading_above(page, index) is not None)
        return Survey(found, regular=found >= 2)

    def match(self, page: Page, start: int, section: str | None) -> Claim | None:
        stand = stand_under(page, start)
        date = page.next_content(start + 1) if stand is None else stand
        if page.kind_at(date) not in _DATE_LINES or _heading_above(page, date) != start:
            return None
        text = page.next_content(date + 1)
        summary, _ = strip_more_tail(page.lines[text].text)
        kicker, title, guessed = split_heading(page.lines[start].text, page.places)
        item = RawItem(page.name, page.lines[start].number,
                       [page.lines[i].number for i in (start, date, text)], summary or title,
                       title=title, kicker=kicker, kicker_guessed=guessed,
                       date_text=_date_of(page.lines[date]), section=section,
                       layout=self.name, certainty=SURE)
        return Claim(text + 1, [item], skipped_chrome(page, start, text + 1, taken=(date,)))


def _date_of(line: L.Line) -> str | None:
    """The date a date line or a "Stand" line states."""
    return L.stand_date(line.text) if line.kind is Kind.STAND else L.date_line(line.text)


def _heading_above(page: Page, date: int) -> int | None:
    """The index of the heading above the date line at `date`, when the date line stands
    between a heading and a paragraph."""
    heading, text = page.previous_content(date), page.next_content(date + 1)
    if page.kind_at(text) is Kind.TEXT and heading >= 0 and _is_heading(page.lines[heading]):
        return heading
    return None


def _is_heading(line: L.Line) -> bool:
    """A short line, or a short exclamation or question, shaped like a headline."""
    if line.kind is Kind.TEXT:
        short = line.text.endswith(("!", "?")) and len(line.text.split()) <= L.SHORT_MAX_WORDS
    else:
        short = line.kind is Kind.SHORT
    return short and L.looks_like_heading(line.text)
