"""Headings: splitting kickers from titles, and deriving a headline where a source has none."""
from __future__ import annotations

import re

_GLUED = re.compile(r"(?<=[a-zäöüß]{3})(?=[A-ZÄÖÜ][a-zäöüß])")
_KICKER = re.compile(r"^(?P<kicker>[^:]{2,50}?)\s*:\s+(?P<title>\S.*)$")
_SENTENCE_END = re.compile(r"""[.!?]["“”»']?(?=\s+["„“«]?[A-ZÄÖÜ0-9])""")
_ABBREVIATIONS = {"Dr", "Nr", "bzw", "ca", "vgl", "Prof", "St", "Abs", "Mio", "Mrd", "inkl",
                  "usw", "etc", "evtl", "ggf", "Hrsg", "Tel", "Str"}
_WORD_BEFORE = re.compile(r"([\w.]*)$")
HEADLINE_MAX = 80
SUMMARY_MAX = 320


def split_heading(heading: str) -> tuple[str | None, str, bool]:
    """(kicker, title, guessed) from "Ort: Titel" or a glued "OrtTitel" heading.

    `guessed` is True for a glued split, which rests on letter case alone.
    """
    match = _KICKER.match(heading)
    if match and len(match["kicker"].split()) <= 5:
        return match["kicker"].strip(), match["title"].strip(), False
    for glue in _GLUED.finditer(heading):
        kicker, title = heading[:glue.start()].strip(), heading[glue.start():].strip()
        if len(kicker.split()) <= 5 and len(title.split()) >= 2:
            return kicker, title, True
    return None, heading, False


def sentences(text: str) -> list[str]:
    """Sentences of German prose (abbreviations and ordinal dates do not end a sentence)."""
    parts, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if not _ends_sentence(text[start:match.start()]):
            continue
        parts.append(text[start:match.end()].strip())
        start = match.end()
    rest = text[start:].strip()
    return parts + ([rest] if rest else [])


def _ends_sentence(before: str) -> bool:
    """Whether a full stop after `before` ends a sentence (not "Dr.", "e.V.", "10.")."""
    word = _WORD_BEFORE.search(before).group(1)
    return not (word in _ABBREVIATIONS or "." in word or (word.isdigit() and len(word) <= 2)
                or (len(word) == 1 and word.isalpha()))


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    for separator in (": ", " – ", " - ", "; "):
        position = text.rfind(separator, 0, limit)
        if position >= 20:
            return text[:position].rstrip(" ,;:")
    position = text.rfind(" ", 0, limit)
    return text[:position if position > 0 else limit].rstrip(" ,;:") + " …"


def derive_headline(text: str) -> str:
    """A short readable headline from the first sentence of `text` (at most ~80 chars)."""
    first = (sentences(text) or [text])[0]
    first = re.sub(r"[.!?]+$", "", first).strip()
    return _cut(first, HEADLINE_MAX) or text[:HEADLINE_MAX]


def lead(paragraphs: list[str]) -> str:
    """A summary from the opening sentences of a body, at most ~320 characters."""
    text = " ".join(paragraphs)
    summary = ""
    for sentence in sentences(text):
        if summary and len(summary) + len(sentence) + 1 > SUMMARY_MAX:
            break
        summary = f"{summary} {sentence}".strip()
    return _cut(summary, SUMMARY_MAX + 80) if summary else text[:SUMMARY_MAX]
