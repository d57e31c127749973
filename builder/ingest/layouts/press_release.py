"""Press releases: an optional heading and picture, then a paragraph that opens with a dateline
("Köln, 3. März 2025 – Die Stadt …"). The dateline's date is the item's date and its place a
place hint. Further paragraphs are the release's body where the page is made of releases
(at least two) or the release is the page's lead; elsewhere they are items of their own."""
from __future__ import annotations

from builder.ingest import lines as L
from builder.ingest.headings import split_heading
from builder.ingest.layouts import DATED, SURE, Claim, Page, RawItem, Survey, skipped_chrome
from builder.ingest.layouts.article import read_picture
from builder.ingest.lines import Kind
from builder.ingest.moretail import strip_more_tail


class PressRelease:
    name = "press release"
    starts: tuple[Kind, ...] = (Kind.SHORT, Kind.TEXT)

    def survey(self, page: Page) -> Survey:
        """Paragraphs that open with a dateline."""
        found = sum(1 for line in page.lines
                    if line.kind is Kind.TEXT and L.dateline(line.text) is not None)
        return Survey(found, regular=found >= 2)

    def match(self, page: Page, start: int, section: str | None) -> Claim | None:
        if not page.survey(self.name).items:
            return None
        heading = None
        opening = start
        picture: list[int] = []
        image: dict[str, str] = {}
        if page.kind_at(start) is Kind.SHORT and L.looks_like_heading(page.lines[start].text):
            heading = start
            image, opening = read_picture(page, page.next_content(start + 1), picture)
        if page.kind_at(opening) is not Kind.TEXT:
            return None
        dateline = L.dateline(page.lines[opening].text)
        if dateline is None:
            return None
        place, date_text, _ = dateline
        consumed, end = [*picture, opening], opening + 1
        if heading is not None and (page.lead or page.survey(self.name).regular):
            end = _read_body(page, end, consumed)
        summary, _ = strip_more_tail(page.lines[opening].text)
        item = RawItem(page.name, page.lines[start].number,
                       [page.lines[i].number for i in sorted({start, *consumed})], summary,
                       date_text=date_text, section=section, layout=self.name,
                       certainty=SURE if heading is not None else DATED, place_hint=place,
                       image=image)
        if heading is not None:
            item.kicker, item.title, item.kicker_guessed = split_heading(
                page.lines[heading].text, page.places)
            item.body = [strip_more_tail(page.lines[i].text)[0]
                         for i in consumed[len(picture) + 1:]]
        return Claim(end, [item], skipped_chrome(page, start, end))


def _read_body(page: Page, index: int, consumed: list[int]) -> int:
    """Consume the paragraphs from `index` on up to the next heading or dateline; the end."""
    end = index
    index = page.next_content(index)
    while page.kind_at(index) is Kind.TEXT and L.dateline(page.lines[index].text) is None:
        consumed.append(index)
        end = index + 1
        index = page.next_content(index + 1)
    return end
