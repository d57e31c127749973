"""The page driver: reads a page's structure, then its items, and accounts for every line.

1. Chrome: lines the vocabulary (`content/chrome.yaml`) or their shape marks as chrome,
   short lines repeated on the page or recurring on other pages of the import, and a date
   line on top of the page (when the page was shown) are set aside with their reason;
   layouts read through them. The line under a label such as "Anzeige" is noted.
2. Survey: every layout says how many items its pattern finds on the whole page and whether
   they repeat regularly (`Layout.survey`).
3. Walk: at each line every layout may claim what follows; the claim that gives the most
   lines a role wins, then the surer one, then the page's regular pattern, then the order of
   `LAYOUTS`. A line no layout claims is chrome, with the reason of its kind.
4. Margins: undated paragraphs around the page's run of list items, and those under a
   label such as "Anzeige" within it, are chrome (`builder.ingest.margins`).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from builder.ingest import lines as L
from builder.ingest.chrome import (
    REASON_RECURRING,
    REASON_REPEATED,
    SHIPPED,
    Candidate,
    Chrome,
    project_chrome,
    recurring_lines,
    repeated_lines,
    shape_reason,
    site_chrome_candidates,
)
from builder.ingest.layouts import LAYOUTS, Claim, Page, RawItem, certainty
from builder.ingest.layouts.stand import REASON as REASON_STAND
from builder.ingest.layouts.stand import date_single_article
from builder.ingest.lines import Kind, Line
from builder.ingest.margins import trim_margins
from builder.ingest.sources import SourcePage
from builder.model import LANDS

REASON_VIEW_DATE = "page date (when the page was shown, not an item date)"
UNCLAIMED_REASONS = {
    Kind.SECTION: "section heading",
    Kind.IMAGE: "image without article",
    Kind.CREDIT: "image credit without image",
    Kind.DATE: "date line that belongs to no item",
    Kind.SHORT: "stray short line (fits no item pattern of this page)",
}
SHAPE_MAX_WORDS = 12  # longer lines are prose: their shape says nothing about chrome


@dataclass
class ParsedPage:
    """The items of a page and the chrome lines with the reason each is not an item."""
    name: str
    items: list[RawItem] = field(default_factory=list)
    chrome: dict[int, str] = field(default_factory=dict)  # line number -> reason
    notes: list[str] = field(default_factory=list)
    line_count: int = 0
    site_chrome_candidates: tuple[Candidate, ...] = ()  # compared across the import's pages

    def misread(self, recurring: frozenset[str]) -> frozenset[str]:
        """The lines of `recurring` (site chrome) that this page read as an item's heading or
        first line."""
        anchors = {item.anchor for item in self.items}
        return frozenset(text for number, text, _, _ in self.site_chrome_candidates
                         if text in recurring and number in anchors)


def parse_pages(sources: Sequence[SourcePage], chrome: Chrome | None = None) -> list[ParsedPage]:
    """`parse_page` for the pages of one import, which together show their site chrome:
    short lines that recur on several of them above different lines."""
    recurring = recurring_lines(map(site_chrome_candidates, (source.lines for source in sources)))
    return [parse_page(source, chrome, recurring) for source in sources]


def parse_page(source: SourcePage, chrome: Chrome | None = None,
               recurring: frozenset[str] = frozenset()) -> ParsedPage:
    """Split a page into items and chrome; every line ends up in exactly one of them.

    `chrome` is the vocabulary (default: the project's), `recurring` the short lines that
    recur on other pages of the same import (see `parse_pages`).
    """
    chrome = chrome or project_chrome()
    page = structure(source, chrome, recurring)
    parsed = ParsedPage(source.name, notes=list(source.notes), line_count=len(source.lines),
                        site_chrome_candidates=site_chrome_candidates(source.lines))
    section: str | None = None
    index = 0
    while index < len(page.lines):
        line = page.lines[index]
        if line.kind is Kind.SECTION:
            section = L.section_name(line.text)
        claim = None
        if line.kind in (Kind.SHORT, Kind.TEXT, Kind.DATED, Kind.BULLET, Kind.NUMBERED):
            claim = best_claim(page, index, section)
        if claim is None:
            parsed.chrome[line.number] = _unclaimed_reason(page, index)
            index += 1
            continue
        parsed.items.extend(claim.items)
        parsed.chrome.update(claim.chrome)
        _follow_lead(page, claim)
        index = claim.end
    parsed.items = trim_margins(parsed.items, parsed.chrome, page.labelled,
                                chrome.speaks_of_itself)
    for item in parsed.items:
        fits = page.survey(item.layout).regular or item.layout == "article" \
            or len(parsed.items) == 1
        item.certainty = certainty(item.certainty, fits)
    date_single_article(page, parsed.items, parsed.chrome)
    return parsed


def _unclaimed_reason(page: Page, index: int) -> str:
    """Why a line no layout claimed is chrome."""
    kind = page.lines[index].kind
    if kind is Kind.BLANK:
        return "blank line"
    return page.reasons.get(index) or UNCLAIMED_REASONS.get(kind, "unrecognised line")


def structure(source: SourcePage, chrome: Chrome, recurring: frozenset[str]) -> Page:
    """The page with its chrome lines set aside (kind CHROME, reasons by index) and every
    layout's survey of it."""
    page = Page(source.name, list(source.lines), places=is_known_place)
    repeated = repeated_lines(source.lines)
    for index, line in enumerate(source.lines):
        if line.kind is Kind.STAND:
            page.reasons[index] = REASON_STAND
        elif line.kind in (Kind.SHORT, Kind.TEXT, Kind.DATE) and index not in page.reasons:
            reason = _chrome_reason(source.lines, index, chrome, repeated, recurring)
            if reason:
                _set_aside(page, index, reason)
                if chrome.labels_next(line.text):
                    _mark_labelled(page, index)
    first = page.next_content(0)
    if page.kind_at(first) is Kind.DATE:
        page.view_date = first
        _set_aside(page, first, REASON_VIEW_DATE)
    page.surveys = {layout.name: layout.survey(page) for layout in LAYOUTS}
    return page


def _mark_labelled(page: Page, label: int) -> None:
    """Note the line right under a label such as "Anzeige" as what the label marks: chrome
    if it fits none of the page's item patterns (see `builder.ingest.margins`)."""
    under = label + 1
    if page.kind_at(under) in (Kind.SHORT, Kind.TEXT):
        label_text = page.lines[label].text
        page.labelled[page.lines[under].number] = \
            f"{page.reasons[label]} (the line under \"{label_text}\")"


def _chrome_reason(lines: list[Line], index: int, chrome: Chrome, repeated: frozenset[str],
                   recurring: frozenset[str]) -> str | None:
    """Why a line is chrome: the vocabulary says so, it has the shape of chrome, or it is a
    short line repeated on its page or recurring on other pages of the import. The heading
    of a dated item (a line right above "[date] text", or above a date line and a paragraph)
    is none of the last three: a short exclamation can be a headline, and one story can
    stand on two pages."""
    line = lines[index]
    reason = chrome.reason(line.text)
    if reason or line.kind is Kind.DATE:
        return reason
    heading = _heads_dated_item(lines, index)
    if line.kind is Kind.SHORT and not heading:
        if line.text in repeated:
            return REASON_REPEATED
        if line.text in recurring:
            return REASON_RECURRING
    return shape_reason(line.text, heading) if len(line.text.split()) <= SHAPE_MAX_WORDS else None


def _heads_dated_item(lines: list[Line], index: int) -> bool:
    """Whether the line at `index` stands above "[date] text", or above a date or "Stand"
    line that a paragraph follows."""
    following = _next_content(lines, index + 1)
    if following < len(lines) and lines[following].kind in (Kind.DATE, Kind.STAND):
        after = _next_content(lines, following + 1)
        return after < len(lines) and lines[after].kind is Kind.TEXT
    return following < len(lines) and lines[following].kind is Kind.DATED


def _next_content(lines: list[Line], index: int) -> int:
    """Index of the first non-blank line at or after `index` (len(lines) if none)."""
    while index < len(lines) and lines[index].kind is Kind.BLANK:
        index += 1
    return index


def _set_aside(page: Page, index: int, reason: str) -> None:
    """Make the line at `index` chrome, for `reason`: layouts read through it."""
    line = page.lines[index]
    page.lines[index] = Line(line.number, line.text, Kind.CHROME)
    page.reasons[index] = reason


def best_claim(page: Page, index: int, section: str | None) -> Claim | None:
    """The claim on the lines from `index` on that explains most, is surest, follows the
    page's regular pattern, in the order of LAYOUTS; None if no layout starts there. A
    layout whose survey found nothing on the page is not asked."""
    best: tuple[tuple, Claim] | None = None
    kind = page.lines[index].kind
    for order, layout in enumerate(LAYOUTS):
        survey = page.survey(layout.name)
        if kind not in layout.starts or not survey.items:
            continue
        claim = layout.match(page, index, section)
        if claim is None:
            continue
        key = (claim.explained(), max((item.certainty for item in claim.items), default=0.0),
               survey.regular, -order)
        if best is None or key > best[0]:
            best = (key, claim)
    return best[1] if best else None


def _follow_lead(page: Page, claim: Claim) -> None:
    """The lead of a page is its articles on top; the first other item ends it."""
    for item in claim.items:
        if item.layout == "article":
            page.articles += 1
        else:
            page.lead = False


def is_known_place(text: str) -> bool:
    """Whether the gazetteer finds a place, district, region or Land in `text` (not only a
    federal or European body)."""
    located = _gazetteer().locate(text)
    return bool(located.places or located.ambiguous
                or any(region in LANDS for region in located.regions))


@lru_cache(maxsize=1)
def _gazetteer():
    """The project's gazetteer (content/gazetteer.yaml), else the one shipped; loaded once,
    and only when a glued heading needs it."""
    from builder.ingest.places import load_gazetteer

    project = Path("content") / "gazetteer.yaml"
    if project.is_file():
        return load_gazetteer(project, Path(".cache"))
    return load_gazetteer(SHIPPED.parent / "gazetteer.yaml", SHIPPED.parents[1] / ".cache")

