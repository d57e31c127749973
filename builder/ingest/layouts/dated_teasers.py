"""Teaser lists: an optional image alt line and label, a heading ("Ort: Titel"), then
"[13.02.2025] Teaser text mehr...".

Lines above a heading are read as its picture's alt text or label only where the page's
teasers usually have such lines or they end in a lower-case label ("bericht"), and only with
nothing but blank lines between them and the heading; elsewhere such a line fits no item and
stays chrome."""
from __future__ import annotations

from builder.ingest import lines as L
from builder.ingest.headings import split_heading
from builder.ingest.layouts import DATED, SKIPPED, SURE, Claim, Page, RawItem, Survey, skipped_chrome
from builder.ingest.lines import Kind
from builder.ingest.moretail import strip_more_tail

_PREAMBLE_MAX = 2
_ALT_MAX_CHARS = 300
ALT_JOIN = " / "  # between alt text lines above one heading


class DatedTeaser:
    name = "dated teaser"
    starts: tuple[Kind, ...] = (Kind.DATED, Kind.SHORT, Kind.TEXT)  # TEXT: alt text above a heading

    def survey(self, page: Page) -> Survey:
        """Dated lines, and whether most of those under a heading have a line above it that
        can be alt text or a label (a sentence only when a blank line sets it off)."""
        dated = headed = above = 0
        for index, line in enumerate(page.lines):
            if line.kind is not Kind.DATED:
                continue
            dated += 1
            heading = page.previous_content(index)
            if page.kind_at(heading) is Kind.SHORT:
                headed += 1
                line_above = page.previous_content(heading)
                above += page.kind_at(line_above) is Kind.SHORT or (
                    page.kind_at(line_above) is Kind.TEXT and page.kind_at(heading - 1) in SKIPPED)
        return Survey(dated, regular=dated >= 2, lines_above=2 * above > headed)

    def match(self, page: Page, start: int, section: str | None) -> Claim | None:
        if page.kind_at(start) is Kind.DATED:
            return self._claim(page, start, [], None, start, section)
        survey = page.survey(self.name)
        if not survey.items:
            return None
        if page.kind_at(start) is Kind.SHORT and heading_of_teaser(page, start) \
                and not survey.lines_above:
            return self._claim(page, start, [], start, page.next_content(start + 1), section)
        preamble: list[int] = []
        index = start
        while index < len(page.lines) and len(preamble) <= _PREAMBLE_MAX:
            line = page.lines[index]
            if line.kind is Kind.SHORT and heading_of_teaser(page, index):
                if preamble and not _preamble_fits(page, preamble, index):
                    return None
                if not survey.lines_above and not _ends_in_label(page, preamble):
                    return None
                return self._claim(page, start, preamble, index, page.next_content(index + 1),
                                   section)
            if line.kind not in (Kind.SHORT, Kind.TEXT) or len(line.text) > _ALT_MAX_CHARS \
                    or line.number in page.labelled:  # what an "Anzeige" label marks
                return None
            preamble.append(index)
            following = page.next_content(index + 1)
            if any(page.lines[i].kind is not Kind.BLANK for i in range(index + 1, following)):
                return None  # chrome in between: no picture or label of the heading below
            index = following
        return None

    def _claim(self, page: Page, start: int, preamble: list[int], heading: int | None,
               dated: int, section: str | None) -> Claim:
        date_text, text = L.split_dated(page.lines[dated].text)
        summary, _ = strip_more_tail(text)
        item = RawItem(page.name, page.lines[heading if heading is not None else dated].number,
                       [], summary, date_text=date_text, section=section, layout=self.name,
                       certainty=DATED if heading is None else SURE)
        claim = Claim(dated + 1, [item], skipped_chrome(page, start, dated + 1))
        if heading is not None:
            item.kicker, item.title, item.kicker_guessed = split_heading(page.lines[heading].text,
                                                                         page.places)
        _read_preamble([page.lines[i] for i in preamble], item, claim)
        item.lines = sorted({page.lines[i].number for i in (*preamble, heading, dated)
                             if i is not None} - {number for number, _ in claim.chrome})
        if not item.summary:  # a dated line without text: the heading is all there is
            item.summary = item.title or date_text
        return claim


def heading_of_teaser(page: Page, index: int) -> bool:
    """A short line directly (or after blanks) followed by a "[date] text" line."""
    return page.kind_at(page.next_content(index + 1)) is Kind.DATED


def _ends_in_label(page: Page, preamble: list[int]) -> bool:
    """Whether the last line above a heading is a lower-case type label ("bericht"): a
    preamble even on a page whose other teasers have none."""
    if not preamble:
        return False
    text = page.lines[preamble[-1]].text
    return L.is_label(text) and text[0].islower()


def _preamble_fits(page: Page, preamble: list[int], heading: int) -> bool:
    """Sentence-like lines count as alt text only when a blank line sets them off from the
    heading; otherwise they may be the last paragraph of an article."""
    separated = page.lines[heading - 1].kind in SKIPPED
    return separated or all(page.lines[i].kind is Kind.SHORT for i in preamble)


def _read_preamble(preamble: list[L.Line], item: RawItem, claim: Claim) -> None:
    """Lines above a teaser heading: the picture's alt text, then maybe a label ("bericht").

    A one-word line is the label when it is lower case or follows the alt text, and no other
    line is the label yet; a file name stands in for a picture without alt text and is chrome.
    Every other line is alt text: several such lines are joined with " / " (each line a part
    of the entry's alt text, none dropped).
    """
    for position, line in enumerate(preamble):
        if L.is_label(line.text) and (line.text[0].islower() or position > 0) \
                and item.label is None:
            item.label = line.text[0].upper() + line.text[1:]
        elif L.is_file_name(line.text):
            claim.chrome.append((line.number, "image placeholder (a file name, not alt text)"))
        elif "alt" in item.image:
            item.image["alt"] = f"{item.image['alt']}{ALT_JOIN}{line.text}"
        else:
            item.image["alt"] = line.text
