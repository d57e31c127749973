"""`digest score`: the importer measured against news items an editor marked by hand.

A truth folder holds one `<page stem>.yaml` per source page (format: tests/heldout/README.md):
every news item of the page with its source lines, title, kicker, date, places, regions,
topics and, for a story told on several pages, a shared story id. The pages are imported as
`digest import` would (into a throw-away folder), each truth item is matched to the entry
that holds its lines, and `Scores` counts what was missed, merged, split, spurious or
invented and how well each field agrees.
"""
from __future__ import annotations

import datetime
import re
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from builder.errors import DigestError
from builder.ingest.importer import run_import, source_files
from builder.ingest.sources import read_source
from builder.model import Region
from builder.taxonomy import load_vocabulary
from builder.yamlfile import load_located, read_front_matter, validate_located

Location = tuple[str, int]  # (source file name, line number)
HELDOUT = Path("tests") / "heldout"


class _ItemFile(BaseModel):
    """One item of a truth file; every field but the optional ones must be written out."""
    model_config = ConfigDict(extra="forbid")
    lines: int | str                # "3-9", "14-18, 21" or one number
    anchor: int | None = None       # the item's heading line; default: its first line
    title: str | None               # null: the source states no title (not scored)
    kicker: str | None
    date: datetime.date | None      # null: the source states no exact date
    places: list[str]               # "A|B": either name is right
    places_ok: list[str] = []       # neither required nor wrong
    regions: list[Region]
    regions_ok: list[Region] = []
    topics: list[str]
    topics_ok: list[str] = []
    story: str | None = None        # the same id on another page: the same story


class _TruthFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    either: list[int] = []          # lines that may be in an entry or chrome
    items: list[_ItemFile]


@dataclass(frozen=True)
class Names:
    """Expected names of one field: each required name with the keys (`name_key`) of its
    accepted spellings, and the keys of names that are neither required nor wrong."""
    required: tuple[tuple[str, frozenset[str]], ...]
    allowed: frozenset[str]

    def known(self) -> frozenset[str]:
        """The keys of every name that is not wrong."""
        return self.allowed.union(*(keys for _, keys in self.required))

    def compare(self, predicted: list[str]) -> tuple[list[str], list[str], list[str]]:
        """The required names found and missing, and the predicted names that are wrong."""
        keys = {name_key(name): name for name in predicted}
        found = [name for name, spellings in self.required if spellings & keys.keys()]
        missing = [name for name, spellings in self.required if not spellings & keys.keys()]
        known = self.known()
        return found, missing, [name for key, name in keys.items() if key not in known]


@dataclass(frozen=True)
class TruthItem:
    """A news item as the truth file states it."""
    page: str
    lines: frozenset[int]
    anchor: int
    title: str | None
    kicker: str | None
    date: datetime.date | None
    places: Names
    regions: Names
    topics: Names
    story: str

    @property
    def where(self) -> str:
        return f"{self.page}:{self.anchor}"


@dataclass
class Truth:
    """All truth items of a set of pages and the lines that may go either way."""
    items: list[TruthItem]
    either: set[Location]


@dataclass
class Imported:
    """What an import made of the pages: entries (front matter by id), the entry that holds
    each item line, the blank lines and each page's line count."""
    entries: dict[str, dict]
    line_owner: dict[Location, str]
    blank: set[Location]
    line_count: dict[str, int]


@dataclass
class Ratio:
    """Right answers of a total; 1.0 when there was nothing to answer."""
    right: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class F1:
    """Micro-averaged precision, recall and F1 of names predicted for many items."""
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    @property
    def value(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass
class Scores:
    """How the entries of an import agree with the truth of the same pages."""
    entries: int = 0
    found: Ratio = field(default_factory=Ratio)          # truth items that have an entry
    merged: int = 0          # entries that are the entry of two or more stories
    split: int = 0           # items with lines in an entry that is no item's entry
    spurious: int = 0        # entries that hold no line of any item
    misplaced_lines: int = 0           # item lines in another item's entry
    chrome_in_entries: int = 0         # chrome lines (not blank, not `either`) in an entry
    item_lines_as_chrome: int = 0      # item lines (not blank) in no entry
    joined: Ratio = field(default_factory=Ratio)         # stories told on several pages
    titles: Ratio = field(default_factory=Ratio)
    kickers: Ratio = field(default_factory=Ratio)
    dates: Ratio = field(default_factory=Ratio)
    invented_dates: int = 0  # a date where the truth has none, or another one
    places: F1 = field(default_factory=F1)
    regions: F1 = field(default_factory=F1)
    topics: F1 = field(default_factory=F1)
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        """The figures as plain numbers (and the problems), for `--json`."""
        return {
            "items": self.found.total, "entries": self.entries, "recall": self.found.value,
            "merged": self.merged, "split": self.split, "spurious": self.spurious,
            "misplaced_lines": self.misplaced_lines, "chrome_in_entries": self.chrome_in_entries,
            "item_lines_as_chrome": self.item_lines_as_chrome,
            "stories_joined": self.joined.value, "titles": self.titles.value,
            "kickers": self.kickers.value, "dates": self.dates.value,
            "invented_dates": self.invented_dates, "places_f1": self.places.value,
            "regions_f1": self.regions.value, "topics_f1": self.topics.value,
            "problems": list(self.problems),
        }


def plain(text: str | None) -> str:
    """Text as compared: NFC, any run of white space (no-break spaces too) one space."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def name_key(name: str) -> str:
    """A place, region or topic name as compared: case-folded; "Landkreis X" is "Kreis X"."""
    return re.sub(r"^landkreis ", "kreis ", plain(name).casefold())


def parse_lines(spec: int | str) -> frozenset[int]:
    """Line numbers from `12`, "3-9" or "14-18, 21"; ValueError for anything else."""
    numbers: set[int] = set()
    for part in str(spec).split(","):
        first, _, last = part.strip().partition("-")
        start, end = int(first), int(last or first)
        if not 1 <= start <= end:
            raise ValueError(f"bad line range {part.strip()!r}")
        numbers.update(range(start, end + 1))
    return frozenset(numbers)


def _names(required: list[str], allowed: list[str]) -> Names:
    """Names from a truth file's lists, where "A|B" accepts either spelling."""
    return Names(tuple((entry, frozenset(map(name_key, entry.split("|")))) for entry in required),
                 frozenset(name_key(name) for entry in allowed for name in entry.split("|")))


def load_truth(truth_dir: Path, pages: dict[str, int], topic_names: set[str]) -> Truth:
    """Read the truth file of every page (`pages`: file name -> line count). Raises
    DigestError for a page without truth, a truth without page, an unknown topic, and lines
    outside the page or claimed by two items."""
    if not truth_dir.is_dir():
        raise DigestError("no such folder", truth_dir)
    files = sorted(truth_dir.glob("*.yaml"))
    stems = {Path(name).stem: name for name in pages}
    missing = sorted(stems.keys() - {file.stem for file in files})
    if missing:
        raise DigestError(f"no truth file for page {stems[missing[0]]}",
                          truth_dir / f"{missing[0]}.yaml")
    topics = {name_key(name) for name in topic_names}
    truth = Truth([], set())
    for file in files:
        if file.stem not in stems:
            raise DigestError(f"no page {file.stem}.txt beside this truth file", file)
        page = stems[file.stem]
        parsed = validate_located(_TruthFile, load_located(file), file)
        truth.either.update((page, number) for number in parsed.either)
        claimed: set[int] = set()
        for index, item in enumerate(parsed.items):
            truth.items.append(_truth_item(item, page, pages[page], claimed, topics,
                                           (file, f"items.{index}")))
    return truth


def _truth_item(item: _ItemFile, page: str, line_count: int, claimed: set[int],
                topics: set[str], where: tuple[Path, str]) -> TruthItem:
    """One validated truth item; its lines are added to `claimed`. `where`: file and field."""
    file, field_name = where
    try:
        lines = parse_lines(item.lines)
    except ValueError as error:
        raise DigestError(str(error), file, field=f"{field_name}.lines") from None
    anchor = item.anchor or min(lines)
    if max(lines) > line_count or anchor not in lines:
        raise DigestError(f"lines {item.lines} (anchor {anchor}) do not fit the page's "
                          f"{line_count} lines", file, field=f"{field_name}.lines")
    if lines & claimed:
        raise DigestError(f"lines {sorted(lines & claimed)} belong to an earlier item", file,
                          field=f"{field_name}.lines")
    claimed.update(lines)
    unknown = [name for entry in item.topics + item.topics_ok for name in entry.split("|")
               if name_key(name) not in topics]
    if unknown:
        raise DigestError(f"not in topics.yaml: {unknown}", file, field=f"{field_name}.topics")
    return TruthItem(page, lines, anchor, item.title, item.kicker, item.date,
                     _names(item.places, item.places_ok), _names(item.regions, item.regions_ok),
                     _names(item.topics, item.topics_ok), item.story or f"{page}:{anchor}")


def import_pages(pages_dir: Path, content: Path) -> Imported:
    """Import the pages as `digest import` does, into a folder that is removed afterwards
    (the import result names entries by id; their fields are read back from the files)."""
    with tempfile.TemporaryDirectory(prefix="digest-score-") as folder:
        into = Path(folder) / "articles"
        result = run_import([pages_dir], into, content)
        entries = {outcome.entry_id: read_front_matter(into / outcome.path) or {}
                   for outcome in result.outcomes}
    blank = {(page.name, line.number) for file in source_files([pages_dir])
             for page in [read_source(file)] for line in page.lines if not line.text.strip()}
    return Imported(entries, result.line_owner, blank,
                    {page.name: page.line_count for page in result.pages})


def score(truth: Truth, imported: Imported) -> Scores:
    """Match every truth item to the entry that holds its anchor line (else most of its
    lines) and count the differences."""
    scores = Scores(entries=len(imported.entries))
    main = {item: _main_entry(item, imported.line_owner) for item in truth.items}
    _count_structure(truth, imported, main, scores)
    story_dates = {item.story: item.date for item in truth.items if item.date}
    story_headings: dict[str, set[tuple[str, str]]] = {}
    for item in truth.items:
        story_headings.setdefault(item.story, set()).add((plain(item.title), plain(item.kicker)))
    for item, entry_id in main.items():
        if entry_id is not None:
            dates: set[datetime.date | None] = (
                {item.date} if item.date else {None, story_dates.get(item.story)})
            _compare_fields(item, imported.entries[entry_id], dates,
                            story_headings[item.story], scores)
    _count_joined(truth, main, scores)
    return scores


def _main_entry(item: TruthItem, line_owner: dict[Location, str]) -> str | None:
    """The entry that holds the item's anchor line, else most of its lines; None if none."""
    owners = Counter(owner for number in sorted(item.lines)
                     if (owner := line_owner.get((item.page, number))))
    most = owners.most_common(1)
    return line_owner.get((item.page, item.anchor)) or (most[0][0] if most else None)


def _count_structure(truth: Truth, imported: Imported, main: dict[TruthItem, str | None],
                     scores: Scores) -> None:
    """Recall, merged, split, spurious, and lines that ended up in the wrong place."""
    stories_of = _count_found_and_merged(main, scores)
    neutral = truth.either | imported.blank
    owed = {(item.page, number): item for item in truth.items for number in item.lines
            if (item.page, number) not in neutral}
    _count_item_lines(owed, imported.line_owner, main, set(stories_of), scores)
    holding = {owner for location, owner in imported.line_owner.items() if location in owed}
    for entry_id in sorted(imported.entries.keys() - holding):
        scores.spurious += 1
        scores.problems.append(f"entry {entry_id}: spurious (holds no item line)")
    for location, owner in sorted(imported.line_owner.items()):
        if location not in owed and location not in neutral:
            scores.chrome_in_entries += 1
            scores.problems.append(f"{location[0]}:{location[1]}: chrome in entry {owner}")


def _count_found_and_merged(main: dict[TruthItem, str | None], scores: Scores
                            ) -> dict[str, set[str]]:
    """Recall and merged entries; returns the stories of each item's entry."""
    stories_of: dict[str, set[str]] = {}
    for item, entry_id in main.items():
        scores.found.total += 1
        if entry_id is None:
            scores.problems.append(f"{item.where}: missed (no entry holds its lines)")
            continue
        scores.found.right += 1
        stories_of.setdefault(entry_id, set()).add(item.story)
    for entry_id, stories in sorted(stories_of.items()):
        if len(stories) > 1:
            scores.merged += 1
            scores.problems.append(f"entry {entry_id}: merges {len(stories)} stories "
                                   f"({', '.join(sorted(stories))})")
    return stories_of


def _count_item_lines(owed: dict[Location, TruthItem], line_owner: dict[Location, str],
                      main: dict[TruthItem, str | None], item_entries: set[str],
                      scores: Scores) -> None:
    """Item lines (`owed`) outside their item's entry: left as chrome, in another item's
    entry, or in an entry of their own (the item is split)."""
    fragments: dict[TruthItem, set[str]] = {}
    for location, item in sorted(owed.items()):
        owner = line_owner.get(location)
        if owner == main[item]:
            continue
        if owner is None:
            scores.item_lines_as_chrome += 1
            scores.problems.append(f"{location[0]}:{location[1]}: line of {item.where} is chrome")
        elif owner in item_entries:
            scores.misplaced_lines += 1
            scores.problems.append(f"{location[0]}:{location[1]}: line of {item.where} is in "
                                   f"entry {owner}")
        else:
            fragments.setdefault(item, set()).add(owner)
    for item, owners in fragments.items():
        scores.split += 1
        scores.problems.append(f"{item.where}: split, also in {', '.join(sorted(owners))}")


def _compare_fields(item: TruthItem, entry: dict, dates: set[datetime.date | None],
                    headings: set[tuple[str, str]], scores: Scores) -> None:
    """Title, kicker, date (right when in `dates`), places, regions and topics of the item's
    entry. An undated item of a story that another page dates may have either date; the
    joined entry of a story told on several pages may have the title and kicker
    (`headings`) of any of them."""
    if item.title is not None:
        _tally(scores.titles, item, "title", {title for title, _ in headings if title},
               plain(entry.get("title")), scores)
    _tally(scores.kickers, item, "kicker", {kicker for _, kicker in headings},
           plain(entry.get("kicker")), scores)
    got = entry.get("date")
    _tally(scores.dates, item, "date", dates, got, scores)
    if got is not None and got not in dates:
        scores.invented_dates += 1
    for name, expected, f1 in (("places", item.places, scores.places),
                               ("regions", item.regions, scores.regions),
                               ("topics", item.topics, scores.topics)):
        found, missing, wrong = expected.compare(entry.get(name) or [])
        f1.true_positives += len(found)
        f1.false_negatives += len(missing)
        f1.false_positives += len(wrong)
        if missing or wrong:
            scores.problems.append(f"{item.where}: {name}: missing {missing}, wrong {wrong}")


def _tally(ratio: Ratio, item: TruthItem, name: str, right: set, got: object,
           scores: Scores) -> None:
    """Count one comparison; a wrong value becomes a problem line."""
    ratio.total += 1
    if got in right:
        ratio.right += 1
    else:
        expected = " or ".join(sorted(str(value) for value in right))
        scores.problems.append(f"{item.where}: {name}: expected {expected or None}, got {got}")


def _count_joined(truth: Truth, main: dict[TruthItem, str | None], scores: Scores) -> None:
    """Stories with several truth items: joined when all of them have one and the same entry."""
    entries_of: dict[str, list[str | None]] = {}
    for item in truth.items:
        entries_of.setdefault(item.story, []).append(main[item])
    for story, entry_ids in sorted(entries_of.items()):
        if len(entry_ids) > 1:
            scores.joined.total += 1
            if None not in entry_ids and len(set(entry_ids)) == 1:
                scores.joined.right += 1
            else:
                scores.problems.append(f"story {story}: not joined ({len(set(entry_ids))} entries)")


def score_pages(pages_dir: Path, truth_dir: Path, content: Path) -> Scores:
    """Import `pages_dir` and score it against the truth files in `truth_dir`."""
    imported = import_pages(pages_dir, content)
    names = set(load_vocabulary(content / "topics.yaml").names())
    return score(load_truth(truth_dir, imported.line_count, names), imported)


def _ratio(ratio: Ratio) -> str:
    return f"{ratio.value:.2f} ({ratio.right}/{ratio.total})"


def _f1(f1: F1) -> str:
    return f"{f1.value:.2f} (P {f1.precision:.2f} R {f1.recall:.2f})"


TABLE_ROWS = (
    ("truth items", lambda s: str(s.found.total)),
    ("entries", lambda s: str(s.entries)),
    ("recall", lambda s: _ratio(s.found)),
    ("merged entries", lambda s: str(s.merged)),
    ("split items", lambda s: str(s.split)),
    ("spurious entries", lambda s: str(s.spurious)),
    ("item lines in another item's entry", lambda s: str(s.misplaced_lines)),
    ("chrome lines in entries", lambda s: str(s.chrome_in_entries)),
    ("item lines left as chrome", lambda s: str(s.item_lines_as_chrome)),
    ("stories on several pages joined", lambda s: _ratio(s.joined)),
    ("titles", lambda s: _ratio(s.titles)),
    ("kickers", lambda s: _ratio(s.kickers)),
    ("dates", lambda s: _ratio(s.dates)),
    ("invented dates", lambda s: str(s.invented_dates)),
    ("places F1", lambda s: _f1(s.places)),
    ("regions (Länder, Bund, EU) F1", lambda s: _f1(s.regions)),
    ("topics F1", lambda s: _f1(s.topics)),
)


def table(results: dict[str, Scores]) -> list[str]:
    """The scores of each named set side by side, one metric a line."""
    label_width = max(len(label) for label, _ in TABLE_ROWS)
    cells = [[cell(scores) for scores in results.values()] for _, cell in TABLE_ROWS]
    widths = [max(len(name), *(len(row[column]) for row in cells))
              for column, name in enumerate(results)]
    header = " " * label_width + "".join(f"  {name:>{width}}"
                                         for name, width in zip(results, widths))
    return [header] + [f"{label:<{label_width}}" + "".join(f"  {value:>{width}}"
                                                          for value, width in zip(row, widths))
                       for (label, _), row in zip(TABLE_ROWS, cells)]


def default_sets(content: Path) -> dict[str, tuple[Path, Path]]:
    """The project's scored sets, by name: (pages folder, truth folder)."""
    return {"held-out": (HELDOUT / "pages", HELDOUT / "truth"),
            "seeds": (content / "sources", HELDOUT / "seeds-truth")}
