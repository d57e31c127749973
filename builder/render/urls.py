"""Where every page lives. Paths are relative to the site root and end in index.html, so that
relative links work under any base path and when the site is opened from disk."""
from __future__ import annotations


from builder.model import Entry

HOME = "index.html"
REGIONS = "regionen/index.html"
TOPICS = "themen/index.html"
ARCHIVE = "archiv/index.html"
UNDATED = "undatiert/index.html"
SEARCH = "suche/index.html"
ENTRY_PATTERN = "artikel/ID/index.html"  # the search script puts an entry id in place of ID
NOT_FOUND = "404.html"
FEED = "feed.xml"
STYLESHEET = "assets/style.css"


def entry(item: Entry) -> str:
    return f"artikel/{item.id}/index.html"


def _listing(folder: str, page: int | None) -> str:
    """A listing's own page, or its older page number `page` (1 is the oldest)."""
    return f"{folder}/seite/{page}/index.html" if page else f"{folder}/index.html"


def region(slug: str, page: int | None = None) -> str:
    return _listing(f"regionen/{slug}", page)


def topic(slug: str, page: int | None = None) -> str:
    return _listing(f"themen/{slug}", page)


def term_feed(kind: str, slug: str) -> str:
    return f"{'regionen' if kind == 'region' else 'themen'}/{slug}/feed.xml"


def year(number: int, page: int | None = None) -> str:
    return _listing(f"archiv/{number}", page)


def relative(from_page: str, target: str) -> str:
    """The link from one site path to another ("../../regionen/bayern/index.html"), as
    posixpath.relpath gives it, for the plain paths of this module (no "." or "..")."""
    folder = from_page.split("/")[:-1]
    parts = target.split("/")
    common = 0
    while common < len(folder) and common < len(parts) - 1 and folder[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(folder) - common) + parts[common:]) or "."


def absolute(base_url: str, target: str) -> str:
    """The public URL of a site path, without a trailing index.html."""
    return base_url + target.removesuffix("index.html")
