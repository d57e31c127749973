"""HTML pages: which pages exist, with which context, rendered through the theme."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterator, NamedTuple

import jinja2

from builder.model import Entry
from builder.render import urls
from builder.render.site import Site, Term, by_place, paged, split_undated
from builder.settings import SiteSettings


class Page(NamedTuple):
    """One HTML page to write: its site path, template and context (a tuple: a large site has
    one per entry, and a tuple is made several times faster than a frozen dataclass)."""
    path: str
    template: str
    context: dict


def pages(site: Site, settings: SiteSettings, search_shards: list[str]) -> Iterator[Page]:
    """Every HTML page of the site, in a fixed order. `search_shards` are the site paths of
    the search index scripts, newest first."""
    dated, undated = split_undated(site.entries)
    newest_year = next(iter(site.years), None)
    yield Page(urls.HOME, "index.html", {
        "entries": dated[:settings.entries_per_page],
        "older_year": newest_year if len(dated) > settings.entries_per_page else None,
        "undated_count": len(undated), "feed": urls.FEED})
    yield Page(urls.UNDATED, "undated.html", {"entries": undated})
    related = site.related
    for entry in site.entries:
        yield Page(urls.entry(entry), "entry.html", {"entry": entry, "related": related[entry.id]})
    yield Page(urls.REGIONS, "regions.html", {"terms": site.regions, "kind": "region"})
    for term in site.regions:
        yield from term_pages(term, "region", settings.entries_per_listing_page)
    yield Page(urls.TOPICS, "topics.html", {"terms": site.topics, "kind": "topic"})
    for term in site.topics:
        yield from term_pages(term, "topic", settings.entries_per_listing_page)
    yield Page(urls.ARCHIVE, "archive.html",
               {"years": [(year, len(entries)) for year, entries in site.years.items()],
                "undated_count": len(undated)})
    for year, entries in site.years.items():
        yield from paged_pages(entries, settings.entries_per_listing_page,
                               lambda number, y=year: urls.year(y, number), "archive_year.html",
                               {"year": year})
    yield Page(urls.SEARCH, "search.html", {"shards": search_shards, "header_search": False})
    yield Page(urls.NOT_FOUND, "404.html", {})


def term_pages(term: Term, kind: str, size: int) -> Iterator[Page]:
    """A region's or topic's own page and its older pages."""
    page_path = urls.region if kind == "region" else urls.topic
    yield from paged_pages(term.entries, size, lambda number: page_path(term.slug, number),
                           f"{kind}.html", {"name": term.name, "description": term.description,
                                            "feed": urls.term_feed(kind, term.slug)},
                           group_by_place=kind == "region")


def paged_pages(entries: list[Entry], size: int, path_of: Callable[[int | None], str],
                template: str, shared: dict, group_by_place: bool = False) -> Iterator[Page]:
    """A listing's own page (`path_of(None)`) and its older pages (`path_of(1)` the oldest),
    see `paged`. A page's context names only its own entries (and the own page the count),
    so a change to the listing renders few of its pages."""
    own, older = paged(entries, size)
    paths = [path_of(number) for number in range(1, len(older) + 1)]

    def context(page_entries: list[Entry], number: int | None, newer: str | None,
                older_path: str | None) -> dict:
        return {**shared, "entries": page_entries, "number": number, "newer": newer,
                "older": older_path, "count": None if number else len(entries),
                **({"groups": by_place(page_entries)} if group_by_place else {})}

    yield Page(path_of(None), template, context(own, None, None, paths[-1] if paths else None))
    for number, (path, page_entries) in enumerate(zip(paths, older), start=1):
        newer = paths[number] if number < len(paths) else path_of(None)
        yield Page(path, template, context(page_entries, number, newer,
                                           paths[number - 2] if number > 1 else None))


@dataclass(frozen=True)
class Links:
    """Links from one page to others, always relative to that page."""
    page_path: str
    region_slugs: dict[str, str]
    topic_slugs: dict[str, str]

    def __call__(self, target: str) -> str:
        return urls.relative(self.page_path, target)

    def entry(self, entry: Entry) -> str:
        return self(urls.entry(entry))

    def region(self, name: str) -> str:
        return self(urls.region(self.region_slugs[name]))

    def topic(self, name: str) -> str:
        return self(urls.topic(self.topic_slugs[name]))

    def many(self, targets: list[str]) -> list[str]:
        return [self(target) for target in targets]


@dataclass(frozen=True)
class SiteLinks:
    """Links from one page to the places every page links (header, footer, head): plain
    attributes, cheaper in a template than a call of `link` per use."""
    home: str
    regions: str
    topics: str
    archive: str
    search: str
    undated: str
    feed: str
    stylesheet: str


_FIXED_PLACES = {"home": urls.HOME, "regions": urls.REGIONS, "topics": urls.TOPICS,
                 "archive": urls.ARCHIVE, "search": urls.SEARCH, "undated": urls.UNDATED,
                 "feed": urls.FEED, "stylesheet": urls.STYLESHEET}


def site_links(page_path: str) -> SiteLinks:
    """The `SiteLinks` of a page. Each fixed place lies at most one folder deep, so a link to
    it depends only on the page's first folder and its depth: one computation per pair."""
    folders = page_path.split("/")[:-1]
    return _site_links(folders[0] if folders else "", len(folders))


@lru_cache(maxsize=None)
def _site_links(first_folder: str, depth: int) -> SiteLinks:
    page = "/".join([first_folder, *["-"] * (depth - 1), "index.html"] if depth else ["index.html"])
    return SiteLinks(**{name: urls.relative(page, target) for name, target in _FIXED_PLACES.items()})


class PageRenderer:
    """Renders pages through the theme, links made relative to each page's own location."""

    def __init__(self, environment: jinja2.Environment, site: Site, settings: SiteSettings) -> None:
        self.environment = environment
        self.settings = settings
        self.region_slugs = {t.name: t.slug for t in site.regions}
        self.topic_slugs = {t.name: t.slug for t in site.topics}
        self.shared = {"site": settings, "urls": urls,
                       "json_ld": lambda entry: json_ld(entry, settings),
                       "base_path": "/" + settings.base_url.split("://", 1)[1].partition("/")[2]}

    def __call__(self, page: Page) -> bytes:
        context = {**page.context, **self.shared,
                   "link": Links(page.path, self.region_slugs, self.topic_slugs),
                   "nav": site_links(page.path),
                   "canonical": urls.absolute(self.settings.base_url, page.path)}
        return self.environment.get_template(page.template).render(context).encode("utf-8")


def json_ld(entry: Entry, settings: SiteSettings) -> dict:
    """schema.org NewsArticle data for an entry page."""
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": entry.title, "description": entry.summary, "inLanguage": settings.language,
        "mainEntityOfPage": urls.absolute(settings.base_url, urls.entry(entry)),
        "publisher": {"@type": "Organization", "name": settings.title},
        "keywords": list(entry.topics) + list(entry.regions),
    }
    if entry.date:
        data["datePublished"] = entry.date.isoformat()
    if entry.places:
        data["contentLocation"] = [{"@type": "Place", "name": p} for p in entry.places]
    return data
