"""The one error type users see: a message located at a file, line and field."""
from __future__ import annotations

import os
from pathlib import Path


class DigestError(Exception):
    """A problem with the user's input, printed as one line: `file:line: field: message`."""

    def __init__(self, message: str, path: Path | str | None = None,
                 line: int | None = None, field: str | None = None, problems=()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems)  # further one-line findings to print before this one
        self.path = Path(path) if path is not None else None
        self.line = line
        self.field = field

    def __str__(self) -> str:
        location = ""
        if self.path is not None:
            location = display_path(self.path) + (f":{self.line}" if self.line else "") + ": "
        field = f"{self.field}: " if self.field else ""
        return f"{location}{field}{self.message}"


def display_path(path: Path) -> str:
    """A path relative to the working directory when it lies below it, else as given. The
    file itself is named, never what it links to (a link may dangle or loop)."""
    try:
        folder = os.path.realpath(path.parent)
        return str(Path(folder, path.name).relative_to(os.path.realpath(os.getcwd())))
    except (OSError, ValueError):
        return str(path)


def counted(number: int, noun: str) -> str:
    """"1 error", "2 errors", "1 entry", "72 entries": a count with its noun."""
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{number} {noun if number == 1 else plural}"
