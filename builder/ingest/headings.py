"""Headings: splitting kickers from titles, and deriving a headline where a source has none."""
from __future__ import annotations

import re
from collections.abc import Callable

# Where a kicker is glued to its title: a small letter before a capitalised word ("KölnNeue"),
# a closing parenthesis before a word or quote ("Frankfurt (Oder)Neues", "(Oder)„Wir"), a
# word before an opening quotation mark ("Hamburg„Wir sind …“"), a digit before a
# capitalised word ("Digitalpakt 2.0Landkreis").
_GLUED = re.compile(r"(?<=[a-zäöüß]{3})(?=[A-ZÄÖÜ][a-zäöüß])|(?<=[)\]])(?=[A-ZÄÖÜ0-9„»‚\"])"
                    r"|(?<=[A-Za-zÄÖÜäöüß)])(?=[„»‚])|(?<=\d)(?=[A-ZÄÖÜ][a-zäöüß]{2})")
# Where letter case cannot tell: a small letter before an acronym, a hyphen or a digit
# ("LeverkusenKI-Strategie", "Kreis Soest5G-Netz"); only a known place before it decides.
_CASELESS_GLUE = re.compile(r"(?<=[a-zäöüß])(?=[A-ZÄÖÜ]{2}|[A-ZÄÖÜ]-|\d)")
_KICKER = re.compile(r"^(?P<kicker>[^:]{2,50}?)\s*:\s+(?P<title>\S.*)$")
_SENTENCE_END = re.compile(r"""[.!?]["“”»']?(?=\s+["„“«]?[A-ZÄÖÜ0-9])""")
_ABBREVIATIONS = {"Dr", "Nr", "bzw", "ca", "vgl", "Prof", "St", "Abs", "Mio", "Mrd", "inkl",
                  "usw", "etc", "evtl", "ggf", "Hrsg", "Tel", "Str"}
_WORD_BEFORE = re.compile(r"([\w.]*)$")
HEADLINE_MAX = 80
HEADLINE_WHOLE = 130     # a first sentence this short is the whole headline
HEADLINE_MIN_CLAUSE = 40  # a main clause shorter than this is no headline
HEADLINE_CUT = 110       # where a long sentence without a clause boundary is cut
# A comma before a word that opens a subordinate or infinitive clause: the end of a main clause.
_SUBORDINATE = re.compile(r",(?= (?:um|ohne|statt|anstatt|die|der|das|dem|den|deren|dessen|denen|"
                          r"wodurch|womit|wobei|wofür|worin|weil|dass|damit|sodass|wenn|ob|"
                          r"nachdem|während|indem|obwohl|wie|was|wo|in|mit|bei|für|an|auf|"
                          r"aus|zu|über|unter|von) )")
SUMMARY_MAX = 320
KICKER_MAX_WORDS = 5
PLACE_MAX_WORDS = 3


def split_heading(heading: str, is_place: Callable[[str], bool] | None = None
                  ) -> tuple[str | None, str, bool]:
    """(kicker, title, guessed) from "Ort: Titel" or a glued "OrtTitel" heading.

    A glued heading is split at its first glue of letter case or punctuation; where only an
    acronym, a hyphen or a digit follows the kicker, at the end of the longest text that
    `is_place` knows. `guessed` is True for every glued split: an editor should check it.
    """
    match = _KICKER.match(heading)
    if match and len(match["kicker"].split()) <= KICKER_MAX_WORDS:
        return match["kicker"].strip(), match["title"].strip(), False
    cut = next((glue.start() for glue in _GLUED.finditer(heading)
                if _fits(heading, glue.start())), None)
    if cut is None and is_place is not None:
        cut = _place_cut(heading, is_place)
    if cut is None:
        return None, heading, False
    return heading[:cut].strip(), heading[cut:].strip(), True


def _fits(heading: str, cut: int) -> bool:
    """A kicker of a few words before `cut` and a title of two words or more after it."""
    return 0 < len(heading[:cut].split()) <= KICKER_MAX_WORDS and len(heading[cut:].split()) >= 2


def _place_cut(heading: str, is_place: Callable[[str], bool]) -> int | None:
    """The last caseless glue that ends a known place name (the longest kicker), if any."""
    for glue in reversed(list(_CASELESS_GLUE.finditer(heading))):
        cut = glue.start()
        words = heading[:cut].split()
        if _fits(heading, cut) and any(is_place(" ".join(words[-count:]))
                                       for count in range(min(PLACE_MAX_WORDS, len(words)), 0, -1)):
            return cut
    return None


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
    found = _WORD_BEFORE.search(before)
    assert found is not None  # the pattern matches every string (at least the empty word at its end)
    word = found.group(1)
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
    """A headline for an item that has none, from the first sentence of `text`: the sentence
    if it has at most `HEADLINE_MAX` characters, else its part before a colon or dash; else
    the whole sentence if it is not too long (`HEADLINE_WHOLE`), else its main clause (the
    part before a comma that opens a subordinate clause: "…, um …", "…, die …"); only a
    sentence without such a comma is cut at a word and ends in "…"."""
    first = (sentences(text) or [text])[0]
    first = re.sub(r"[.!?]+$", "", first).strip()
    short = _cut(first, HEADLINE_MAX)
    if not short.endswith(" …"):
        return short or text[:HEADLINE_CUT]
    if len(first) <= HEADLINE_WHOLE:
        return first
    clauses = [match.start() for match in _SUBORDINATE.finditer(first)
               if HEADLINE_MIN_CLAUSE <= match.start() <= HEADLINE_WHOLE]
    if clauses:
        return first[:clauses[-1]]
    return _cut(first, HEADLINE_CUT)


PARAGRAPH_MAX = 700  # a longer paragraph of a source is cut into paragraphs of
PARAGRAPH_SENTENCES = 3  # about this many sentences, at its sentence ends


def readable_paragraphs(paragraph: str) -> list[str]:
    """A long paragraph (longer than `PARAGRAPH_MAX`) as paragraphs of at least
    `PARAGRAPH_SENTENCES` sentences, never breaking inside a quotation („…“) and never
    leaving a single sentence at the end; a shorter one as it is. Scraped pages often lose
    an article's paragraph breaks, which leaves one block of text."""
    if len(paragraph) <= PARAGRAPH_MAX:
        return [paragraph]
    groups: list[list[str]] = [[]]
    for sentence in sentences(paragraph):
        group = groups[-1]
        group.append(sentence)
        text = " ".join(group)
        if len(group) >= PARAGRAPH_SENTENCES and text.count("„") == text.count("“"):
            groups.append([])
    if not groups[-1]:
        groups.pop()
    if len(groups) > 1 and len(groups[-1]) < PARAGRAPH_SENTENCES:
        groups[-2:] = [groups[-2] + groups[-1]]
    return [" ".join(group) for group in groups]


def lead(paragraphs: list[str]) -> str:
    """A summary from the opening sentences of a body, at most ~320 characters."""
    text = " ".join(paragraphs)
    summary = ""
    for sentence in sentences(text):
        if summary and len(summary) + len(sentence) + 1 > SUMMARY_MAX:
            break
        summary = f"{summary} {sentence}".strip()
    return _cut(summary, SUMMARY_MAX + 80) if summary else text[:SUMMARY_MAX]
