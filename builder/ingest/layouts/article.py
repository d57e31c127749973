"""Article pages: a heading (often kicker and title glued together), an optional
"[date] teaser" line, an optional picture (<image> tag, caption, "(Bildquelle: …)"),
then the body paragraphs."""
from __future__ import annotations

from builder.ingest import lines as L
from builder.ingest.headings import split_heading
from builder.ingest.layouts import Claim, Page, RawItem, blank_chrome
from builder.ingest.layouts.dated_teasers import DatedTeaser
from builder.ingest.lines import Kind

_teasers = DatedTeaser()


class Article:
    name = "article"

    def match(self, page: Page, start: int, section: str | None) -> Claim | None:
        if page.kind_at(start) is not Kind.SHORT:
            return None
        index = page.next_content(start + 1)
        consumed = [start]
        teaser = None
        if page.kind_at(index) is Kind.DATED:
            date_text, text = L.split_dated(page.lines[index].text)
            if L.strip_more_tail(text)[1]:
                return None  # "mehr..." marks a teaser that links to its article
            teaser = (date_text, text)
            consumed.append(index)
            index = page.next_content(index + 1)
        image, index = _read_picture(page, index, consumed)
        body, end = self._read_body(page, index, consumed)
        if not body:
            return None
        kicker, title, guessed = split_heading(page.lines[start].text)
        item = RawItem(page.name, page.lines[start].number, [page.lines[i].number for i in consumed],
                       summary=teaser[1] if teaser else "", title=title, kicker=kicker,
                       kicker_guessed=guessed, date_text=teaser[0] if teaser else None,
                       body=body, section=section, image=image)
        return Claim(end, [item], blank_chrome(page, start, end))

    def _read_body(self, page: Page, index: int, consumed: list[int]) -> tuple[list[str], int]:
        """Prose paragraphs up to the first line that is not prose or starts a teaser."""
        body: list[str] = []
        end = index
        while page.kind_at(index) is Kind.TEXT and _teasers.match(page, index, None) is None:
            body.append(page.lines[index].text)
            consumed.append(index)
            end = index + 1
            index = page.next_content(index + 1)
        return body, end


def _read_picture(page: Page, index: int, consumed: list[int]) -> tuple[dict[str, str], int]:
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
