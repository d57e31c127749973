"""The YAML text of an entry's front matter: `plain_dump` (PyYAML with libyaml) is the
reference; `fast_dump` gives the same text, written directly.

Why: an import writes 10,000 entries, and PyYAML's representer, serializer and resolver
took a fifth of its time to turn each small mapping into text. `fast_dump` writes the
shapes front matter has (strings, numbers and dates in a mapping, one-line lists and
mappings, one nested mapping) in the styles libyaml picks for them, folding long lines
where libyaml folds them; any value it is not sure of (an empty or multi-line string, a
character libyaml escapes, a one-line collection too long for one line) sends the whole
mapping to `plain_dump`. `tests/test_entry_yaml.py` proves the two equal.
"""
from __future__ import annotations

import datetime
import functools
import re
from typing import TYPE_CHECKING

import yaml
from yaml.nodes import ScalarNode

WIDTH = 100   # libyaml folds a line at the first space past this column
INDENT = 2


class FlowList(list):
    """A list written on one line: `regions: [Hamburg]`."""


class FlowDict(dict):
    """A mapping written on one line: `- {file: x.txt, line: 3}`."""


if TYPE_CHECKING:  # libyaml's CSafeDumper offers the interface of the pure-Python SafeDumper
    _SafeDumper = yaml.SafeDumper
else:
    _SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class EntryDumper(_SafeDumper):
    """YAML dumper for entries (libyaml when present): flow style for `FlowList`/`FlowDict`."""


EntryDumper.add_representer(
    FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
EntryDumper.add_representer(
    FlowDict, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=True))


def plain_dump(data: dict) -> str:
    """The reference text of a front matter mapping."""
    return yaml.dump(data, Dumper=EntryDumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=WIDTH)


def fast_dump(data: dict) -> str:
    """`plain_dump(data)`, written directly where it can be."""
    text = direct_text(data)
    return plain_dump(data) if text is None else text


class _Unsure(Exception):
    """A value `direct_text` does not write itself."""


def direct_text(data: dict) -> str | None:
    """The text of `data` as libyaml writes it, or None where a value is not one of the
    shapes written here."""
    try:
        return "".join(_block_mapping(data, 0))
    except _Unsure:
        return None


def _block_mapping(data: dict, indent: int) -> list[str]:
    lines = []
    pad = " " * indent
    for key, value in data.items():
        head = f"{pad}{_key(key)}:"
        kind = type(value)
        if kind in (FlowList, list) and not value:
            raise _Unsure
        if kind is FlowList:
            lines.append(_one_line(head + " [" + ", ".join(map(_flow_scalar, value)) + "]\n"))
        elif kind is list:
            lines.append(head + "\n")
            lines.extend(_one_line(f"{pad}- {_flow_mapping(item)}\n") for item in value)
        elif kind is dict and value:
            lines.append(head + "\n")
            lines.extend(_block_mapping(value, indent + INDENT))
        else:
            lines.append(head + _block_scalar(value, len(head), indent + INDENT) + "\n")
    return lines


@functools.lru_cache(maxsize=64)
def _key(key: object) -> str:
    if type(key) is not str or not _PLAIN_KEY.fullmatch(key):
        raise _Unsure
    return key


_PLAIN_KEY = re.compile(r"[a-z_]+")


def _one_line(line: str) -> str:
    """`line` if libyaml writes it unfolded (it folds only past the width)."""
    if len(line) > WIDTH + 1:  # the line break does not count
        raise _Unsure
    return line


def _flow_mapping(item: object) -> str:
    if type(item) is not FlowDict or not item:
        raise _Unsure
    return "{" + ", ".join(f"{_key(key)}: {_flow_scalar(value)}" for key, value in item.items()) + "}"


def _flow_scalar(value: object) -> str:
    """A scalar inside a one-line collection (never folded: `_one_line` sees to that)."""
    kind = type(value)
    if kind is not str:
        return _typed_scalar(value)
    text: str = value  # type: ignore[assignment]
    return text if _plain_allowed(text, flow=True) else _single_quoted(text)


def _typed_scalar(value: object) -> str:
    """A number or a date, as the safe representer writes it."""
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is datetime.date:
        return value.isoformat()  # type: ignore[attr-defined]
    raise _Unsure


def _block_scalar(value: object, column: int, indent: int) -> str:
    """The text after `key:` (at `column`) of a block mapping value, folded lines indented by
    `indent`."""
    if type(value) is not str:
        return " " + _typed_scalar(value)
    text: str = value
    if _plain_allowed(text, flow=False):
        return " " + _fold(text, column + 1, indent, quoted=False)
    return " '" + _fold(text.replace("'", "''"), column + 2, indent, quoted=True) + "'"


# Characters libyaml writes as they are (with allow_unicode): printable, no line break.
_WRITTEN_AS_IS = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]+")
_FIRST_INDICATORS = frozenset("#,[]{}&*!|>'\"%@`?:-")
_FLOW_INDICATORS = re.compile(r"[,?\[\]{}:]| #")
_BLOCK_INDICATORS = re.compile(r": | #|:$")
_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVED_FIRST = frozenset(_RESOLVER.yaml_implicit_resolvers)  # what another type starts with


@functools.lru_cache(maxsize=4096)  # places, topics, kickers and file names recur
def _plain_allowed(text: str, flow: bool) -> bool:
    """Whether libyaml writes `text` unquoted; `_Unsure` for text it would escape or that
    starts like a document marker."""
    if not _WRITTEN_AS_IS.fullmatch(text):
        raise _Unsure  # empty, a line break, or a character written escaped
    if text[0] in _FIRST_INDICATORS or text[0] == " " or text[-1] == " ":
        if text[0] in "?:-":
            raise _Unsure  # libyaml's rules for these depend on what follows
        return False
    if text.startswith("..."):
        raise _Unsure
    if (_FLOW_INDICATORS if flow else _BLOCK_INDICATORS).search(text):
        return False
    return ((text[0] not in _RESOLVED_FIRST and None not in _RESOLVED_FIRST)
            or _RESOLVER.resolve(ScalarNode, text, (True, False)) == _STR_TAG)


def _single_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _fold(written: str, column: int, indent: int, quoted: bool) -> str:
    """`written` (a scalar as written, quotes doubled) from `column` on, with libyaml's
    folding: a lone space that comes past the width (in a quoted scalar, not its last
    character) becomes a line break and an indent."""
    if column + len(written) <= WIDTH + 1:
        return written  # no space can come past the width
    pieces = []
    line_start, last = 0, len(written) - 1
    index = WIDTH + 1 - column  # the first index past the width
    while (index := written.find(" ", index)) >= 0 and not (quoted and index == last):
        if written[index - 1] == " " or (index < last and written[index + 1] == " "):
            index += 1
            continue
        pieces.append(written[line_start:index] + "\n" + " " * indent)
        line_start = index + 1
        index = line_start + WIDTH + 1 - indent
    pieces.append(written[line_start:])
    return "".join(pieces)
