"""Page layouts: one parser per layout, all behind the `Layout` interface.

A layout looks at a page from a given line on. If it recognises its own structure there, it
returns a `Claim`: how far it read, the items it found and the lines it consumed as chrome
(with a reason). The page driver (`builder.ingest.parse`) tries the layouts in `LAYOUTS`
order at every line; a new layout is a new module added to that tuple.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from builder.ingest.lines import Kind, Line


@dataclass
class RawItem:
    """A news item as a layout found it, before enrichment (places, topics, id)."""
    source: str
    anchor: int                     # the line cited in `sources` (heading or first text line)
    lines: list[int]                # every source line this item consumed
    summary: str
    title: str | None = None
    kicker: str | None = None
    kicker_guessed: bool = False    # split from a glued heading by letter case alone
    date_text: str | None = None    # what the source states as the item's date
    body: list[str] = field(default_factory=list)
    label: str | None = None
    section: str | None = None
    image: dict[str, str] = field(default_factory=dict)


@dataclass
class Claim:
    """What a layout consumed: lines [start, end) of the page, as items and chrome."""
    end: int
    items: list[RawItem] = field(default_factory=list)
    chrome: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)


@dataclass
class Page:
    """The classified lines of one source page (index 0 is line 1)."""
    name: str
    lines: list[Line]

    def next_content(self, index: int) -> int:
        """Index of the first non-blank line at or after `index` (len(lines) if none)."""
        while index < len(self.lines) and self.lines[index].kind is Kind.BLANK:
            index += 1
        return index

    def kind_at(self, index: int) -> Kind | None:
        return self.lines[index].kind if index < len(self.lines) else None


class Layout(Protocol):
    """A page layout parser."""
    name: str

    def match(self, page: Page, start: int, section: str | None) -> Claim | None:
        """A claim on the lines from `start` on, or None if this layout does not start there."""


def blank_chrome(page: Page, start: int, end: int) -> list[tuple[int, str]]:
    """Chrome entries for the blank lines in [start, end)."""
    return [(page.lines[i].number, "blank line") for i in range(start, end)
            if page.lines[i].kind is Kind.BLANK]


from builder.ingest.layouts.article import Article  # noqa: E402
from builder.ingest.layouts.dated_teasers import DatedTeaser  # noqa: E402
from builder.ingest.layouts.newsletter import Newsletter  # noqa: E402
from builder.ingest.layouts.paragraphs import ParagraphTeaser  # noqa: E402

LAYOUTS: tuple[Layout, ...] = (Article(), DatedTeaser(), Newsletter(), ParagraphTeaser())
