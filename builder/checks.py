"""The editor's checks of `digest check` beyond a valid entry: places the gazetteer does not
know (with the name meant), the placeholder text of `digest new`, a summary that repeats the
title, and likely duplicates; and which findings fail a strict check."""
from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from builder.content import Content, Problem, key_line, load_content
from builder.duplicates import lead_words as plain_lead_words
from builder.duplicates import likely_duplicates
from builder.errors import DigestError, display_path
from builder.ingest.places import load_gazetteer
from builder.ingest.similarity import Words
from builder.leadcache import LeadWordsCache
from builder.model import Entry
from builder.runtime import Runtime
from builder.scaffold import PLACEHOLDER_BODY
from builder.settings import SiteSettings
from builder.userfiles import entry_files, read_user_file

_CLOSING = re.compile(r"^-{3,}\s*$", re.MULTILINE)


def check_content(content: Path, runtime: Runtime) -> tuple[Content, list[Problem]]:
    """Load the content folder (with the parsed entries `digest build` keeps in `.cache/`)
    and find every problem: those of loading, then the editor's checks."""
    cache = content.absolute().parent / ".cache"
    loaded = load_content(content, cache=cache / "entries.marshal", runtime=runtime)
    return loaded, all_problems(content, loaded, cache)


def all_problems(content: Path, loaded: Content, cache: Path | None) -> list[Problem]:
    """The problems of loading `loaded`, then those of the editor's checks (the gazetteer's
    index and the duplicate search's words are cached in `cache`, if given)."""
    gazetteer = load_gazetteer(content / "gazetteer.yaml", cache)
    lead_words = LeadWordsCache(cache / "lead-words.marshal" if cache else None, loaded.digests)
    problems = loaded.problems + editorial_problems(loaded, gazetteer.place_names(), lead_words)
    lead_words.save()
    return problems


def editorial_problems(loaded: Content, place_names: frozenset[str],
                       lead_words: Callable[[Entry], Words] = plain_lead_words) -> list[Problem]:
    """The findings of the editor's checks on the loaded entries; `place_names` are the
    places of the gazetteer, `lead_words` gives the words duplicates are found by."""
    suggest = _place_suggester(place_names)
    problems = []
    for entry in loaded.entries:
        path = Path(loaded.paths[entry.id])
        problems += [Problem(path, key_line(path, "places"), "places",
                             f'"{place}" is not a place of the gazetteer{suggest(place)}', "warning")
                     for place in entry.places if place not in place_names]
        problems += _text_problems(entry, path)
    problems += duplicate_problems(loaded, lead_words)
    return problems


def _text_problems(entry: Entry, path: Path) -> list[Problem]:
    """The placeholder body of `digest new` (an error once published) and a summary that
    only repeats the title (unless either is flagged for review already: the importer's
    headline of a one-sentence item is that sentence)."""
    problems = []
    if entry.body.strip() == PLACEHOLDER_BODY:
        severity = "error" if entry.status == "published" else "warning"
        problems.append(Problem(path, body_line(path), "body", f'still the placeholder "{PLACEHOLDER_BODY}": '
                                "write the text of the news", severity))
    if _same_text(entry.summary, entry.title) and not {"summary", "title"} & set(entry.review):
        problems.append(Problem(path, key_line(path, "summary"), "summary",
                                "repeats the title: say in a sentence or two what happened",
                                "warning"))
    return problems


def _same_text(a: str, b: str) -> bool:
    """Whether two texts are the same but for case, spacing and a closing full stop."""
    return " ".join(a.casefold().split()).rstrip(".") == " ".join(b.casefold().split()).rstrip(".")


def duplicate_problems(loaded: Content, lead_words: Callable[[Entry], Words] = plain_lead_words
                       ) -> list[Problem]:
    """One warning per pair of likely duplicates, at the first file and naming the other."""
    entries = [entry for entry in loaded.entries if entry.status != "rejected"]
    problems = []
    for pair in likely_duplicates(entries, lead_words):
        paths = sorted(Path(loaded.paths[entries[index].id]) for index in (pair.first, pair.second))
        problems.append(Problem(paths[0], key_line(paths[0], "title"), "title",
                                f"likely the same story as {display_path(paths[1])} ({pair.reason}, "
                                "dates agree): merge them or reject one (status: rejected)",
                                "warning", also=paths[1]))
    return problems


def _place_suggester(place_names: frozenset[str]) -> Callable[[str], str]:
    """A function giving ` (did you mean "Ulm"?)` for a misspelt place, or ""."""
    by_first: dict[str, list[str]] = {}
    for name in place_names:
        by_first.setdefault(name[:1].casefold(), []).append(name)
    known = {name.casefold(): name for name in place_names}

    @lru_cache(maxsize=4096)
    def suggest(place: str) -> str:
        if place.casefold() in known:
            return f' (did you mean "{known[place.casefold()]}"?)'
        close = difflib.get_close_matches(place, by_first.get(place[:1].casefold(), []), n=1,
                                          cutoff=0.8)
        return f' (did you mean "{close[0]}"?)' if close else " (a typo, or add it to gazetteer.yaml)"

    return suggest


def body_line(path: Path) -> int:
    """The first line of an entry's body that holds text (1 if not found)."""
    lines = _lines(path)
    closing = next((number for number, line in enumerate(lines[1:], start=2)
                    if _CLOSING.fullmatch(line)), None)
    if closing is None:
        return 1
    return next((number for number, line in enumerate(lines[closing:], start=closing + 1)
                 if line.strip()), closing)


def _lines(path: Path) -> list[str]:
    return read_user_file(path).decode("utf-8", "replace").splitlines()


def fails_strict(problem: Problem, settings: SiteSettings) -> bool:
    """Whether a finding fails `digest check --strict`: every error and warning, except open
    review flags where `review_blocks_publishing` is false."""
    return problem.severity == "error" or problem.field != "review" or settings.review_blocks_publishing


def concerning(problems: Iterable[Problem], paths: list[Path]) -> list[Problem]:
    """The problems of the files `paths` (or of files below them, if folders); a likely
    duplicate concerns both of its files."""
    roots = [_absolute(path) for path in paths]

    def below(path: Path | None) -> bool:
        if path is None:
            return False
        absolute = _absolute(path)
        return any(absolute == root or root in absolute.parents for root in roots)

    return [problem for problem in problems if below(problem.path) or below(problem.also)]


def selected_entries(paths: list[Path], articles: Path) -> list[Path]:
    """The entry files that `paths` name: each an entry file below `articles`, or a folder
    of it with those below it; a path that is neither is a DigestError (`digest check PATH`
    would otherwise say nothing about it)."""
    if not paths:
        return []
    root = _absolute(articles)
    entries = [_absolute(Path(name)) for name in entry_files(articles)[0]]
    selected: dict[Path, None] = {}
    for path in paths:
        absolute = _absolute(path)
        if absolute in entries:
            selected[absolute] = None
        elif path.is_dir() and (absolute == root or root in absolute.parents):
            selected.update(dict.fromkeys(entry for entry in entries if absolute in entry.parents))
        else:
            raise DigestError(f"is not an entry file (a .md file below {display_path(articles)})",
                              path)
    return list(selected)


def _absolute(path: Path) -> Path:
    """The absolute path of a file as named: its folder's links resolved, not its own (it
    may be a broken or looping link, which `digest check` reports as such)."""
    return Path(os.path.realpath(path.parent), path.name)
