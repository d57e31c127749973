"""Line kinds: what a single raw line looks like, before the page's structure gives it a role.

Classification looks at one line alone. Whether a short line is a heading, an image's alt text
or chrome, and whether a date line is the page's view date or an item's date, is decided by
the page driver and the layouts from the lines around it.
"""
from __future__ import annotations

import enum
import html
import re
from dataclasses import dataclass

from builder.ingest.dates import MONTHS, ImpossibleDate, looks_like_date, parse_german_date


class Kind(enum.Enum):
    BLANK = "blank"
    DATE = "date"              # a line that is only a date: the page's view date or an item's
    STAND = "stand"            # "Stand: 13.02.2025": when the page was last changed
    SECTION = "section"        # "Weitere Meldungen ... aus dem Bereich: Politik"
    NUMBERED = "numbered"      # "2. Veröffentlichungen": a numbered newsletter section
    BULLET = "bullet"          # "- text"
    DATED = "dated"            # "[13.02.2025] text"
    IMAGE = "image"            # an <image>/<img> tag line
    CREDIT = "credit"          # "(Bildquelle: …)"
    SHORT = "short"            # short line without closing punctuation: heading, alt, label
    TEXT = "text"              # prose
    CHROME = "chrome"          # given by the page driver only: chrome by vocabulary or shape


_SECTION = re.compile(r"^.{0,80}\b(?:Bereich|Rubrik|Ressort|Kategorie)\s*:\s*(?P<name>[^:]{1,60})$")
_NUMBERED = re.compile(r"^(?P<number>\d{1,2})\.\s+(?P<name>[^\d\W][^.!?]{0,70})$")
_BULLET = re.compile(r"^[-–•*·]\s+(?P<text>\S.*)$")
_DATED = re.compile(r"^\[(?P<date>[^\]\n]{4,40})\]\s*(?P<text>.*)$")
_IMAGE = re.compile(r"^<\s*(?:[\w-]+:)?(?:image|img)\b[^>]*>.*$", re.IGNORECASE)
_ALT = re.compile(r"""\balt\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""", re.IGNORECASE)
_CREDIT = re.compile(r"^\(\s*(?:Bildquelle|Bild|Foto|Fotos|Quelle|Grafik|Copyright|©)\s*:\s*"
                     r"(?P<credit>(?:[^()]|\([^()]*\))+)\)$", re.IGNORECASE)  # "Stadt Frankfurt (Oder)"
_SENTENCE_END = re.compile(r"""[.!?…:;,]["“”„'’»«)]*$""")
_WORD = re.compile(r"^[A-Za-zÄÖÜäöüß]{2,20}$")
_FILENAME = re.compile(r"^[\w.-]+$")

# Dates as pages write them without brackets. A date text is a numeric, ISO or worded date
# ("13.02.2025", "2025-02-13", "13. Februar 2025", "13 Feb. 2025"); a date line may add a
# weekday, a lead-in ("Veröffentlicht am") and a time ("10:30 Uhr").
_MONTH = "|".join(sorted({name.capitalize() for name in MONTHS} | set(MONTHS), key=len,
                         reverse=True))
DATE_TEXT = (r"(?:\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})(?!\d)|\d{4}-\d{2}-\d{2}"
             rf"|\d{{1,2}}\.?\s*(?:{_MONTH})\.?\s+\d{{4}})")
_WEEKDAY = (r"(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag"
            r"|Mo|Di|Mi|Do|Fr|Sa|So)\.?,?\s+")
_LEAD_IN = (r"(?:(?:Veröffentlicht|Erschienen|Erstellt|Publiziert|Datum|Meldung)"
            r"(?:\s+(?:am|vom))?\s*:?\s*|(?:am|vom)\s+)")
_TIME = r"(?:(?:\s*[,|–-]\s*|\s+)(?:um\s+)?\d{1,2}[:.]\d{2}(?:\s*Uhr)?)"
_DATE_LINE = re.compile(rf"^{_LEAD_IN}?(?:{_WEEKDAY})?(?P<date>{DATE_TEXT}){_TIME}?$",
                        re.IGNORECASE)
_STAND = re.compile(r"^(?:Stand|Zuletzt\s+(?:aktualisiert|geändert)|Aktualisiert|Letzte\s+"
                    rf"(?:Aktualisierung|Änderung))(?:\s+(?:am|vom))?\s*:?\s*(?:{_WEEKDAY})?"
                    rf"(?P<date>{DATE_TEXT}){_TIME}?$", re.IGNORECASE)
_TRAILING_DATE = re.compile(rf"^(?P<text>.*?)(?:\s*[|–—-]\s*|\s*[(\[]|,\s+|(?<=[.!?…“”\"»])\s+)"
                            rf"(?P<date>{DATE_TEXT})[)\]]?$")
_DATELINE = re.compile(
    r"^(?P<place>[A-ZÄÖÜ][\w.'’/-]*(?:\s+(?:am|an\s+der|im|in|in\s+der|ob\s+der|bei|v\.\s?d\."
    r"|[A-ZÄÖÜ][\w.'’/-]*)){0,3}(?:\s*\([^()]{1,25}\))?)"
    rf",\s+(?:den\s+)?(?P<date>{DATE_TEXT})\s*(?:[–—-]|:|\.)\s+(?P<text>\S.*)$")
_DIGIT = re.compile(r"\d")
_HEADING_START = re.compile(r"^[A-ZÄÖÜ0-9„\"»‚']")
_LATIN_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{3}")
_UNUSUAL = re.compile(r"[^\x20-\x7eÄÖÜäöüßÀ-ÿ–—‘’‚“”„«»…€§]")

SHORT_MAX_CHARS = 120
SHORT_MAX_WORDS = 16
DATE_LINE_MAX_CHARS = 60


@dataclass(frozen=True)
class Line:
    """A raw line with its 1-based number and kind."""
    number: int
    text: str
    kind: Kind


def classify(text: str) -> Kind:
    """The kind of one (normalised, stripped) line."""
    if not text:
        return Kind.BLANK
    first = text[0]
    if first == "<" and _IMAGE.match(text):
        return Kind.IMAGE
    if first == "(" and _CREDIT.match(text):
        return Kind.CREDIT
    if len(text) <= DATE_LINE_MAX_CHARS and _has_digit(text):
        if date_line(text) is not None:
            return Kind.DATE
        if stand_date(text) is not None:
            return Kind.STAND
    if first == "[" and _is_dated(text):
        return Kind.DATED
    if _BULLET.match(text):
        return Kind.BULLET
    if _SECTION.match(text):
        return Kind.SECTION
    if first.isdigit() and _NUMBERED.match(text):
        return Kind.NUMBERED
    if len(text) <= SHORT_MAX_CHARS and len(text.split()) <= SHORT_MAX_WORDS \
            and not _ends_sentence(text):
        return Kind.SHORT
    return Kind.TEXT


def _ends_sentence(text: str) -> bool:
    """Whether `text` ends a sentence, perhaps followed by its date ("… online. (3.3.2025)")."""
    if _SENTENCE_END.search(text):
        return True
    dated = split_trailing_date(text)
    return dated is not None and bool(_SENTENCE_END.search(dated[0]))


def _has_digit(text: str) -> bool:
    return _DIGIT.search(text) is not None


def date_line(text: str) -> str | None:
    """The date of a line that is only a date ("Montag, 13. Februar 2025, 10:30 Uhr",
    "Veröffentlicht am 13.02.2025"), or None."""
    match = _DATE_LINE.match(text)
    return match["date"] if match and looks_like_date(match["date"]) else None


def stand_date(text: str) -> str | None:
    """The date of a "Stand: 13.02.2025" / "Zuletzt aktualisiert am …" line, or None."""
    match = _STAND.match(text)
    return match["date"] if match and looks_like_date(match["date"]) else None


def split_trailing_date(text: str) -> tuple[str, str] | None:
    """(text, date) from a line that ends in a date set off from it ("Neues Portal –
    13.02.2025", "… ist online. (13.02.2025)"); None when no date ends the line or it runs
    on from the words before ("bis zum 13.02.2025")."""
    tail = text[-18:]
    if not (_has_digit(tail[-4:]) or tail.endswith((")", "]"))) or not ("." in tail or "-" in tail):
        return None
    match = _TRAILING_DATE.match(text)
    if not match or not match["text"].strip() or not looks_like_date(match["date"]):
        return None
    return match["text"].strip(), match["date"]


def dateline(text: str) -> tuple[str, str, str] | None:
    """(place, date, text) of a press release paragraph that opens with a dateline
    ("Köln, 3. März 2025 – Die Stadt …"), or None."""
    match = _DATELINE.match(text)
    if not match or not looks_like_date(match["date"]):
        return None
    return match["place"].strip(), match["date"], match["text"].strip()


def looks_like_heading(text: str) -> bool:
    """A line shaped like a headline: two words or more of ordinary letters, opening with a
    capital, a digit or a quotation mark, and without strange characters."""
    return (len(text.split()) >= 2 and bool(_HEADING_START.match(text))
            and bool(_LATIN_WORD.search(text)) and len(_UNUSUAL.findall(text)) <= len(text) // 20)


def _is_dated(text: str) -> bool:
    match = _DATED.match(text)
    return match is not None and looks_like_date(match["date"])


def split_dated(text: str) -> tuple[str, str]:
    """("13.02.2025", "text") from "[13.02.2025] text"."""
    match = _DATED.match(text)
    assert match is not None, text  # called for dated lines only
    return match["date"].strip(), match["text"].strip()


def date_of(date_text: str):
    """The date of a date text, or (None, reason) when impossible."""
    try:
        return parse_german_date(date_text), None
    except ImpossibleDate as error:
        return None, str(error)


def section_name(text: str) -> str:
    match = _SECTION.match(text)
    assert match is not None, text  # called for lines of this kind only
    return match["name"].strip()


def numbered_name(text: str) -> str:
    match = _NUMBERED.match(text)
    assert match is not None, text  # called for lines of this kind only
    return match["name"].strip()


def bullet_text(text: str) -> str:
    match = _BULLET.match(text)
    assert match is not None, text  # called for lines of this kind only
    return match["text"].strip()


def image_alt(text: str) -> str | None:
    """The alt attribute of an image tag line (HTML entities decoded), if it has one."""
    match = _ALT.search(text)
    if not match:
        return None
    return html.unescape(match["dq"] if match["dq"] is not None else match["sq"]).strip() or None


def credit_text(text: str) -> str:
    match = _CREDIT.match(text)
    assert match is not None, text  # called for lines of this kind only
    return match["credit"].strip()


def is_label(text: str) -> bool:
    """A one-word line such as "bericht" or "Interview": an article type label."""
    return bool(_WORD.match(text))


def is_file_name(text: str) -> bool:
    """An image placeholder that is a file name ("muenchen_neues_rathaus"), not alt text."""
    return bool(_FILENAME.match(text)) and ("_" in text or "-" in text or "." in text)
