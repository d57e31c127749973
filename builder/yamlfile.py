"""YAML reading that remembers where each key stands, so errors can name the line."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from builder.errors import DigestError

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


def parse_located(text: str, path: Path | str, first_line: int = 1) -> LocatedYaml:
    """Parse YAML text; a syntax error becomes a DigestError naming file and line."""
    loader = _Loader(text)
    node = None
    try:  # one parse: compose the node tree (for line numbers), then build the data from it
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + mark.line if mark else first_line
        raise DigestError(f"YAML syntax error: {error.problem}", path, line) from None
    except yaml.YAMLError as error:
        raise DigestError(f"YAML error: {error}", path, first_line) from None
    except ValueError as error:  # a well-formed scalar with an impossible value (2025-02-30)
        line, key = _bad_scalar(node, first_line)
        raise DigestError(f"invalid value: {error}", path, line, key) from None
    finally:
        loader.dispose()
    located = LocatedYaml(data, first_line=first_line)
    if node is not None:
        _collect_lines(node, (), located.lines, first_line)
    return located


def load_located(path: Path) -> LocatedYaml:
    """Read and parse a YAML file (UTF-8)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DigestError(f"cannot read: {error}", path) from None
    return parse_located(text, path)


def validate_located(model: type[BaseModel], located: LocatedYaml, path: Path) -> BaseModel:
    """Validate parsed YAML against a pydantic model; the first error names line and field."""
    try:
        return model.model_validate(located.data or {})
    except ValidationError as error:
        first = error.errors()[0]
        loc = tuple(first["loc"])
        raise DigestError(first["msg"], path, located.line_of(loc),
                          ".".join(str(part) for part in loc)) from None


def _bad_scalar(node: yaml.Node, offset: int) -> tuple[int, str | None]:
    """Line and key of the first scalar that fails to construct (say 2025-02-30)."""
    loader = _Loader("")
    pending: list[tuple[yaml.Node, str | None]] = [(node, None)]
    while pending:
        current, key = pending.pop(0)
        if isinstance(current, yaml.MappingNode):
            pending.extend((value, key_node.value) for key_node, value in current.value)
        elif isinstance(current, yaml.SequenceNode):
            pending.extend((item, key) for item in current.value)
        else:
            try:
                loader.construct_object(current, deep=True)
            except ValueError:
                return offset + current.start_mark.line, key
    return offset, None


def _collect_lines(node: yaml.Node, path: tuple, lines: dict, offset: int) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key_path = path + (key_node.value,)
            lines[key_path] = offset + key_node.start_mark.line
            _collect_lines(value_node, key_path, lines, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[path + (index,)] = offset + item.start_mark.line
            _collect_lines(item, path + (index,), lines, offset)
