"""What only `digest serve` shows: the review queue as a page (`REVIEW_PAGE`) and, on each
flagged entry's page, a panel with its flags and their source lines. A published build has
neither: the entry template shows the panel only where the context says `preview`."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from builder.model import Entry
from builder.render.pages import HtmlPage
from builder.review import Flag, grouped
from builder.sitemodel import urls

REVIEW_PAGE = "_review/index.html"


def flag_context(flag: Flag) -> dict:
    """A flag as plain values (page contexts are keyed by their values)."""
    return {"field": flag.field, "path": flag.path, "line": flag.line, "value": flag.value,
            "entry_id": flag.entry_id,
            "sources": [{"file": cited.file, "first": cited.first, "more": cited.more,
                         "lines": [list(line) for line in cited.lines]}
                        for cited in flag.sources]}


def with_review_panels(pages: Iterable[HtmlPage], flags: list[Flag]) -> Iterator[HtmlPage]:
    """The pages with `preview` set, each entry page with its open flags (`review_flags`)."""
    by_entry: dict[str, list[dict]] = {}
    for flag in flags:
        by_entry.setdefault(flag.entry_id, []).append(flag_context(flag))
    for page in pages:
        entry = page.context.get("entry") if page.template == "entry.html" else None
        extra = {"review_flags": by_entry.get(entry.id, [])} if isinstance(entry, Entry) else {}
        yield page._replace(context={**page.context, "preview": True, "review_page": REVIEW_PAGE,
                                     **extra})


def review_page(flags: list[Flag], entries: list[Entry]) -> HtmlPage:
    """The page of the review queue: the flags by field, each linked to its entry's page
    where the preview has one."""
    pages = {entry.id: urls.entry(entry) for entry in entries}
    groups = [[field, [{**flag_context(flag), "page": pages.get(flag.entry_id, "")}
                       for flag in members]]
              for field, members in grouped(flags).items()]
    return HtmlPage(REVIEW_PAGE, "review.html", {"groups": groups, "count": len(flags),
                                                 "preview": True})
