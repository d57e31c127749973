"""`digest import`: sources -> pages -> stories -> entries -> articles folder."""
from __future__ import annotations

import errno
import fnmatch
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from builder.clock import newsroom_today
from builder.errors import DigestError, display_path
from builder.faults import reach
from builder.fsutil import recover_interrupted
from builder.ingest.chrome import SHIPPED, Chrome, load_chrome, recurring_lines
from builder.ingest.enrich import (
    Enricher,
    Made,
    Merge,
    Merged,
    merge_duplicates,
    merge_near_duplicates,
    unique_ids,
)
from builder.ingest.parse import ParsedPage, parse_page
from builder.ingest.places import load_gazetteer
from builder.ingest.sources import read_source
from builder.ingest.state import added_dates, load_state
from builder.ingest.store import Outcome, apply_plan, entry_bytes, plan_import
from builder.ingest.topics import TopicMatcher, load_topic_matcher
from builder.model import Entry
from builder.progress import progress
from builder.runtime import Runtime

# Work per task of a worker process (imports smaller than two tasks run in this process).
PAGES_PER_TASK = 4
ENTRIES_PER_TASK = 50


@dataclass
class ImportResult:
    """Everything the import report shows."""
    pages: list[ParsedPage]
    line_owner: dict[tuple[str, int], str]   # (source, line) -> entry id, for item lines
    outcomes: list[Outcome]
    warnings: list[str]
    merges: list[Merge]                       # every two items found to tell one story
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)  # as imported, for the topic reasons
    topic_matcher: TopicMatcher | None = None


def source_files(paths: list[Path]) -> list[Path]:
    """The .txt files named or contained (not recursively) in `paths`, sorted by name.

    A file reached twice (named and in a folder, or through a link) counts once, under the
    path it was first reached by. Raises DigestError, and nothing else, for a path that is
    missing, unreadable or a symbolic link loop, and for two different files with the same
    name: sources are cited by file name.
    """
    files: list[Path] = []
    for path in paths:
        try:
            if path.is_dir():
                with os.scandir(path) as listing:
                    names = sorted(entry.name for entry in listing
                                   if fnmatch.fnmatchcase(entry.name, "*.txt"))
                files.extend(path / name for name in names)
            elif os.path.lexists(path):  # a file, or what reading it will name (a FIFO …)
                files.append(path)
            else:
                _refuse_loop(path)  # a path below a looping link does not exist either
                raise DigestError("no such file or folder", path)
        except (OSError, ValueError) as error:
            _refuse_loop(path)
            raise DigestError(f"cannot read: {getattr(error, 'strerror', None) or error}",
                              path) from None
    unique: dict[str, Path] = {}
    named: dict[str, Path] = {}
    for file in files:
        _refuse_loop(file)
        real = os.path.realpath(file)
        if real in unique:
            continue
        if file.name in named:
            raise DigestError(f"another source has the same name ({display_path(named[file.name])});"
                              " sources are cited by file name, rename one", file)
        unique[real] = named[file.name] = file
    return sorted(unique.values(), key=lambda file: (file.name, str(file)))


def _refuse_loop(path: Path) -> None:
    """DigestError naming `path` when it is (or lies below) a symbolic link loop."""
    try:
        os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise DigestError("symbolic link loop (it never leads to a file); "
                              "remove or fix the link", path) from None
    except ValueError:
        pass


def read_and_parse(file: Path, chrome: Chrome | None = None,
                   recurring: frozenset[str] = frozenset()) -> ParsedPage:
    """A source file's items and chrome lines (see `parse_page`)."""
    return parse_page(read_source(file), chrome, recurring)


def with_site_chrome(pages: list[ParsedPage], files: list[Path], chrome: Chrome,
                     runtime: Runtime) -> list[ParsedPage]:
    """`pages` (parsed from `files` one by one), with those parsed again that read a line
    recurring on other pages of this import (site chrome, see `recurring_lines`) as an
    item's heading or first line; such lines are then chrome."""
    recurring = recurring_lines(page.site_chrome_candidates for page in pages)
    misread = {index: lines for index, page in enumerate(pages)
               if (lines := page.misread(recurring))}
    reparsed = runtime.map(lambda index: read_and_parse(files[index], chrome, misread[index]),
                           list(misread), 2 * PAGES_PER_TASK, chunk=PAGES_PER_TASK)
    for index, page in zip(list(misread), reparsed):
        pages[index] = page
    return pages


def content_chrome(content: Path) -> Chrome:
    """The chrome vocabulary of the content folder, or the shipped one where it has none."""
    path = content / "chrome.yaml"
    return load_chrome(path) if path.is_file() else load_chrome(SHIPPED)


def run_import(paths: list[Path], into: Path, content: Path, dry_run: bool = False,
               runtime: Runtime | None = None) -> ImportResult:
    """Import the source pages in `paths` into the articles folder `into`.

    Nothing is written unless every page was read and parsed; `content` holds the
    vocabularies (topics.yaml, gazetteer.yaml).
    """
    runtime = runtime or Runtime()
    with runtime.batch():
        return _run_import(paths, into, content, dry_run, runtime)


def _run_import(paths: list[Path], into: Path, content: Path, dry_run: bool,
                runtime: Runtime) -> ImportResult:
    """`run_import`, in its runtime."""
    started = time.perf_counter()
    timings: dict[str, float] = {}
    recover_interrupted(into)  # a swap cut off earlier is undone before the folder is read
    files = source_files(paths)
    recorded = load_state(into)
    enricher = Enricher(load_gazetteer(content / "gazetteer.yaml", content.parent / ".cache"),
                        load_topic_matcher(content), added_dates(into, recorded or {}),
                        newsroom_today())
    timings["load vocabularies"] = time.perf_counter() - started
    mark = time.perf_counter()
    chrome = content_chrome(content)
    parsed = runtime.map(lambda file: read_and_parse(file, chrome), files, 2 * PAGES_PER_TASK,
                         chunk=PAGES_PER_TASK)
    pages = with_site_chrome(list(progress(parsed, "read", len(files))), files, chrome, runtime)
    timings["read and parse"] = time.perf_counter() - mark
    mark = time.perf_counter()
    items = [item for page in pages for item in page.items]
    stories = merge_duplicates(items)
    enricher.prepare(stories)  # once here, not in every worker process
    warnings: list[str] = []
    entries = []
    written = list(progress(runtime.map(lambda story: entry_and_bytes(enricher, story), stories,
                                        2 * ENTRIES_PER_TASK, chunk=ENTRIES_PER_TASK,
                                        collectors=enricher.collectors()),
                            "entries", len(stories)))
    enricher.save_learned()
    stories, made = merge_near_duplicates(stories, [made for made, _ in written], enricher.entry)
    for story, (entry, story_warnings) in zip(stories, made):
        entries.append(entry)
        warnings.extend(f"{story.items[0].source}: {text}" for text in story_warnings)
    entries = unique_ids(entries)
    line_owner = {(item.source, number): entry.id
                  for story, entry in zip(stories, entries)
                  for item in story.items for number in item.lines}
    timings["enrich"] = time.perf_counter() - mark
    mark = time.perf_counter()
    plan = plan_import(entries, file_bytes(entries, written), into, recorded)
    warnings.extend(plan.notes)
    reach("import.planned")
    if not dry_run:
        apply_plan(plan, into)
    timings["write"] = time.perf_counter() - mark
    return ImportResult(pages, line_owner, plan.outcomes, warnings,
                        merges=[merge for story in stories for merge in story.merges],
                        seconds=time.perf_counter() - started, timings=timings,
                        entries=entries, topic_matcher=enricher.topic_matcher)


def entry_and_bytes(enricher: Enricher, story: Merged) -> tuple[Made, bytes]:
    """A story's entry and warnings (`Enricher.entry`), and the bytes of the entry's file.

    Why both at once: the worker process that made the entry writes its file text too, so
    the import needs no third round of worker processes for the files (`file_bytes`).
    """
    made = enricher.entry(story)
    return made, entry_bytes(made[0])


def file_bytes(entries: list[Entry], written: list[tuple[Made, bytes]]) -> list[bytes]:
    """`[entry_bytes(entry) for entry in entries]`, taking the bytes made with an entry
    (`entry_and_bytes`) wherever the entry is still that very object: only the entries
    joined as near-duplicates or given a unique id are written anew."""
    made_with = {id(entry): (entry, data) for (entry, _), data in written}
    texts = []
    for entry in entries:
        known, data = made_with.get(id(entry), (None, b""))
        texts.append(data if known is entry else entry_bytes(entry))
    return texts
