"""The review queue: the fields the importer guessed (an entry's `review: [field, …]`), each
with the guessed value and the source lines it came from; and accepting a guess, which takes
one field out of `review:` and leaves every other byte of the entry file as it was."""
from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from builder.content import Content
from builder.errors import DigestError, display_path
from builder.fsutil import replace_file
from builder.model import FRONT_MATTER_KEYS, Entry, Source
from builder.userfiles import read_user_file
from builder.yamlfile import parse_located, safe_front_matter

SOURCE_LINES = 6   # lines of a source item shown at most
_BOUNDARY = re.compile(r"^-{3,}\s*$", re.MULTILINE)  # the front matter's --- lines
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_Page = tuple[list[str], dict[int, list[int]]]  # its lines, and each item's line numbers by anchor


@dataclass(frozen=True)
class SourceLines:
    """The lines of a source page an entry cites, from the cited one on."""
    file: str
    first: int                    # the number of the first line shown
    lines: tuple[tuple[int, str], ...] = ()  # (number, text); none if the page or line is missing
    more: int = 0                 # lines of the item not shown


@dataclass(frozen=True)
class Flag:
    """One open review flag: a field of an entry the importer guessed."""
    entry_id: str
    path: str      # the entry file, as `digest check` names it
    line: int      # the line of the flagged field (of `review:` if the field is empty)
    field: str
    value: str     # the guessed value as text; "" when the importer left the field empty
    sources: tuple[SourceLines, ...]


def review_queue(content: Content, sources: Path, field: str | None = None) -> list[Flag]:
    """The open flags of the loaded entries (of one `field` if given), grouped by field in
    front matter order, then by entry path; `sources` is the folder of the raw pages."""
    pages: dict[str, _Page] = {}
    flags = []
    for entry in content.entries:
        wanted = [name for name in dict.fromkeys(entry.review) if field in (None, name)]
        if not wanted:
            continue
        path = content.paths[entry.id]
        lines = _field_lines(Path(path))
        cited = tuple(_source_lines(sources, source.file, source.line, pages)
                      for source in entry.sources if source.file and source.line)
        flags += [Flag(entry.id, display_path(Path(path)),
                       lines.get(name) or lines.get("review", 1), name,
                       value_text(entry, name), cited) for name in wanted]
    order = {name: index for index, name in enumerate(FRONT_MATTER_KEYS)}
    return sorted(flags, key=lambda flag: (order.get(flag.field, len(order)), flag.field, flag.path))


def value_text(entry: Entry, field: str) -> str:
    """An entry's value of `field` as one line of text ("" if empty or not a field)."""
    value = getattr(entry, field, None) if field in FRONT_MATTER_KEYS else None
    if isinstance(value, tuple):
        return ", ".join(_one_value(item) for item in value)
    return "" if value is None else _one_value(value)


def _one_value(value: object) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Source):
        return f"{value.file}:{value.line}" if value.file else str(value.url)
    return " ".join(str(value).split())


def _field_lines(path: Path) -> dict[str, int]:
    """The line of each top-level front matter key of an entry file ({} if unreadable)."""
    try:
        text = read_user_file(path).decode("utf-8")
        span = header_span(text)
        located = parse_located(text[span[0]:span[1]], path,
                                first_line=text.count("\n", 0, span[0]) + 1)
    except (DigestError, UnicodeDecodeError):
        return {}
    return {key[0]: line for key, line in located.lines.items() if len(key) == 1}


def _source_lines(sources: Path, file: str, line: int, pages: dict[str, _Page]) -> SourceLines:
    """The lines of the item that starts at `line` of the raw page `file`, as the importer
    reads the page (at most SOURCE_LINES of them); only the cited line where the page no
    longer has such an item; none where the page or the line is missing. `pages` keeps each
    page once read."""
    if file not in pages:
        pages[file] = _read_page(sources / file)
    texts, items = pages[file]
    numbers = items.get(line, [line])
    shown = tuple((number, texts[number - 1].strip()) for number in numbers[:SOURCE_LINES]
                  if 0 < number <= len(texts))
    return SourceLines(file, line, shown, max(0, len(numbers) - SOURCE_LINES))


def _read_page(path: Path) -> _Page:
    """A raw page's lines and its items' lines as the importer reads them (no items if the
    page cannot be parsed: then only cited lines are shown)."""
    from builder.ingest.importer import read_and_parse

    try:
        texts = read_user_file(path).decode("utf-8", "replace").splitlines()
    except DigestError:
        return [], {}
    try:
        parsed = read_and_parse(path)
    except DigestError:
        return texts, {}
    return texts, {item.anchor: sorted(item.lines) for item in parsed.items}


def grouped(flags: Iterable[Flag]) -> dict[str, list[Flag]]:
    """The flags by field, in the order given."""
    groups: dict[str, list[Flag]] = {}
    for flag in flags:
        groups.setdefault(flag.field, []).append(flag)
    return groups


def queue_lines(flags: list[Flag], width: int = 160) -> list[str]:
    """What `digest review` prints: per field a heading, per flag its place, the guessed
    value, the source lines (cut at `width` characters) and the command that accepts it."""
    lines = []
    for field, members in grouped(flags).items():
        lines.append(f"{field} ({len(members)}):")
        for flag in members:
            lines.append(f"  {flag.path}:{flag.line}")
            lines.append(f"    guessed: {flag.value or '(empty)'}")
            for cited in flag.sources:
                if not cited.lines:
                    lines.append(f"    source {cited.file}:{cited.first}: (line not found)")
                for number, text in cited.lines:
                    shown = text if len(text) <= width else text[:width - 1] + "…"
                    lines.append(f"    source {cited.file}:{number}: {shown}")
                if cited.more:
                    lines.append(f"    source {cited.file}: … {cited.more} more lines")
            lines.append(f"    accept: digest review --accept {flag.path} {field}")
    return lines


def header_span(text: str) -> tuple[int, int]:
    """Start and end (character offsets) of the YAML between an entry's two --- lines; a
    DigestError if the text has no closed front matter."""
    opening = _BOUNDARY.match(text, len(text) - len(text.lstrip("\ufeff")))
    closing = _BOUNDARY.search(text, opening.end()) if opening else None
    if opening is None or closing is None:
        raise DigestError("no front matter (the file must start with --- and close it with ---)")
    start = opening.end() + 1 if text[opening.end():opening.end() + 1] == "\n" else opening.end()
    return start, closing.start()


def without_flag(text: str, field: str, path: Path) -> str:
    """`text` (an entry file) with `field` taken out of its `review:` list, the `review:` key
    left out when it was the last flag; every other character stays."""
    start, end = header_span(text)
    header = text[start:end]
    try:
        root = yaml.compose(header, Loader=_Loader)
    except yaml.YAMLError:
        raise DigestError("front matter is not valid YAML (run digest check)", path) from None
    if not isinstance(root, yaml.MappingNode):
        raise DigestError("front matter is not a mapping of keys to values (run digest check)",
                          path)
    first_line = text.count("\n", 0, start) + 1
    pair = next(((key, value) for key, value in root.value if key.value == "review"), None)
    if pair is None or not isinstance(pair[1], yaml.SequenceNode):
        raise DigestError("has no open review flags (no review: [field, …])", path, field="review")
    key, flags = pair
    names = [item.value for item in flags.value]
    if field not in names:
        raise DigestError(f'no open review flag "{field}" (open: {", ".join(names)})', path,
                          first_line + key.start_mark.line, "review")
    line_starts = [0] + [match.end() for match in re.finditer("\n", header)]

    def offset(mark: yaml.Mark) -> int:
        return line_starts[mark.line] + mark.column

    def whole_lines(first: int, last: int) -> tuple[int, int]:
        stop = line_starts[last + 1] if last + 1 < len(line_starts) else len(header)
        return line_starts[first], stop

    removed = flags.value[names.index(field)]
    rest = [item for item in flags.value if item is not removed]
    if not rest:  # the key and its list go
        cut = whole_lines(key.start_mark.line, flags.value[-1].end_mark.line)
        header = header[:cut[0]] + header[cut[1]:]
    elif flags.flow_style:
        kept = ", ".join(header[offset(item.start_mark):offset(item.end_mark)] for item in rest)
        header = header[:offset(flags.start_mark)] + f"[{kept}]" + header[offset(flags.end_mark):]
    else:  # a block list: the item's own lines go
        cut = whole_lines(removed.start_mark.line, removed.end_mark.line)
        header = header[:cut[0]] + header[cut[1]:]
    return text[:start] + header + text[end:]


def accept(path: Path, field: str) -> None:
    """Take `field` out of the review flags of the entry file at `path`; the file is written
    only if the front matter it gets differs from the old one in exactly that flag."""
    data = read_user_file(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise DigestError("not UTF-8 text (run digest check)", path) from None
    try:
        new_text = without_flag(text, field, path)
    except DigestError as error:
        raise DigestError(error.message, error.path or path, error.line, error.field) from None
    before, after = safe_front_matter(text) or {}, safe_front_matter(new_text) or {}
    flags = list(before.get("review") or [])
    flags.remove(field)
    expected = {key: value for key, value in before.items() if key != "review"}
    if flags:
        expected["review"] = flags
    if after != expected:  # a layout this edit does not know: leave the file alone
        raise DigestError(f'cannot take "{field}" out of review: here without changing more; '
                          "edit the file", path, field="review")
    replace_file(path, new_text.encode("utf-8"))


def entry_file(content: Content, target: str) -> Path:
    """The entry file `target` names: a path to an entry file, or an entry's id."""
    if target in content.paths:
        return Path(content.paths[target])
    path = Path(target)
    if path.is_file():
        return path
    raise DigestError(f'"{target}" is neither an entry file nor the id of an entry',
                      field="--accept")
