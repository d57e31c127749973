"""Page layouts: one parser per layout, all behind the `Layout` interface.

Before reading items, the page driver (`builder.ingest.parse`) asks every layout to `survey`
the whole page: how many items its pattern finds there and whether they repeat regularly.
Then it walks the page; at each line every layout may `match` and return a `Claim` (how far
it read, the items it found, the lines it consumed as chrome with a reason), and the driver
keeps the claim that explains the most lines, then the surer one, then the one of the page's
regular pattern. A new layout is a new module added to `LAYOUTS`.
"""
from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Protocol

from builder.ingest.lines import Kind, Line

# How sure a layout is of one item it read, before the page's regularity is weighed in.
SURE = 0.9          # a heading and a date the source states, or a newsletter bullet
DATED = 0.8         # a date but no heading
TITLED = 0.75       # a heading but no date
PLAIN = 0.6         # a paragraph with neither

# Lines a layout reads through as if they were not there: blank lines and chrome. (A tuple:
# members of an enum are found in it by identity, faster than by hash in a set.)
SKIPPED = (Kind.BLANK, Kind.CHROME, Kind.STAND)

PlaceLookup = Callable[[str], bool]


@dataclass
class RawItem:
    """A news item as a layout found it, before enrichment (places, topics, id)."""
    source: str
    anchor: int                     # the line cited in `sources` (heading or first text line)
    lines: list[int]                # every source line this item consumed
    summary: str
    title: str | None = None
    kicker: str | None = None
    kicker_guessed: bool = False    # split from a glued heading, not at "Ort: "
    date_text: str | None = None    # what the source states as the item's date
    body: list[str] = field(default_factory=list)
    label: str | None = None
    section: str | None = None
    image: dict[str, str] = field(default_factory=dict)
    layout: str = ""                # the layout that read the item
    certainty: float = 0.0          # how sure that reading is, 0-1
    place_hint: str | None = None   # a place the page states for the item (a dateline's)


@dataclass
class Claim:
    """What a layout consumed: lines [start, end) of the page, as items and chrome."""
    end: int
    items: list[RawItem] = field(default_factory=list)
    chrome: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)

    def explained(self) -> int:
        """How many non-blank lines the claim gives a role (item or structural chrome)."""
        return sum(len(item.lines) for item in self.items) + \
            sum(1 for _, reason in self.chrome if reason != "blank line")


@dataclass(frozen=True)
class Survey:
    """What a layout's pattern finds on a whole page."""
    items: int = 0
    regular: bool = False       # its items repeat in one shape (at least two of them)
    lines_above: bool = False   # its items usually have lines above their heading (alt text)


NOTHING_FOUND = Survey()


@dataclass
class Page:
    """The classified lines of one source page (index 0 is line 1), with what the driver
    learnt about the page as a whole."""
    name: str
    lines: list[Line]
    reasons: dict[int, str] = field(default_factory=dict)    # chrome line index -> reason
    surveys: dict[str, Survey] = field(default_factory=dict)  # layout name -> survey
    places: PlaceLookup | None = None   # whether a text is a known place name
    view_date: int | None = None        # index of the date line on top: when the page was shown
    labelled: dict[int, str] = field(default_factory=dict)  # line number -> reason of its label
    lead: bool = True       # nothing but articles read so far: the page's lead
    articles: int = 0       # articles read so far

    def next_content(self, index: int) -> int:
        """Index of the first line at or after `index` that is neither blank nor chrome
        (len(lines) if none)."""
        while index < len(self.lines) and self.lines[index].kind in SKIPPED:
            index += 1
        return index

    def previous_content(self, index: int) -> int:
        """Index of the last line before `index` that is neither blank nor chrome (-1 if none)."""
        index -= 1
        while index >= 0 and self.lines[index].kind in SKIPPED:
            index -= 1
        return index

    def kind_at(self, index: int) -> Kind | None:
        return self.lines[index].kind if 0 <= index < len(self.lines) else None

    def survey(self, name: str) -> Survey:
        return self.surveys.get(name, NOTHING_FOUND)


class Layout(Protocol):
    """A page layout parser."""
    name: str
    starts: tuple[Kind, ...]   # the kinds of line an item of this layout can start at

    def survey(self, page: Page) -> Survey:
        """How many items this layout's pattern finds on the whole page (linear in lines)."""

    def match(self, page: Page, start: int, section: str | None) -> Claim | None:
        """A claim on the lines from `start` on, or None if this layout does not start there."""


def skipped_chrome(page: Page, start: int, end: int, taken: Collection[int] = ()
                   ) -> list[tuple[int, str]]:
    """Chrome entries for the blank and chrome lines in [start, end), which layouts read
    through, except those at the indexes in `taken` (a "Stand" line an item took as its date)."""
    return [(page.lines[i].number, page.reasons.get(i, "blank line")) for i in range(start, end)
            if page.lines[i].kind in SKIPPED and i not in taken]


def certainty(evidence: float, regular: bool) -> float:
    """How sure a reading is: the layout's evidence, lowered for a one-off on its page."""
    return round(evidence if regular else evidence * 0.85, 2)


from builder.ingest.layouts.article import Article  # noqa: E402
from builder.ingest.layouts.dated_teasers import DatedTeaser  # noqa: E402
from builder.ingest.layouts.newsletter import Newsletter  # noqa: E402
from builder.ingest.layouts.paragraphs import ParagraphTeaser  # noqa: E402
from builder.ingest.layouts.press_release import PressRelease  # noqa: E402
from builder.ingest.layouts.title_date_text import TitleDateText  # noqa: E402
from builder.ingest.layouts.titled_teasers import TitledTeaser  # noqa: E402

# In order of preference where two claims explain as much and are as sure.
LAYOUTS: tuple[Layout, ...] = (Newsletter(), DatedTeaser(), TitleDateText(), PressRelease(),
                               Article(), TitledTeaser(), ParagraphTeaser())
