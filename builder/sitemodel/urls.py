"""Where every page lives. Paths are relative to the site root and end in index.html, so that
relative links work under any base path and when the site is opened from disk."""
from __future__ import annotations

from builder.model import Entry

HOME = "index.html"
REGION_FOLDER = "regionen"   # the folders of the taxonomies (builder.sitemodel.taxonomies)
TOPIC_FOLDER = "themen"
YEAR_FOLDER = "archiv"
PLACE_FOLDER = "orte"
UNDATED = "undatiert/index.html"
SEARCH = "suche/index.html"
ENTRY_PATTERN = "artikel/ID/index.html"  # the search script puts an entry id in place of ID
NOT_FOUND = "404.html"
IMPRINT = "impressum/index.html"
PRIVACY = "datenschutz/index.html"
FEED = "feed.xml"
STYLESHEET = "assets/style.css"
FAVICON = "assets/favicon.svg"
FEED_STYLE = "assets/feed.css"  # how a browser shows a feed


def entry(item: Entry) -> str:
    return f"artikel/{item.id}/index.html"


def term_index(folder: str) -> str:
    """The page that lists a taxonomy's terms."""
    return f"{folder}/index.html"


def term(folder: str, slug: str, page: int | None = None) -> str:
    """A term's own page, or its older page number `page` (1 is the oldest)."""
    return f"{folder}/{slug}/seite/{page}/index.html" if page else f"{folder}/{slug}/index.html"


def term_feed(folder: str, slug: str) -> str:
    return f"{folder}/{slug}/feed.xml"


REGIONS = term_index(REGION_FOLDER)
TOPICS = term_index(TOPIC_FOLDER)
ARCHIVE = term_index(YEAR_FOLDER)


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
