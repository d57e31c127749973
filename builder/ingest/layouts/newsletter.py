"""Newsletters: numbered sections ("1. Projekte"), optional sub-headings, and bullet items
("- In Münster werden …"), each bullet one news item. A paragraph right under a bullet (no
blank line between) that another bullet or section follows continues that bullet's item; a
bullet that only names a section of the page is its table of contents."""
from __future__ import annotations

from builder.ingest import lines as L
from builder.ingest.layouts import SKIPPED, SURE, Claim, Page, RawItem, Survey
from builder.ingest.lines import Kind
from builder.ingest.moretail import strip_more_tail


class Newsletter:
    name = "newsletter"
    starts: tuple[Kind, ...] = (Kind.NUMBERED, Kind.BULLET)

    def survey(self, page: Page) -> Survey:
        """Bullets with text."""
        bullets = sum(1 for line in page.lines if line.kind is Kind.BULLET)
        return Survey(bullets, regular=bullets >= 2)

    def match(self, page: Page, start: int, section: str | None) -> Claim | None:
        if page.kind_at(start) not in (Kind.NUMBERED, Kind.BULLET):
            return None
        claim = Claim(start)
        heading, subheading = section, None
        index = start
        while index < len(page.lines):
            line = page.lines[index]
            if line.kind in SKIPPED:
                claim.chrome.append((line.number, page.reasons.get(index, "blank line")))
            elif line.kind is Kind.NUMBERED:
                heading, subheading = L.numbered_name(line.text), None
                claim.chrome.append((line.number, "newsletter section heading"))
            elif line.kind is Kind.SHORT and _starts_bullets(page, index):
                subheading = line.text
                claim.chrome.append((line.number, "newsletter sub-heading"))
            elif line.kind is Kind.TEXT and _continues_bullet(page, index) and claim.items:
                claim.items[-1].body.append(line.text)
                claim.items[-1].lines.append(line.number)
            elif line.kind is Kind.BULLET:
                text, _ = strip_more_tail(L.bullet_text(line.text))
                if text and _names_a_section(page, text):
                    claim.chrome.append((line.number, "table of contents (names a section "
                                                      "of this page)"))
                elif text:
                    claim.items.append(RawItem(page.name, line.number, [line.number], text,
                                               section=_section(heading, subheading),
                                               layout=self.name, certainty=SURE))
                else:
                    claim.chrome.append((line.number, "bullet without text"))
            else:
                break
            index += 1
            claim.end = index
        # Trailing blank and chrome lines belong to whatever follows.
        while claim.end > start and page.lines[claim.end - 1].kind in SKIPPED:
            claim.chrome.pop()
            claim.end -= 1
        return claim if claim.items else None


def _continues_bullet(page: Page, index: int) -> bool:
    """A paragraph right under a bullet, with a bullet or a section heading after it."""
    return page.kind_at(index - 1) is Kind.BULLET and \
        page.kind_at(page.next_content(index + 1)) in (Kind.BULLET, Kind.NUMBERED)


def _names_a_section(page: Page, text: str) -> bool:
    """Whether a bullet of a few words without a sentence names a numbered section of the
    page ("• Aus den Kommunen" above "2. Aus den Kommunen")."""
    if len(text.split()) > L.SHORT_MAX_WORDS or text.endswith((".", "!", "?")):
        return False
    name = text.casefold()
    return any(line.kind is Kind.NUMBERED and L.numbered_name(line.text).casefold() == name
               for line in page.lines)


def _starts_bullets(page: Page, index: int) -> bool:
    return page.kind_at(page.next_content(index + 1)) is Kind.BULLET


def _section(heading: str | None, subheading: str | None) -> str | None:
    parts = [part for part in (heading, subheading) if part]
    return " – ".join(parts) or None
