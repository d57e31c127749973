"""The entry: the one data model shared by the importer, the content loader and the renderer.

An entry is a Markdown file with YAML front matter; `Entry` is its validated in-memory form and
`to_markdown` its canonical text (stable key order, so that the same entry gives the same bytes).
"""
from __future__ import annotations

import datetime
import io
from typing import TYPE_CHECKING, Literal, cast

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator
from slugify import slugify
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

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
    "id", "title", "kicker", "date", "date_hint", "label", "regions", "places", "topics",
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


class Source(BaseModel):
    """Provenance: a raw source page and the line an item starts on."""
    model_config = ConfigDict(extra="forbid", frozen=True)
    file: str = Field(min_length=1)
    line: int = Field(ge=1)


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

    @field_validator("date")
    @classmethod
    def _plausible_year(cls, value: datetime.date | None) -> datetime.date | None:
        if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise ValueError(f"year {value.year} is not between {FIRST_YEAR} and {LAST_YEAR} "
                             "(a typo?)")
        return value

    def front_matter(self) -> dict:
        """The front matter mapping in contract order, leaving out empty optional fields."""
        data = self.model_dump(exclude={"body"}, exclude_none=True)
        if self.image is not None:
            data["image"] = self.image.model_dump(exclude_none=True)
        return {key: data[key] for key in FRONT_MATTER_KEYS
                if key in data and data[key] not in ((), [], {}, "")}


class _FlowList(list):
    """A list written on one line: `regions: [Hamburg]`."""


class _FlowDict(dict):
    """A mapping written on one line: `- {file: x.txt, line: 3}`."""


if TYPE_CHECKING:  # libyaml's CSafeDumper offers the interface of the pure-Python SafeDumper
    _SafeDumper = yaml.SafeDumper
else:
    _SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _EntryDumper(_SafeDumper):
    """YAML dumper for entries (libyaml when present): flow style for short collections."""


_EntryDumper.add_representer(
    _FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
_EntryDumper.add_representer(
    _FlowDict, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=True))


def to_markdown(entry: Entry) -> str:
    """The canonical file text of an entry: front matter, a blank line, the Markdown body."""
    header = _front_matter_yaml(_styled_front_matter(entry))
    body = entry.body.strip()
    return f"---\n{header}---\n" + (f"\n{body}\n" if body else "")


def _styled_front_matter(entry: Entry) -> dict:
    """The front matter with its short collections marked to be written on one line."""
    data = entry.front_matter()
    for key in ("regions", "places", "topics", "review"):
        if key in data:
            data[key] = _FlowList(data[key])
    if "sources" in data:
        data["sources"] = [_FlowDict(source) for source in data["sources"]]
    return data


_TAG = "tag:yaml.org,2002:"


def _front_matter_yaml(data: dict) -> str:
    """`yaml.dump(data, Dumper=_EntryDumper, allow_unicode=True, sort_keys=False,
    default_flow_style=False, width=100)`, with the nodes made by `_node`.

    Why: PyYAML's generic representer (type dispatch, alias bookkeeping per value) took
    about a third of the time of writing an entry; an import writes 10,000 of them.
    `tests/test_determinism.py` proves the text equal to that of `yaml.dump`.
    """
    stream = io.StringIO()
    dumper = _EntryDumper(stream, allow_unicode=True, sort_keys=False, default_flow_style=False,
                          width=100)
    try:
        dumper.open()
        dumper.serialize(_node(data, dumper))
        dumper.close()
    finally:
        dumper.dispose()
    return stream.getvalue()


def _node(value: object, dumper: _EntryDumper) -> Node:
    """The node `dumper.represent_data(value)` makes, built directly for the types of front
    matter (a value of any other type is left to `dumper`). Front matter never holds one
    object twice, so no anchors are lost. (It dispatches on the exact type, which mypy does
    not follow through `kind`: hence the casts.)"""
    kind = type(value)
    if kind is str:
        return ScalarNode(_TAG + "str", value)
    if kind is int:
        return ScalarNode(_TAG + "int", str(value))
    if kind is datetime.date:
        return ScalarNode(_TAG + "timestamp", cast(datetime.date, value).isoformat())
    if kind in (list, _FlowList):
        return SequenceNode(_TAG + "seq", [_node(item, dumper) for item in cast(list, value)],
                            flow_style=kind is _FlowList)
    if kind in (dict, _FlowDict):
        return MappingNode(_TAG + "map", [(_node(key, dumper), _node(item, dumper))
                                          for key, item in cast(dict, value).items()],
                           flow_style=kind is _FlowDict)
    return dumper.represent_data(value)
