"""`digest import`: sources -> pages -> stories -> entries -> articles folder."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from builder.errors import DigestError
from builder.ingest.enrich import Enricher, merge_duplicates, unique_ids
from builder.ingest.parse import ParsedPage, parse_page
from builder.ingest.places import load_gazetteer
from builder.ingest.sources import read_source
from builder.ingest.store import Outcome, apply_plan, entry_bytes, plan_import
from builder.parallel import fork_map
from builder.progress import progress
from builder.taxonomy import load_vocabulary

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
    merged: int                               # items folded into a story seen earlier
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)


def source_files(paths: list[Path]) -> list[Path]:
    """The .txt files named or contained (not recursively) in `paths`, sorted by name."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.glob("*.txt")))
        elif path.is_file():
            files.append(path)
        else:
            raise DigestError("no such file or folder", path)
    unique = {file.resolve(): file for file in files}
    return sorted(unique.values(), key=lambda file: (file.name, str(file)))


def read_and_parse(file: Path) -> ParsedPage:
    """A source file's items and chrome lines."""
    return parse_page(read_source(file))


def run_import(paths: list[Path], into: Path, content: Path, dry_run: bool = False) -> ImportResult:
    """Import the source pages in `paths` into the articles folder `into`.

    Nothing is written unless every page was read and parsed; `content` holds the
    vocabularies (topics.yaml, gazetteer.yaml).
    """
    started = time.perf_counter()
    timings: dict[str, float] = {}
    files = source_files(paths)
    enricher = Enricher(load_gazetteer(content / "gazetteer.yaml", content.parent / ".cache"),
                        load_vocabulary(content / "topics.yaml"))
    timings["load vocabularies"] = time.perf_counter() - started
    mark = time.perf_counter()
    parsed = fork_map(read_and_parse, files, 2 * PAGES_PER_TASK, chunk=PAGES_PER_TASK)
    pages = list(progress(parsed, "read", len(files)))
    timings["read and parse"] = time.perf_counter() - mark
    mark = time.perf_counter()
    items = [item for page in pages for item in page.items]
    stories = merge_duplicates(items)
    warnings: list[str] = []
    entries = []
    made = fork_map(enricher.entry, stories, 2 * ENTRIES_PER_TASK, chunk=ENTRIES_PER_TASK)
    for story, (entry, story_warnings) in zip(stories, progress(made, "entries", len(stories))):
        entries.append(entry)
        warnings.extend(f"{story.items[0].source}: {text}" for text in story_warnings)
    entries = unique_ids(entries)
    line_owner = {(item.source, number): entry.id
                  for story, entry in zip(stories, entries)
                  for item in story.items for number in item.lines}
    timings["enrich"] = time.perf_counter() - mark
    mark = time.perf_counter()
    plan = plan_import(entries, list(fork_map(entry_bytes, entries, 2 * ENTRIES_PER_TASK,
                                                chunk=ENTRIES_PER_TASK)), into)
    if not dry_run:
        apply_plan(plan, into)
    timings["write"] = time.perf_counter() - mark
    return ImportResult(pages, line_owner, plan.outcomes, warnings,
                        merged=len(items) - len(stories),
                        seconds=time.perf_counter() - started, timings=timings)
