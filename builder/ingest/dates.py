"""German dates: exact dates the source states, and hints where it only says roughly when.

Fast regex paths cover the usual formats; anything else goes to `dateparser` with fixed
settings (German only, absolute dates only, all of day, month and year required), so that no
result depends on today's date, the time zone or the machine's locale.
"""
from __future__ import annotations

import datetime
import re
from functools import lru_cache

from builder.model import FIRST_YEAR, LAST_YEAR

MONTHS = {
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
    "jan": 1, "feb": 2, "mär": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "okt": 10, "nov": 11, "dez": 12,
}
MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august",
              "september", "october", "november", "december")
WEEKDAYS = ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")

_NUMERIC = re.compile(r"(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>\d{4}|\d{2})")
_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})")
_WORDED = re.compile(r"(?P<d>\d{1,2})\.\s*(?P<m>[A-Za-zÄÖÜäöü]+)\.?\s+(?P<y>\d{4})")
_WEEKDAY_PREFIX = re.compile(rf"^(?:{'|'.join(WEEKDAYS)}),?\s*", re.IGNORECASE)

_MONTH_WORDS = "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
_SEASONS = "Frühjahr|Frühling|Sommer|Herbst|Winter|Jahresbeginn|Jahresanfang|Jahresende"
_HINT = re.compile(
    rf"(?<!\w)(?:(?:Anfang|Mitte|Ende)\s+)?"
    rf"(?:(?:{_MONTH_WORDS})\w*|(?:{_SEASONS}))"
    rf"(?:\s+(?P<year>(?:19|20)\d\d))?(?!\w)")

DATEPARSER_SETTINGS = {
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "first",
    "PARSERS": ["absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "STRICT_PARSING": True,
    "RELATIVE_BASE": datetime.datetime(2000, 1, 1),
    "RETURN_AS_TIMEZONE_AWARE": False,
}



class ImpossibleDate(ValueError):
    """The text has the shape of a date, but no such day exists (say 31.02.2025), or its year
    lies outside FIRST_YEAR..LAST_YEAR (say 01.01.0001)."""


def _build(year_text: str, month: int, day: int) -> datetime.date:
    """The date of day, month and a year as written: only a two-digit year gets a century
    ("25" is 2025, "85" is 1985); four digits are taken as they stand ("0099" is 99)."""
    year = int(year_text)
    if len(year_text) == 2:
        year += 2000 if year < 70 else 1900
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _out_of_range(f"{day:02d}.{month:02d}.{year_text}", year)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ImpossibleDate(f"{day:02d}.{month:02d}.{year} is not a calendar date") from None


def _out_of_range(written: str, year: int) -> ImpossibleDate:
    return ImpossibleDate(f"{written}: year {year} is outside {FIRST_YEAR}–{LAST_YEAR}, "
                          f"not taken as a date")


def parse_german_date(text: str) -> datetime.date | None:
    """The date that `text` (and nothing more) states, None when it is not a full date.

    Raises ImpossibleDate for well-formed but impossible dates, and for dates whose year lies
    outside FIRST_YEAR..LAST_YEAR (on every path, dateparser's included).
    """
    text = _WEEKDAY_PREFIX.sub("", text.strip())
    for pattern in (_NUMERIC, _ISO):
        match = pattern.fullmatch(text)
        if match:
            return _build(match["y"], int(match["m"]), int(match["d"]))
    match = _WORDED.fullmatch(text)
    if match and match["m"].lower() in MONTHS:
        return _build(match["y"], MONTHS[match["m"].lower()], int(match["d"]))
    if not re.search(r"\d{4}", text) or len(text) > 40 or _possible_parts(text) < 3:
        return None
    return _dateparser(text)


def _possible_parts(text: str) -> int:
    """At most how many date parts dateparser could read in `text`: a digit run of up to four
    digits is one, a longer run may be three, and every German month or number word it
    knows (counted as substrings, so never too few) is one. It requires three."""
    runs = re.findall(r"\d+", text)
    lowered = text.lower()
    words = sum(lowered.count(word) for word in _part_words())
    return sum(1 if len(run) <= 4 else 3 for run in runs) + words


@lru_cache(maxsize=1)
def _part_words() -> tuple[str, ...]:
    """The month names and number words of dateparser's German locale, lower case."""
    from dateparser.languages.loader import default_loader

    info = default_loader.get_locale("de").info
    months = [name for month in MONTH_KEYS for name in info[month]]
    numbers = [word for simplification in info["simplifications"] for word in simplification]
    return tuple(sorted({word.lower() for word in months + numbers}))


def _dateparser(text: str) -> datetime.date | None:
    """dateparser's reading of `text`; ImpossibleDate when its year is out of range."""
    parsed = _dateparser_parse(text)
    if parsed is not None and not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise _out_of_range(text, parsed.year)
    return parsed


@lru_cache(maxsize=4096)
def _dateparser_parse(text: str) -> datetime.date | None:
    import dateparser  # imported lazily: the regex paths above cover nearly every source

    parsed = dateparser.parse(text, languages=["de"], settings=DATEPARSER_SETTINGS)
    return parsed.date() if parsed else None


def looks_like_date(text: str) -> bool:
    """True when `text` is a date, possible or not (used to classify lines)."""
    try:
        return parse_german_date(text) is not None
    except ImpossibleDate:
        return True


def find_date_hint(text: str) -> str | None:
    """The rough times a text gives ("Novemberwochenende 2017", "Anfang November"), if any.

    A season counts only with a year ("Sommer 2019"); several hints are joined with "; "
    in text order, so the editor sees everything the text says.
    """
    hints: list[str] = []
    for match in _HINT.finditer(text):
        phrase = match.group()
        is_month = re.match(rf"(?:(?:Anfang|Mitte|Ende)\s+)?(?:{_MONTH_WORDS})", phrase)
        if (match["year"] or is_month) and phrase not in hints:
            hints.append(phrase)
    return "; ".join(hints[:3]) or None
