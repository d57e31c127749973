"""YAML reading that remembers where each key stands, so errors can name the line."""
from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import frontmatter
import yaml
from pydantic import BaseModel, ValidationError

from builder.errors import DigestError
from builder.userfiles import read_user_file

Model = TypeVar("Model", bound=BaseModel)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class LocatedYaml:
    """Parsed YAML plus the 1-based line of every key path, e.g. ("topics", 2, "name")."""
    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)
    first_line: int = 1

    def line_of(self, path: tuple) -> int:
        """The line of the deepest known prefix of `path` (the document start if none)."""
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return self.first_line


# Limits that no real file comes near (an entry has about 50 nodes, a vocabulary a few
# hundred), so that a hostile file fails at once instead of filling the memory: aliases may
# repeat a list inside a list nine times over (an "alias bomb" of 600 bytes holds 387
# million items), and libyaml's C composer overflows the stack on some 30,000 nested [.
MAX_NODES = 100_000  # nodes counted with every alias expanded
MAX_DEPTH = 100      # nested lists and mappings
_SCAN_FROM = 1_000   # indicator characters from which the nesting is measured before composing
_MERGE_TAG = "tag:yaml.org,2002:merge"


def parse_located(text: str, path: Path | str, first_line: int = 1) -> LocatedYaml:
    """Parse YAML text; a syntax error, a duplicate key, or a document too deep or too large
    once its aliases are expanded becomes a DigestError naming file and line."""
    loader = _Loader(text)
    node = None
    try:  # one parse: compose the node tree (for line numbers), then build the data from it
        if len(text) > _SCAN_FROM and _indicators(text) > _SCAN_FROM:
            _check_depth(text, path, first_line)
        node = loader.get_single_node()
        lines: dict[tuple, int] = {}
        data = None
        if node is not None:
            lines, merged = _walk(node, path, first_line)
            data = loader.construct_document(node)
            if merged:  # constructing put the merged keys (`<<: *base`) in place: their lines
                lines, _ = _walk(node, path, first_line, duplicates=False)
    except yaml.MarkedYAMLError as error:
        mark = _error_mark(error)
        line = first_line + mark.line if mark else first_line
        raise DigestError(f"YAML syntax error: {error.problem}", path, line,
                          _key_at(text, mark.line) if mark else "") from None
    except yaml.YAMLError as error:
        raise DigestError(f"YAML error: {error}", path, first_line) from None
    except ValueError as error:  # a well-formed scalar with an impossible value (2025-02-30)
        line, key = _bad_scalar(node, first_line) if node is not None else (first_line, None)
        raise DigestError(f"invalid value: {error}", path, line, key) from None
    except RecursionError:  # the limits above should make this impossible; a last resort
        raise DigestError(f"YAML: nested too deeply (limit {MAX_DEPTH} levels)", path,
                          first_line) from None
    finally:
        loader.dispose()
    return LocatedYaml(data, lines, first_line=first_line)


def _error_mark(error: yaml.MarkedYAMLError) -> yaml.Mark | None:
    """Where an editor should look: the opening of an unclosed bracket or quotation (the
    parser only notices it lines later), else where the parser stopped."""
    unclosed = (error.context or "").startswith(("while parsing a flow", "while scanning a quoted"))
    return (error.context_mark if unclosed else None) or error.problem_mark or error.context_mark


_TOP_KEY = re.compile(r"^([^\s#:][^:]*?)\s*:(?:\s|$)")


def _key_at(text: str, line_index: int) -> str:
    """The top-level key whose value holds the line at `line_index` (0-based), or ""."""
    for line in reversed(text.splitlines()[:line_index + 1]):
        match = _TOP_KEY.match(line)
        if match:
            return match.group(1).strip("'\"")
    return ""


def load_located(path: Path) -> LocatedYaml:
    """Read and parse a YAML file (UTF-8, with or without BOM); only a regular file is read."""
    data = read_user_file(path)
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise DigestError(f"not UTF-8 text (byte 0x{data[error.start]:02x})", path, line,
                          "encoding") from None
    return parse_located(text, path)


_FRONT_MATTER = frontmatter.YAMLHandler()


def safe_front_matter(text: str | bytes) -> dict | None:
    """The front matter of an entry's text as a dict, read with the limits of
    `parse_located` (no alias bomb, no deep nesting, no duplicate keys); None if the text
    has no front matter or any problem (`digest check` reports it)."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            return None
    text = text.removeprefix("\ufeff")
    if not text.startswith("---"):
        return None
    try:
        header, _ = _FRONT_MATTER.split(text)
        data = parse_located(header, "front matter").data
    except (ValueError, DigestError):
        return None
    return data if isinstance(data, dict) else None


def read_front_matter(path: Path | str) -> dict | None:
    """`safe_front_matter` of the file at `path`; None also if it is not a regular file or
    cannot be read (a named pipe does not block)."""
    try:
        return safe_front_matter(read_user_file(path))
    except DigestError:
        return None


def validate_located(model: type[Model], located: LocatedYaml, path: Path) -> Model:
    """Validate parsed YAML against a pydantic model; the first error names line and field."""
    try:
        return model.model_validate(located.data or {})
    except ValidationError as error:
        first = error.errors()[0]
        loc = tuple(first["loc"])
        message = (str(first.get("ctx", {}).get("error", first["msg"]))
                   if first["type"] == "value_error" else first["msg"])
        raise DigestError(message, path, located.line_of(loc),
                          ".".join(str(part) for part in loc)) from None


def _bad_scalar(node: yaml.Node, offset: int) -> tuple[int, str | None]:
    """Line and key path (`sources.retrieved`) of the first scalar that fails to construct
    (say 2025-02-30)."""
    loader = _Loader("")
    pending: deque[tuple[yaml.Node, str | None]] = deque([(node, None)])
    while pending:
        current, key = pending.popleft()
        if isinstance(current, yaml.MappingNode):
            pending.extend((value, f"{key}.{key_node.value}" if key else key_node.value)
                           for key_node, value in current.value)
        elif isinstance(current, yaml.SequenceNode):
            pending.extend((item, key) for item in current.value)
        else:
            try:
                loader.construct_object(current, deep=True)
            except ValueError:
                return offset + current.start_mark.line, key
    return offset, None


def _indicators(text: str) -> int:
    """An upper bound of the nesting depth: every nested list or mapping starts at one of
    these characters of its own ([, {, the - of a list item, the : or ? of a key)."""
    return (text.count("[") + text.count("{") + text.count("-") + text.count(":")
            + text.count("?"))


_OPENING = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSING = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _check_depth(text: str, path: Path | str, offset: int) -> None:
    """Refuse nesting deeper than MAX_DEPTH from the event stream, before the (recursive)
    composer of libyaml sees it."""
    loader = _Loader(text)
    depth = 0
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, _OPENING):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    assert mark is not None  # every event of the parser carries its position
                    raise DigestError(f"YAML: nested too deeply (limit {MAX_DEPTH} levels)", path,
                                      offset + mark.line)
            elif isinstance(event, _CLOSING):
                depth -= 1
    finally:
        loader.dispose()


def _walk(node: yaml.Node, path: Path | str, offset: int, duplicates: bool = True
          ) -> tuple[dict[tuple, int], bool]:
    """The line of every key path, and whether a mapping merges another (`<<: *base`).
    Counts the nodes with aliases expanded (what the data will hold), refusing more than
    MAX_NODES of them and nesting deeper than MAX_DEPTH, and refuses a key that stands
    twice in one mapping unless not `duplicates`. Iterative: a deep document cannot
    overflow the stack."""
    lines: dict[tuple, int] = {}
    merged = False
    budget = MAX_NODES - 1
    checked: set[int] = set()  # mappings checked for duplicate keys (an alias repeats them)
    scalar, mapping = yaml.ScalarNode, yaml.MappingNode
    # collections still to visit, with their key path (None below a complex key) and depth;
    # taken from the end, so pushed in reverse: the document is walked from top to bottom
    pending: list[tuple[yaml.Node, tuple | None, int]] = []
    if not isinstance(node, scalar):
        pending.append((node, (), 1))
    while pending:
        current, keys, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise DigestError(f"YAML: nested too deeply (limit {MAX_DEPTH} levels)", path,
                              offset + current.start_mark.line)
        children = current.value
        is_mapping = isinstance(current, mapping)
        budget -= 2 * len(children) if is_mapping else len(children)
        if budget < 0:  # reported at the top-level key (or item) it stands under
            top = keys[0] if keys else None
            raise DigestError(f"too many nodes after expanding aliases (limit {MAX_NODES:,})",
                              path, lines.get((top,), offset + current.start_mark.line),
                              top if isinstance(top, str) else "YAML")
        if is_mapping:
            if (duplicates and len(children) > 1 and id(current) not in checked
                    and len({(key.tag, key.value) for key, _ in children
                             if isinstance(key, scalar)}) < len(children)):
                checked.add(id(current))
                _refuse_duplicate_keys(children, keys, path, offset)
            for key_node, value_node in reversed(children):
                if not isinstance(key_node, scalar):  # constructing it fails later
                    pending.append((key_node, None, depth + 1))
                    if not isinstance(value_node, scalar):
                        pending.append((value_node, None, depth + 1))
                    continue
                if key_node.tag == _MERGE_TAG:
                    merged = True
                if keys is None:
                    key_path = None
                else:
                    key_path = keys + (key_node.value,)
                    lines[key_path] = offset + key_node.start_mark.line
                if not isinstance(value_node, scalar):
                    pending.append((value_node, key_path, depth + 1))
        else:
            for index in range(len(children) - 1, -1, -1):
                item = children[index]
                if keys is None:
                    item_path = None
                else:
                    item_path = keys + (index,)
                    lines[item_path] = offset + item.start_mark.line
                if not isinstance(item, scalar):
                    pending.append((item, item_path, depth + 1))
    return lines, merged


def _refuse_duplicate_keys(pairs: list, keys: tuple | None, path: Path | str, offset: int) -> None:
    """A key that stands twice in one mapping is a mistake (YAML would keep the last)."""
    seen: dict[tuple[str, str], yaml.Node] = {}
    for key_node, _ in pairs:
        if isinstance(key_node, yaml.ScalarNode) and key_node.tag != _MERGE_TAG:
            first = seen.setdefault((key_node.tag, key_node.value), key_node)
            if first is not key_node:
                where = ".".join(str(part) for part in keys or () if not isinstance(part, int))
                raise DigestError(f'duplicate key "{key_node.value}" (first on line '
                                  f"{offset + first.start_mark.line})", path,
                                  offset + key_node.start_mark.line, where or None)
