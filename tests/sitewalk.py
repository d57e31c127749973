"""Walks a built site: every page's links and asset references, resolved on disk."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

URL_ATTRIBUTES = {"href", "src", "action", "poster", "data", "srcset"}


class _Page(HTMLParser):
    """The ids, `<base href>` and URL-valued attributes of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.references: list[tuple[str, str]] = []  # (tag, url)
        self.ids: set[str] = set()
        self.base: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "base":
            self.base = attributes.get("href")
            return
        if tag == "link" and attributes.get("rel") == "canonical":
            return  # meta data naming the public URL, not a request
        for name in URL_ATTRIBUTES & attributes.keys():
            values = attributes[name].split(",") if name == "srcset" else [attributes[name]]
            self.references += [(tag, value.split()[0]) for value in values if value.strip()]


def parse(page: Path) -> _Page:
    parsed = _Page()
    parsed.feed(page.read_text(encoding="utf-8"))
    return parsed


def check_site(site: Path) -> tuple[list[str], list[str]]:
    """(broken internal references, references leaving the site) over every HTML page.

    A page with `<base href="/path/">` (the 404 page) resolves links from the site root.
    """
    pages = {page: parse(page) for page in sorted(site.rglob("*.html"))}
    broken, external = [], []
    for page, parsed in pages.items():
        name = page.relative_to(site).as_posix()
        folder = site if parsed.base else page.parent
        for tag, value in parsed.references:
            url, fragment = urldefrag(value)
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                external.append(f"{name}: <{tag}> {value}")
                continue
            if url.startswith("/"):
                broken.append(f"{name}: root-relative {value} breaks under a sub-path and on disk")
                continue
            target = (folder / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                broken.append(f"{name}: {value} is a folder (no index.html) and fails from disk")
            elif not target.is_file():
                broken.append(f"{name}: {value} does not exist")
            elif fragment and target in pages and fragment not in pages[target].ids:
                broken.append(f"{name}: {value} has no element with id {fragment}")
    return broken, external
