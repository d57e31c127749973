"""Loading and validating the content tree: entries, the topic vocabulary and sources.

Every problem is reported as one line naming the file, the line and the field.
"""
from __future__ import annotations

import difflib
import hashlib
import marshal
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from builder.entrycache import EntryCache, Loaded
from builder.errors import DigestError, display_path
from builder.model import FRONT_MATTER_KEYS, REGIONS, Entry
from builder.runtime import Runtime
from builder.sourcepages import FILE_NAME as SOURCE_PAGES
from builder.sourcepages import SourcePages, load_source_pages
from builder.taxonomy import Vocabulary, load_vocabulary
from builder.userfiles import entry_files, read_user_file
from builder.yamlfile import parse_located

_YAML = frontmatter.YAMLHandler()


@dataclass(frozen=True)
class Problem:
    """One finding of the validation; warnings do not stop a build unless strict."""
    path: Path
    line: int
    field: str
    message: str
    severity: str = "error"
    also: Path | None = None  # a second file the finding is about (a likely duplicate)

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{display_path(self.path)}:{self.line}:{field} {prefix}{self.message}"

    def labelled(self) -> str:
        """The line `digest check` prints: `error: ` or `warning: `, as the command line's
        other messages begin, then the place and the message."""
        field = f" {self.field}:" if self.field else ""
        return f"{self.severity}: {display_path(self.path)}:{self.line}:{field} {self.message}"


@dataclass
class Content:
    """The loaded content tree."""
    vocabulary: Vocabulary
    entries: list[Entry] = field(default_factory=list)
    paths: dict[str, str] = field(default_factory=dict)    # entry id -> file name
    digests: dict[str, str] = field(default_factory=dict)  # entry id -> SHA-256 of the file
    problems: list[Problem] = field(default_factory=list)
    source_pages: SourcePages = field(default_factory=SourcePages)  # what readers see of them

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def _suggest(value: str, choices) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def read_entry(path: Path, vocabulary: Vocabulary, sources: Path,
               source_files: frozenset[str]) -> Loaded:
    """Read, parse and validate one entry file (only a regular file is read: a named pipe,
    a device or a broken link is a problem of its own path)."""
    data = b""
    try:
        data = read_user_file(path)
        text = data.decode("utf-8")
    except DigestError as error:
        entry, problems = None, [Problem(path, 1, "", error.message)]
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        entry, problems = None, [Problem(path, line, "encoding",
                                         f"not UTF-8 text (byte 0x{data[error.start]:02x})")]
    else:
        entry, problems = parse_entry(text, path, vocabulary, sources, source_files)
    return Loaded(entry, hashlib.sha256(data).hexdigest(),
                  tuple((p.line, p.field, p.message, p.severity) for p in problems))


def parse_entry(text: str, path: Path, vocabulary: Vocabulary, sources: Path,
                source_files: frozenset[str]) -> tuple[Entry | None, list[Problem]]:
    """Parse and validate the text of one entry file; `source_files` are the names of the
    files below `sources`."""
    text = text.removeprefix("\ufeff")  # a byte order mark, as some editors save
    if not text.startswith("---"):
        return None, [Problem(path, 1, "", "no front matter (the file must start with ---)")]
    try:
        header, body = _YAML.split(text)
    except ValueError:
        return None, [Problem(path, 1, "", "front matter is not closed with ---")]
    try:
        located = parse_located(header, path, first_line=1)
    except DigestError as error:
        return None, [Problem(path, error.line or 1, error.field or "", error.message)]
    data = located.data
    if not isinstance(data, dict):
        what = "empty" if data is None else "not a mapping of keys to values"
        return None, [Problem(path, 1, "", f"front matter is {what}")]
    problems = [Problem(path, located.line_of((key,)), str(key),
                        f"unknown key{_suggest(str(key), FRONT_MATTER_KEYS)}")
                for key in data if key not in FRONT_MATTER_KEYS]
    if problems:
        return None, problems
    try:
        entry = Entry.model_validate({**data, "body": body})
    except ValidationError as error:
        return None, [_pydantic_problem(path, located, detail) for detail in error.errors()]
    problems += _vocabulary_problems(path, located, entry, vocabulary)
    problems += [Problem(path, located.line_of(("sources", index, "file")), "sources",
                         f'source file "{source.file}" not found in {display_path(sources)}')
                 for index, source in enumerate(entry.sources)
                 if source.file is not None and source.file not in source_files]
    if entry.status == "published" and not entry.sources:
        problems.append(Problem(path, located.line_of(("sources",) if "sources" in data
                                                      else ("status",)), "sources",
                                "published without a source: readers cannot tell where it "
                                "comes from (add sources: - {url: https://…, publisher: …, "
                                "retrieved: YYYY-MM-DD})", "warning"))
    if entry.review:
        problems.append(Problem(path, located.line_of(("review",)), "review",
                                "fields to review: " + ", ".join(entry.review), "warning"))
    return entry, problems


_MESSAGES = {
    "missing": "required field is missing",
    "string_too_short": "must not be empty",
    "string_type": "must be text",
    "tuple_type": "must be a list, like [a, b]",
    "dict_type": "must be a mapping, like {alt: …, caption: …}",
    "date_from_datetime_parsing": "is not a date (write YYYY-MM-DD)",
    "date_type": "is not a date (write YYYY-MM-DD)",
    "date_from_datetime_inexact": "must be a date without a time (YYYY-MM-DD)",
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "greater_than_equal": "must be 1 or more",
    "extra_forbidden": "unknown key",
}


def _pydantic_problem(path: Path, located, detail: ErrorDetails) -> Problem:
    loc = tuple(part for part in detail["loc"] if part != "body")
    field = ".".join(str(part) for part in loc if not isinstance(part, int)) or ""
    value = str(detail.get("input", ""))
    message = _MESSAGES.get(detail["type"], detail["msg"])
    if field == "regions" and detail["type"] == "literal_error":
        message = f'unknown region "{value}"{_suggest(value, REGIONS)}'
    elif field == "status" and detail["type"] == "literal_error":
        message = f'unknown status "{value}" (published, draft or rejected)'
    elif field == "id" and detail["type"] in ("string_pattern_mismatch", "string_too_long"):
        message = (f'"{value}" is not safe as a URL segment (lower-case a-z, digits and single '
                   "hyphens, at most 120 characters)")
    elif detail["type"] == "value_error":
        message = str(detail.get("ctx", {}).get("error", message))
    return Problem(path, located.line_of(loc), field, message)


def _vocabulary_problems(path: Path, located, entry: Entry, vocabulary: Vocabulary) -> list[Problem]:
    names = vocabulary.names()
    return [Problem(path, located.line_of(("topics", index)), "topics",
                    f'unknown topic "{topic}"{suggest_topic(topic, vocabulary)}')
            for index, topic in enumerate(entry.topics) if topic not in names]


def suggest_topic(value: str, vocabulary: Vocabulary) -> str:
    """` (did you mean "…"?)` naming the topic whose name or keyword `value` is or is close
    to ("KI": a keyword of "Künstliche Intelligenz"), or ""."""
    by_word = {word: topic.name for topic in reversed(vocabulary.topics)
               for word in (topic.name, *topic.keywords)}
    folded = {word.casefold(): name for word, name in by_word.items()}
    if value.casefold() in folded:
        return f' (did you mean "{folded[value.casefold()]}"?)'
    close = difflib.get_close_matches(value, list(by_word), n=1, cutoff=0.6)
    return f' (did you mean "{by_word[close[0]]}"?)' if close else ""


def key_line(path: Path, key: str) -> int:
    """The line on which a top-level front matter key stands (1 if not found)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def load_content(content: Path, articles: Path | None = None, cache: Path | None = None,
                 runtime: Runtime | None = None) -> Content:
    """Load every entry below `articles` (default `content/articles`) and validate it. With a
    `cache` file, entries whose file is unchanged since the last run are not parsed again;
    it is saved by a background job of `runtime` (if given, else before this returns)."""
    if runtime is not None:
        runtime.wait_for_background()  # the cache saved by the last load of this process
    articles = articles or content / "articles"
    vocabulary = load_vocabulary(content / "topics.yaml")
    sources = content / "sources"
    source_files = _files_below(sources)
    source_pages = load_source_pages(content, source_files)
    store = EntryCache(cache, "\0".join((repr(vocabulary), str(sources), *sorted(source_files))))
    names, folder_problems = _entry_files(articles)
    result = Content(vocabulary, problems=folder_problems, source_pages=source_pages)
    for name, loaded in _load_all(names, store, vocabulary, sources, source_files,
                                  runtime or Runtime()):
        result.problems.extend(Problem(Path(name), *problem) for problem in loaded.problems)
        entry = loaded.entry
        if entry is None:
            continue
        if entry.id in result.paths:
            path, first = Path(name), Path(result.paths[entry.id])
            result.problems.append(Problem(path, key_line(path, "id"), "id",
                                           f'duplicate id "{entry.id}" (also in {display_path(first)})'))
            continue
        result.paths[entry.id] = name
        result.digests[entry.id] = loaded.digest
        result.entries.append(entry)
    result.problems += _unknown_publishers(content, result.entries, source_pages)
    if runtime is None:
        store.save()
    else:
        runtime.background(store.save, "entry-cache")  # while the caller renders
    return result


def _unknown_publishers(content: Path, entries: list[Entry], source_pages: SourcePages
                        ) -> list[Problem]:
    """A warning for each source page that published entries cite but that
    content/source-pages.yaml does not describe: readers see nothing of it."""
    cited: dict[str, int] = {}
    for entry in entries:
        if entry.status == "published":
            for name in dict.fromkeys(s.file for s in entry.sources if s.file is not None):
                cited[name] = cited.get(name, 0) + 1
    path = content / SOURCE_PAGES
    return [Problem(path, 1, "pages", f'no publisher for source page "{name}": readers of its '
                    f"{count} published entries see no source (add it under pages:)", "warning")
            for name, count in sorted(cited.items()) if name not in source_pages.pages]


def _entry_files(articles: Path) -> tuple[list[str], list[Problem]]:
    """The entry files below `articles` (see `entry_files`) and the problems of the folder
    itself: a file in its place, and links to folders, whose entries would otherwise be
    missing without a word."""
    if os.path.lexists(articles) and not articles.is_dir():
        return [], [Problem(articles, 1, "", "is not a folder (entries go into a folder here)")]
    found, linked = entry_files(articles)
    return found, [Problem(Path(folder), 1, "", "is a symbolic link to a folder, which is not "
                           "followed: move the folder here") for folder in linked]


_PARALLEL_FROM = 500  # files to parse; below this a second process does not pay
_BATCH = 250          # files per task of a worker


def _load_all(names: list[str], store: EntryCache, vocabulary: Vocabulary, sources: Path,
              source_files: frozenset[str], runtime: Runtime) -> list[tuple[str, Loaded]]:
    """Every file loaded: from the cache where unchanged, else parsed (in worker processes
    when there are many)."""
    loaded: dict[str, Loaded] = {}
    stats = {}
    for name in names:
        try:
            stats[name] = os.stat(name)
        except OSError:
            continue  # read_entry reports it
        cached = store.get(name, stats[name])
        if cached is not None:
            loaded[name] = cached
    to_read = [name for name in names if name not in loaded]

    def read(batch: list[str]) -> bytes:  # one marshal blob per batch: cheap to send back
        _read_ahead([name for name in batch
                     if name in stats and stat.S_ISREG(stats[name].st_mode)])
        return marshal.dumps([read_entry(Path(name), vocabulary, sources, source_files).pack()
                              for name in batch])

    size = min(_BATCH, max(1, len(to_read) // 4))
    batches = [to_read[start:start + size] for start in range(0, len(to_read), size)]
    minimum = 2 if len(to_read) >= _PARALLEL_FROM else len(batches) + 1
    for batch, blob in zip(batches, runtime.map(read, batches, minimum)):
        for name, packed in zip(batch, marshal.loads(blob)):
            loaded[name] = Loaded.unpack(packed)
            if name in stats:
                store.put(name, stats[name], packed)
    return [(name, loaded[name]) for name in names]


def _read_ahead(names: list[str]) -> None:
    """Ask the kernel to read a batch's files into the page cache now, all at once, so that
    its parser does not wait on the disk one file at a time: on a cold page cache, 10,000
    entries took 26.6 s to load, with this 1.4 s (as long as with a warm cache)."""
    if not hasattr(os, "posix_fadvise"):  # not on every system; then only slower
        return
    for name in names:  # regular files; non-blocking should one have become a named pipe
        try:
            descriptor = os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
        except OSError:
            continue  # read_entry reports it
        try:
            os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_WILLNEED)
        except OSError:
            pass  # not a regular file after all: read_entry reports it
        finally:
            os.close(descriptor)


def _files_below(folder: Path) -> frozenset[str]:
    """Names (relative, with /) of the files below `folder`."""
    names: set[str] = set()
    for root, _, files in os.walk(folder):
        prefix = os.path.relpath(root, folder).replace(os.sep, "/")
        names.update(name if prefix == "." else f"{prefix}/{name}" for name in files)
    return frozenset(names)
