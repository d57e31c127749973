"""The entry: the one data model shared by the importer, the content loader and the renderer.

An entry is a Markdown file with YAML front matter; `Entry` is its validated in-memory form and
`to_markdown` its canonical text (stable key order, so that the same entry gives the same bytes).
"""
from __future__ import annotations

import datetime
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from slugify import slugify

from builder.entry_yaml import FlowDict, FlowList, fast_dump

LANDS = (
    "Baden-Württemberg", "Bayern", "Berlin", "Brandenburg", "Bremen", "Hamburg", "Hessen",
    "Mecklenburg-Vorpommern", "Niedersachsen", "Nordrhein-Westfalen", "Rheinland-Pfalz",
    "Saarland", "Sachsen", "Sachsen-Anhalt", "Schleswig-Holstein", "Thüringen",
)
REGIONS = LANDS + ("Bund", "EU")
Region = Literal[REGIONS]  # type: ignore[valid-type]
Status = Literal["published", "draft", "rejected"]

# Front matter keys in the order they are written.
FRONT_MATTER_KEYS = (
    "id", "title", "kicker", "date", "date_hint", "added", "label", "regions", "places", "topics",
    "summary", "sources", "section", "image", "status", "review",
)
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
FIRST_YEAR, LAST_YEAR = 1900, 2100  # dates outside are typos, never news of this digest
_GERMAN_LETTERS = [["Ä", "Ae"], ["Ö", "Oe"], ["Ü", "Ue"], ["ä", "ae"], ["ö", "oe"], ["ü", "ue"],
                   ["ß", "ss"]]


def german_slug(text: str, max_length: int = 0) -> str:
    """A URL-safe slug with German transliteration: "Baden-Württemberg" -> "baden-wuerttemberg"."""
    return slugify(text, max_length=max_length, word_boundary=bool(max_length),
                   replacements=_GERMAN_LETTERS)


_URL_PATTERN = re.compile(r"https?://[^\s/?#\x00-\x1f\x7f<>\"'`]+(?:[/?#]\S*)?")


def web_url(value: str | None) -> str | None:
    """An http(s) address with a host, as written (never normalised: the entry's bytes stay)."""
    if value is not None and not _URL_PATTERN.fullmatch(value):
        raise ValueError("must be a web address starting with https:// or http://, "
                         "like https://example.org/meldung")
    return value


def plausible_date(value: datetime.date | None) -> datetime.date | None:
    """A date within FIRST_YEAR..LAST_YEAR (outside: a typo)."""
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"year {value.year} is not between {FIRST_YEAR} and {LAST_YEAR} "
                         "(a typo?)")
    return value


class Source(BaseModel):
    """Provenance: a raw source page and the line an item starts on (`file`, `line`; what
    the page is, readers learn from content/source-pages.yaml), or a web page an editor
    cites (`url`, with its `publisher` and the date it was `retrieved`)."""
    model_config = ConfigDict(extra="forbid", frozen=True)
    file: str | None = Field(default=None, min_length=1)
    line: int | None = Field(default=None, ge=1)
    url: str | None = None
    publisher: str | None = Field(default=None, min_length=1)
    retrieved: datetime.date | None = None

    _url = field_validator("url")(web_url)
    _retrieved = field_validator("retrieved")(plausible_date)

    @model_validator(mode="after")
    def _one_kind(self) -> Source:
        if self.url is None:
            if self.file is None or self.line is None:
                raise ValueError("a source needs file and line (a page in content/sources) "
                                 "or url (a web page)")
            if self.publisher is not None or self.retrieved is not None:
                raise ValueError("publisher and retrieved belong to a url source (those of a "
                                 "source file are in content/source-pages.yaml)")
        elif self.file is not None or self.line is not None:
            raise ValueError("a source has file and line or url, not both")
        return self


class Image(BaseModel):
    """What the source says about an entry's picture (the picture itself is not imported)."""
    model_config = ConfigDict(extra="forbid", frozen=True)
    alt: str | None = None
    caption: str | None = None
    credit: str | None = None


class Entry(BaseModel):
    """One news item. Field names are the front matter contract of DESIGN.md."""
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=ID_PATTERN, max_length=120)
    title: str = Field(min_length=1)
    kicker: str | None = None
    date: datetime.date | None = None
    date_hint: str | None = None
    added: datetime.date | None = None  # when the entry entered the digest (not the news's date)
    label: str | None = None
    regions: tuple[Region, ...] = ()
    places: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    summary: str = Field(min_length=1)
    sources: tuple[Source, ...] = ()
    section: str | None = None
    image: Image | None = None
    status: Status = "published"
    review: tuple[str, ...] = ()
    body: str = ""

    @field_validator("title", "summary")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value

    _plausible_year = field_validator("date", "added")(plausible_date)

    def front_matter(self) -> dict:
        """The front matter mapping in contract order, leaving out empty optional fields."""
        data = self.model_dump(exclude={"body"}, exclude_none=True)
        if self.image is not None:
            data["image"] = self.image.model_dump(exclude_none=True)
        return {key: data[key] for key in FRONT_MATTER_KEYS
                if key in data and data[key] not in ((), [], {}, "")}


def to_markdown(entry: Entry) -> str:
    """The canonical file text of an entry: front matter, a blank line, the Markdown body."""
    header = fast_dump(styled_front_matter(entry))
    body = entry.body.strip()
    return f"---\n{header}---\n" + (f"\n{body}\n" if body else "")


def styled_front_matter(entry: Entry) -> dict:
    """The front matter with its short collections marked to be written on one line."""
    data = entry.front_matter()
    for key in ("regions", "places", "topics", "review"):
        if key in data:
            data[key] = FlowList(data[key])
    if "sources" in data:
        data["sources"] = [FlowDict(source) for source in data["sources"]]
    return data
