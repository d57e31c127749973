"""Line kinds: what a single raw line looks like, before layouts give it a role.

Classification looks at one line alone. Whether a short line is a heading, an image's alt text
or a label is decided by the layouts from the lines around it.
"""
from __future__ import annotations

import enum
import html
import re
from dataclasses import dataclass

from builder.ingest.dates import ImpossibleDate, looks_like_date, parse_german_date


class Kind(enum.Enum):
    BLANK = "blank"
    PAGE_DATE = "page date"    # a line that is only a date: when the page was shown
    SHOP = "shop"              # ordering, subscription and issue lines
    SECTION = "section"        # "Weitere Meldungen ... aus dem Bereich: Politik"
    NUMBERED = "numbered"      # "2. Veröffentlichungen": a numbered newsletter section
    BULLET = "bullet"          # "- text"
    DATED = "dated"            # "[13.02.2025] text"
    IMAGE = "image"            # an <image>/<img> tag line
    CREDIT = "credit"          # "(Bildquelle: …)"
    SHORT = "short"            # short line without closing punctuation: heading, alt, label
    TEXT = "text"              # prose


SHOP_PATTERNS = (
    re.compile(r"^Ausgabe\s+\d{1,2}\s*/\s*\d{2,4}\b", re.IGNORECASE),
    re.compile(r"^(?:Ausgabe|Heft|Abo|Abonnement|Newsletter|Einzelheft|Probeheft)\s+"
               r"(?:jetzt\s+)?(?:bestellen|abonnieren|kaufen|testen)\b", re.IGNORECASE),
    re.compile(r"^(?:Jetzt\s+)?(?:bestellen|abonnieren|Anzeige|Werbung)$", re.IGNORECASE),
)
_SECTION = re.compile(r"^.{0,80}\b(?:Bereich|Rubrik|Ressort|Kategorie)\s*:\s*(?P<name>[^:]{1,60})$")
_NUMBERED = re.compile(r"^(?P<number>\d{1,2})\.\s+(?P<name>[^\d\W][^.!?]{0,70})$")
_BULLET = re.compile(r"^[-–•*·]\s+(?P<text>\S.*)$")
_DATED = re.compile(r"^\[(?P<date>[^\]\n]{4,40})\]\s*(?P<text>.*)$")
_IMAGE = re.compile(r"^<\s*(?:[\w-]+:)?(?:image|img)\b[^>]*>.*$", re.IGNORECASE)
_ALT = re.compile(r"""\balt\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""", re.IGNORECASE)
_CREDIT = re.compile(r"^\(\s*(?:Bildquelle|Bild|Foto|Fotos|Quelle|Grafik|Copyright|©)\s*:\s*"
                     r"(?P<credit>[^)]+)\)$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"""[.!?…:;,]["“”„'’»«)]*$""")
_MORE_TAIL = re.compile(r"""\s*(?:\b(?:mehr|weiter(?:lesen)?)\b[\w ]{0,20}?)\s*(?:\.{2,}|…)\s*$""",
                        re.IGNORECASE)
_WORD = re.compile(r"^[A-Za-zÄÖÜäöüß]{2,20}$")
_FILENAME = re.compile(r"^[\w.-]+$")

SHORT_MAX_CHARS = 120
SHORT_MAX_WORDS = 16


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
    if _IMAGE.match(text):
        return Kind.IMAGE
    if _CREDIT.match(text):
        return Kind.CREDIT
    if any(pattern.search(text) for pattern in SHOP_PATTERNS):
        return Kind.SHOP
    if len(text) <= 40 and looks_like_date(text):
        return Kind.PAGE_DATE
    if _is_dated(text):
        return Kind.DATED
    if _BULLET.match(text):
        return Kind.BULLET
    if _SECTION.match(text):
        return Kind.SECTION
    if _NUMBERED.match(text):
        return Kind.NUMBERED
    if len(text) <= SHORT_MAX_CHARS and len(text.split()) <= SHORT_MAX_WORDS \
            and not _SENTENCE_END.search(text):
        return Kind.SHORT
    return Kind.TEXT


def _is_dated(text: str) -> bool:
    match = _DATED.match(text)
    return bool(match) and looks_like_date(match["date"])


def split_dated(text: str) -> tuple[str, str]:
    """("13.02.2025", "text") from "[13.02.2025] text"."""
    match = _DATED.match(text)
    return match["date"].strip(), match["text"].strip()


def date_of(date_text: str):
    """The date of a bracketed date text, or (None, reason) when impossible."""
    try:
        return parse_german_date(date_text), None
    except ImpossibleDate as error:
        return None, str(error)


def section_name(text: str) -> str:
    return _SECTION.match(text)["name"].strip()


def numbered_name(text: str) -> str:
    return _NUMBERED.match(text)["name"].strip()


def bullet_text(text: str) -> str:
    return _BULLET.match(text)["text"].strip()


def image_alt(text: str) -> str | None:
    """The alt attribute of an image tag line (HTML entities decoded), if it has one."""
    match = _ALT.search(text)
    if not match:
        return None
    return html.unescape(match["dq"] if match["dq"] is not None else match["sq"]).strip() or None


def credit_text(text: str) -> str:
    return _CREDIT.match(text)["credit"].strip()


def strip_more_tail(text: str) -> tuple[str, bool]:
    """Text without a trailing "mehr..." / "Mehr erfahren…" link; and whether one was cut."""
    stripped = _MORE_TAIL.sub("", text)
    return stripped.rstrip(), stripped != text


def is_label(text: str) -> bool:
    """A one-word line such as "bericht" or "Interview": an article type label."""
    return bool(_WORD.match(text))


def is_file_name(text: str) -> bool:
    """An image placeholder that is a file name ("muenchen_neues_rathaus"), not alt text."""
    return bool(_FILENAME.match(text)) and ("_" in text or "-" in text or "." in text)
