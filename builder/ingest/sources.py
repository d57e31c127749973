"""Reading raw source pages: decoding, normalising and refusing what is not text."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from builder.errors import DigestError
from builder.ingest.lines import Line, classify
from builder.ingest.pagelines import normalised_lines
from builder.userfiles import read_user_file

_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MULTISPACE = re.compile(r" {2,}")


@dataclass
class SourcePage:
    """A source file as classified lines, plus notes on how it was read."""
    name: str
    path: Path
    lines: list[Line]
    notes: list[str] = field(default_factory=list)


def decode(data: bytes, path: Path) -> tuple[str, list[str]]:
    """Text of a source file: UTF-8 (with or without BOM), else Windows-1252; never binary."""
    if b"\x00" in data[:65536]:
        raise DigestError("binary file (contains NUL bytes), not a text page", path)
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        utf8_error = error
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        line = data[:utf8_error.start].count(b"\n") + 1
        raise DigestError(f"neither UTF-8 nor Windows-1252 text (byte 0x{data[utf8_error.start]:02x})",
                          path, line, "encoding") from None
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise DigestError("binary file (control characters), not a text page", path)
    return text, ["decoded as Windows-1252 (not valid UTF-8)"]


def normalise_line(text: str) -> str:
    """One line in canonical form: NFC, ordinary spaces, no control or invisible characters."""
    return normalise_within_lines(text).strip()


def normalise_within_lines(text: str) -> str:
    """`normalise_line` but for stripping the ends: NFC, control and invisible characters
    removed, other spaces and runs of spaces made one ordinary space. Keeps line breaks."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", _CONTROL.sub("", _SPACES.sub(" ", text)))
    return _MULTISPACE.sub(" ", text)


def read_source(path: Path) -> SourcePage:
    """Read, decode and classify a source page. Line numbers are those of the file."""
    data = read_user_file(path)  # a named pipe, a device or a broken link: one error line
    text, notes = decode(data, path)
    body = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\r" in text:
        notes.append("Windows line endings converted")
    cleaned = normalised_lines(body.removesuffix("\n"), normalise_within_lines) if body else []
    lines = [Line(number, clean, classify(clean)) for number, clean in enumerate(cleaned, start=1)]
    if not any(line.text for line in lines):
        notes.append("empty file: no items")
    return SourcePage(path.name, path, lines, notes)
