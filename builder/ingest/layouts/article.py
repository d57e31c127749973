"""Article pages: a heading (often kicker and title glued together), an optional date (a
"[date] teaser" line or a plain date line), an optional picture (<image> tag, caption,
"(Bildquelle: …)"), then the body paragraphs.

A body belongs to a heading only in the page's lead, before any other kind of item, or
where a picture stands under the heading: elsewhere a short line above paragraphs is chrome
or a teaser heading, never the title of all that follows. A second article in the lead needs
a date or a picture of its own.
"""
from __future__ import annotations

from builder.ingest import lines as L
from builder.ingest.headings import split_heading
from builder.ingest.layouts import SURE, TITLED, Claim, Page, RawItem, Survey, skipped_chrome
from builder.ingest.layouts.dated_teasers import DatedTeaser
from builder.ingest.layouts.stand import stand_under
from builder.ingest.lines import Kind
from builder.ingest.moretail import strip_more_tail

_teasers = DatedTeaser()
_UNDER_HEADING = (Kind.DATED, Kind.DATE, Kind.IMAGE, Kind.TEXT)


class Article:
    name = "article"
    starts: tuple[Kind, ...] = (Kind.SHORT,)

    def survey(self, page: Page) -> Survey:
        """Short lines with a date, a picture or a paragraph under them: where an article
        may start (whether one does depends on where on the page it stands)."""
        found = sum(1 for index, line in enumerate(page.lines) if line.kind is Kind.SHORT
                    and page.kind_at(page.next_content(index + 1)) in _UNDER_HEADING)
        return Survey(found)

    def match(self, page: Page, start: int, section: str | None) -> Claim | None:
        if page.kind_at(start) is not Kind.SHORT:
            return None
        index = page.next_content(start + 1)
        consumed = [start]
        summary, date_text = "", None
        stand = stand_under(page, start)
        if stand is not None:
            date_text = L.stand_date(page.lines[stand].text)
            consumed.append(stand)
        elif page.kind_at(index) is Kind.DATED:
            date_text, text = L.split_dated(page.lines[index].text)
            if strip_more_tail(text)[1]:
                return None  # "mehr..." marks a teaser that links to its article
            summary = text
        elif page.kind_at(index) is Kind.DATE:
            date_text = L.date_line(page.lines[index].text)
        if date_text is not None and stand is None:
            consumed.append(index)
            index = page.next_content(index + 1)
        image, index = read_picture(page, index, consumed)
        body, end = _read_body(page, index, consumed)
        if not body or not L.looks_like_heading(page.lines[start].text):
            return None
        if not image and (not page.lead or (page.articles and not date_text)):
            return None
        kicker, title, guessed = split_heading(page.lines[start].text, page.places)
        item = RawItem(page.name, page.lines[start].number,
                       [page.lines[i].number for i in consumed],
                       summary=summary, title=title, kicker=kicker,
                       kicker_guessed=guessed, date_text=date_text, body=body, section=section,
                       image=image, layout=self.name,
                       certainty=SURE if date_text or image else TITLED)
        return Claim(end, [item], skipped_chrome(page, start, end, taken=() if stand is None else (stand,)))


def _read_body(page: Page, index: int, consumed: list[int]) -> tuple[list[str], int]:
    """Prose paragraphs up to the first line that is not prose or starts a teaser."""
    body: list[str] = []
    end = index
    while page.kind_at(index) is Kind.TEXT and _teasers.match(page, index, None) is None:
        body.append(page.lines[index].text)
        consumed.append(index)
        end = index + 1
        index = page.next_content(index + 1)
    return body, end


def read_picture(page: Page, index: int, consumed: list[int]) -> tuple[dict[str, str], int]:
    """An <image> line, the caption below it and a "(Bildquelle: …)" credit, as present."""
    if page.kind_at(index) is not Kind.IMAGE:
        return {}, index
    image = {}
    alt = L.image_alt(page.lines[index].text)
    if alt:
        image["alt"] = alt
    consumed.append(index)
    index = page.next_content(index + 1)
    if page.kind_at(index) in (Kind.TEXT, Kind.SHORT) and \
            page.kind_at(page.next_content(index + 1)) is Kind.CREDIT:
        image["caption"] = page.lines[index].text
        consumed.append(index)
        index = page.next_content(index + 1)
    elif page.kind_at(index) in (Kind.TEXT, Kind.SHORT) and page.lines[index].text == alt:
        image["caption"] = page.lines[index].text
        consumed.append(index)
        index = page.next_content(index + 1)
    if page.kind_at(index) is Kind.CREDIT:
        image["credit"] = L.credit_text(page.lines[index].text)
        consumed.append(index)
        index = page.next_content(index + 1)
    return image, index
