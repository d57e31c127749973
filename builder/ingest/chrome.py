"""Page chrome: the editable vocabulary (`content/chrome.yaml`) and the shapes chrome has.

`Chrome.reason(text)` answers from the vocabulary; `shape_reason(text)` from the look of a
line alone (calls to action, legal lines, breadcrumbs, menus, page numbers), whatever the
vocabulary says; `repeated_lines(lines)` finds short lines repeated on one page and
`recurring_lines(pages)` those that recur on several pages of one import. Which lines start
no item is the page driver's business (`builder.ingest.parse`).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from builder.errors import DigestError
from builder.ingest.lines import Kind, Line, is_label
from builder.yamlfile import load_located, validate_located

VOCABULARY_MAX_CHARS = 300   # longer lines are prose, never compared with the vocabulary
SHIPPED = Path(__file__).resolve().parents[2] / "content" / "chrome.yaml"
PROJECT = Path("content") / "chrome.yaml"

_EDGES = " \t.,:;!?…»«›‹>|–—-·•*\"'„“”‚‘’()[]"
_CTA_WORDS_MAX = 8
_IMPERATIVE_SIE = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]+(?:en|ern|eln)\s+Sie\b")
_JETZT_INFINITIVE = re.compile(r"^(?:[Jj]etzt|[Hh]ier|[Gg]leich)\b.*\s[a-zäöüß]{2,}(?:en|ern|eln)"
                               r"\W*$")
_LEGAL_STARTS = ("©", "(c)", "copyright")
_LEGAL_PHRASES = ("©", "alle rechte vorbehalten", "all rights reserved")
_LEGAL_WORDS = {"impressum", "datenschutz", "datenschutzerklärung", "datenschutzhinweise",
                "agb", "nutzungsbedingungen", "barrierefreiheit", "cookie-einstellungen",
                "cookies", "kontakt", "sitemap", "rechtliche hinweise", "haftungsausschluss"}
_LEGAL_FIRST_WORDS = {words.split()[0] for words in _LEGAL_WORDS}
_MENU_SEPARATORS = re.compile(r"\s+[|·•]\s+")
_CRUMB_SEPARATORS = re.compile(r"\s*[›→]\s*|\s+[»>/]\s+")
_SEPARATOR_MARKS = re.compile(r"[›→»>/|·•]")
_PAGE_TOKEN = re.compile(r"^(?:\d{1,3}|[«»‹›<>←→…]+|\.\.\.|zurück|weiter|vor|nächste|vorherige"
                         r"|seite|von|erste|letzte)$", re.IGNORECASE)

_QUOTATION = re.compile(r"„[^“”]*[“”]|\"[^\"]*\"|»[^«]*«")  # what a quoted speaker says
_INSIDE_SENTENCE = r"(?<=[\w,;)] )"   # after a word, not after the end of a sentence

REASON_CALL_TO_ACTION = "call to action (a short imperative line)"
REASON_LEGAL = "copyright or legal line"
REASON_NAVIGATION = "navigation (breadcrumb, menu or page numbers)"
REASON_RECURRING = "recurs on other source pages of this import (site chrome)"
REASON_REPEATED = "repeats on this page (a button or link of every item)"
REPEATED_MIN = 3   # a short line this often on one page is a button or link, not a heading


class _Category(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str
    phrases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    labels_next: bool = False  # its phrases label the line under them ("Anzeige" over an ad)


class _ChromeFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    self_reference: tuple[str, ...] = ()
    categories: dict[str, _Category]


@dataclass(frozen=True)
class Chrome:
    """The chrome vocabulary: whole-line phrases, and its patterns joined into two regular
    expressions (those anchored at the start with ^, and the others) whose groups `p0`,
    `p1` … stand for the reasons in `pattern_reasons`."""
    phrases: dict[str, str]               # folded phrase -> reason
    anchored: re.Pattern | None
    floating: re.Pattern | None
    pattern_reasons: tuple[str, ...]
    labels: frozenset[str] = frozenset()  # folded phrases whose next line is chrome too
    self_reference: re.Pattern | None = None  # a publication speaking of itself or to you

    def reason(self, text: str) -> str | None:
        """Why `text` is chrome by the vocabulary, or None."""
        if len(text) > VOCABULARY_MAX_CHARS:
            return None
        reason = self.phrases.get(fold(text))
        if reason:
            return reason
        match = (self.anchored and self.anchored.match(text)) or \
            (self.floating and self.floating.search(text))
        return self.pattern_reasons[int(match.lastgroup[1:])] if match and match.lastgroup else None

    def speaks_of_itself(self, text: str) -> bool:
        """Whether `text`, outside quotations, holds a word of the vocabulary's
        `self_reference` list."""
        return self.self_reference is not None and \
            self.self_reference.search(_QUOTATION.sub(" ", text)) is not None

    def labels_next(self, text: str) -> bool:
        """Whether `text` labels the line under it as chrome of its kind ("Anzeige")."""
        return len(text) <= VOCABULARY_MAX_CHARS and fold(text) in self.labels


EMPTY = Chrome({}, None, None, ())


def fold(text: str) -> str:
    """A line as phrases are compared: case-folded, without punctuation at either end, with
    single spaces (source lines come with single spaces already)."""
    folded = text.strip(_EDGES).casefold()
    return " ".join(folded.split()) if "  " in folded or "\t" in folded else folded


_loaded: dict[tuple[str, int, int], Chrome] = {}


def load_chrome(path: Path) -> Chrome:
    """The vocabulary in `path`, read once per version of the file; a DigestError naming
    file and line for invalid YAML, an unknown key or a pattern that is no regular
    expression."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _loaded:
        _loaded[key] = _read(path)
    return _loaded[key]


def project_chrome() -> Chrome:
    """The vocabulary of the project in the working directory (content/chrome.yaml), or the
    one shipped with the digest where the project has none."""
    return load_chrome(PROJECT if PROJECT.is_file() else SHIPPED)


def _read(path: Path) -> Chrome:
    located = load_located(path)
    config = validate_located(_ChromeFile, located, path)
    phrases: dict[str, str] = {}
    anchored: list[str] = []
    floating: list[str] = []
    reasons: list[str] = []
    labels: set[str] = set()
    for name, category in config.categories.items():
        for phrase in category.phrases:
            phrases.setdefault(fold(phrase), category.reason)
            if category.labels_next:
                labels.add(fold(phrase))
        for number, pattern in enumerate(category.patterns):
            try:
                re.compile(pattern)
            except re.error as error:
                raise DigestError(f"not a regular expression: {error}", path,
                                  located.line_of(("categories", name, "patterns", number)),
                                  f"categories.{name}.patterns") from None
            group = f"(?P<p{len(reasons)}>{pattern})"
            (anchored if pattern.startswith("^") else floating).append(group)
            reasons.append(category.reason)
    line = located.line_of(("categories",))
    return Chrome(phrases, _joined(anchored, path, line), _joined(floating, path, line),
                  tuple(reasons), frozenset(labels), _words(config.self_reference))


def _words(words: tuple[str, ...]) -> re.Pattern | None:
    """One expression for whole words: a word in lower case also with a capital (at the
    start of a sentence), one with a capital only as written and within a sentence (the
    "Sie" of "klicken Sie", not of "Sie wollen")."""
    if not words:
        return None
    forms = [f"\\b[{word[0]}{word[0].upper()}]{re.escape(word[1:])}\\b" if word[0].islower()
             else rf"{_INSIDE_SENTENCE}{re.escape(word)}\b" for word in words]
    return re.compile("|".join(forms))


def _joined(patterns: list[str], path: Path, line: int) -> re.Pattern | None:
    """One regular expression of many; a DigestError if they do not go together (a group
    name twice, a flag such as (?i) inside)."""
    if not patterns:
        return None
    try:
        return re.compile("|".join(patterns), re.IGNORECASE)
    except re.error as error:
        raise DigestError(f"patterns do not combine: {error} (use no group names, "
                          f"back references or inline flags)", path, line, "categories") from None


def shape_reason(text: str, heading: bool = False) -> str | None:
    """Why a line is chrome by its shape alone (no vocabulary), or None. A `heading` (of an
    item the structure shows) is no call to action: a headline may end with "!"."""
    if is_legal(text):
        return REASON_LEGAL
    if is_navigation(text):
        return REASON_NAVIGATION
    if not heading and is_call_to_action(text):
        return REASON_CALL_TO_ACTION
    return None


def is_call_to_action(text: str) -> bool:
    """A short imperative line: "Jetzt kostenlos testen!", "Registrieren Sie sich",
    "Hier klicken und mitmachen". A heading with a kicker ("Ulm: Jetzt online!") is none."""
    words = text.split()
    if len(words) > _CTA_WORDS_MAX or ": " in text:
        return False
    return (text.endswith("!") or (" Sie" in text and _IMPERATIVE_SIE.match(text) is not None)
            or (text[0] in "JjHhGg" and _JETZT_INFINITIVE.match(text) is not None))


def is_legal(text: str) -> bool:
    """A copyright line or a row of legal links ("Impressum | Datenschutz | AGB")."""
    lowered = text.casefold()
    if lowered.startswith(_LEGAL_STARTS) or any(phrase in lowered for phrase in _LEGAL_PHRASES):
        return True
    if lowered.split(maxsplit=1)[0].strip(_EDGES) not in _LEGAL_FIRST_WORDS:
        return False
    parts = [part for part in (piece.strip(_EDGES).casefold()
                               for piece in re.split(r"[|·•/,]", text)) if part]
    return bool(parts) and all(part in _LEGAL_WORDS for part in parts)


def is_navigation(text: str) -> bool:
    """A breadcrumb ("Start › Themen › Verwaltung"), a menu of three or more short links
    ("Politik | Wirtschaft | Kultur") or page numbers ("« 1 2 3 … 9 »", "Seite 2 von 7")."""
    if _SEPARATOR_MARKS.search(text):
        crumbs = [part for part in _CRUMB_SEPARATORS.split(text) if part]
        if len(crumbs) >= 3 or (len(crumbs) == 2 and re.search(r"[›→]|\s[»>]\s", text)):
            if all(len(part.split()) <= 4 and not part.endswith((".", "!", "?"))
                   for part in crumbs):
                return True
        menu = _MENU_SEPARATORS.split(text)
        if len(menu) >= 3 and all(0 < len(part.split()) <= 3 for part in menu):
            return True
    tokens = text.replace("|", " ").split()
    return len(tokens) >= 2 and _PAGE_TOKEN.match(tokens[0]) is not None \
        and all(_PAGE_TOKEN.match(token) for token in tokens) \
        and any(token.isdigit() for token in tokens)


def repeated_lines(lines: Sequence[Line]) -> frozenset[str]:
    """Short lines that stand at least REPEATED_MIN times on one page ("Artikel merken"
    under every teaser); one-word labels ("bericht") excepted, which may mark every item."""
    counts = Counter(line.text for line in lines if line.kind is Kind.SHORT)
    return frozenset(text for text, count in counts.items()
                     if count >= REPEATED_MIN and not is_label(text))


Candidate = tuple[int, str, str, bool]  # line number, text, next line's text, next is prose


def site_chrome_candidates(lines: Sequence[Line]) -> tuple[Candidate, ...]:
    """The short lines (no sentence) of a page that may be site chrome, each with the next
    content line and whether that is a paragraph; lower-case labels of items ("interview")
    are none."""
    content = [line for line in lines if line.kind is not Kind.BLANK]
    return tuple((line.number, line.text, following.text if following else "",
                  following is not None and following.kind in (Kind.TEXT, Kind.DATED))
                 for line, following in zip(content, [*content[1:], None])
                 if line.kind is Kind.SHORT and not (is_label(line.text) and line.text.islower()))


def recurring_lines(pages: Iterable[Sequence[Candidate]], minimum: int = 2) -> frozenset[str]:
    """Of the pages' `site_chrome_candidates`, the lines that stand on at least `minimum`
    pages above different lines: site chrome. A line that always heads the same next line
    is one story seen on several pages; so is one above paragraphs that tell the same story
    (its lead edited, see `_unrelated`): neither is chrome."""
    seen: dict[str, tuple[set[int], set[str]]] = {}
    above_prose: dict[str, list[str]] = {}
    for page_number, candidates in enumerate(pages):
        for _, text, following, prose in candidates:
            pages_seen, nexts = seen.setdefault(text, (set(), set()))
            pages_seen.add(page_number)
            nexts.add(following)
            if prose:
                above_prose.setdefault(text, []).append(following)
    return frozenset(text for text, (pages_seen, nexts) in seen.items()
                     if len(pages_seen) >= minimum and len(nexts) >= 2
                     and _unrelated(above_prose.get(text, [])))


UNRELATED_OVERLAP = 0.3  # paragraphs sharing more of their words tell one story


def _unrelated(paragraphs: list[str]) -> bool:
    """Whether no two of `paragraphs` share more than `UNRELATED_OVERLAP` of their words."""
    words = [set(paragraph.lower().split()) for paragraph in paragraphs]
    return all(len(first & second) <= UNRELATED_OVERLAP * min(len(first), len(second))
               for index, first in enumerate(words) for second in words[index + 1:])
