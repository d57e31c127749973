"""HTML pages: which pages exist, with which context, rendered through the theme."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from typing import NamedTuple

import jinja2

from builder.model import Entry
from builder.settings import SiteSettings
from builder.sitemodel import urls
from builder.sitemodel.listings import newest_added, paged, split_undated
from builder.sitemodel.site import Site
from builder.sitemodel.taxonomies import Taxonomy, Term, children
from builder.sourcepages import SourcePages


class HtmlPage(NamedTuple):
    """One HTML page to write: its site path, template and context (a tuple: a large site has
    one per entry, and a tuple is made several times faster than a frozen dataclass)."""
    path: str
    template: str
    context: dict


def pages(site: Site, settings: SiteSettings, search_index: str) -> Iterator[HtmlPage]:
    """Every HTML page of the site, in a fixed order. `search_index` is the site path of the
    search index's first script (the others lie beside it)."""
    dated, undated = split_undated(site.entries)
    newest_year = next((term.name for term in site.terms.get("year", ())), None)
    yield HtmlPage(urls.HOME, "index.html", {
        "entries": newest_added(site.entries, settings.entries_per_page),
        "older_year": newest_year if len(dated) > settings.entries_per_page else None,
        "undated_count": len(undated), "feed": urls.FEED, "pickers": pickers(site)})
    yield HtmlPage(urls.UNDATED, "undated.html", {"entries": undated})
    related = site.related
    for entry in site.entries:
        yield HtmlPage(urls.entry(entry), "entry.html",
                       {"entry": entry, "related": related[entry.id]})
    for taxonomy in site.taxonomies:
        if taxonomy.index_template:
            yield HtmlPage(urls.term_index(taxonomy.folder), taxonomy.index_template, {
                "terms": site.terms[taxonomy.name], "taxonomy": taxonomy.name,
                **({"undated_count": len(undated)} if taxonomy.lists_undated else {})})
        if taxonomy.term_template:
            narrower = [t for t in site.taxonomies if t.parent == taxonomy.name and t.term_template]
            for term in site.terms[taxonomy.name]:
                if term.entries:  # an empty term has no page (and no link: `PageRenderer`)
                    index = [[t.name, [[child.name, len(child.entries)]
                                       for child in children(site.terms[t.name], term.name)]]
                             for t in narrower]
                    yield from term_pages(term, taxonomy, settings.entries_per_listing_page,
                                          index)
    yield HtmlPage(urls.SEARCH, "search.html", {"index": search_index, "header_search": False,
                                                "facets": search_facets(site.taxonomies)})
    if settings.imprint:
        yield HtmlPage(urls.IMPRINT, "impressum.html", {})
        yield HtmlPage(urls.PRIVACY, "datenschutz.html", {})
    yield HtmlPage(urls.NOT_FOUND, "404.html", {})


def pages_without_drafts(site: Site, settings: SiteSettings) -> set[str] | None:
    """The paths of the HTML pages the site would have without its drafts, or None if it
    has none (a preview's sitemap lists only those)."""
    if all(entry.status != "draft" for entry in site.entries):
        return None
    published = [entry for entry in site.entries if entry.status != "draft"]
    terms = {name: [replace(term, entries=[e for e in term.entries if e.status != "draft"])
                    for term in taxonomy_terms]
             for name, taxonomy_terms in site.terms.items()}
    without = Site(published, site.taxonomies, terms, {entry.id: [] for entry in published})
    return {page.path for page in pages(without, settings, "")}


def search_facets(taxonomies: tuple[Taxonomy, ...]) -> list[list]:
    """The search page's filters, from the taxonomies that declare one: [URL parameter,
    label, label of no filter, field of the result (builder.search.index), newest first]."""
    return [[t.facet.parameter, t.facet.label, t.facet.everything, t.name, t.facet.descending]
            for t in taxonomies if t.facet]


def pickers(site: Site) -> list[list]:
    """The home page's ways into the taxonomies that declare a `picker`: [taxonomy name,
    title, names of its terms that have entries]."""
    return [[t.name, t.picker, [term.name for term in site.terms[t.name] if term.entries]]
            for t in site.taxonomies if t.picker and t.term_template]


def term_pages(term: Term, taxonomy: Taxonomy, size: int, index: list | None = None
               ) -> Iterator[HtmlPage]:
    """A term's own page and its older pages (of a taxonomy with a `term_template`). The own
    page has `index`: [taxonomy name, [[name, number of entries], ...]] of the narrower terms
    (a Land's places); every page names the wider term (`parent`: a place's Land, or None)."""
    template = taxonomy.term_template
    assert template is not None, taxonomy.name
    feed = urls.term_feed(taxonomy.folder, term.slug) if taxonomy.feeds else None
    yield from paged_pages(term.entries, size,
                           lambda number: urls.term(taxonomy.folder, term.slug, number),
                           template,
                           {"name": term.name, "description": term.description, "feed": feed,
                            "parent": [taxonomy.parent, term.parent]
                            if taxonomy.parent and term.parent is not None else None},
                           {"index": index or []})


def paged_pages(entries: list[Entry], size: int, path_of: Callable[[int | None], str],
                template: str, shared: dict, own: dict | None = None) -> Iterator[HtmlPage]:
    """A listing's own page (`path_of(None)`, with `own` in its context) and its older pages
    (`path_of(1)` the oldest), see `paged`. A page's context names only its own entries (and
    the own page the count), so a change to the listing renders few of its pages."""
    def context(page_entries: list[Entry], number: int | None, newer: str | None,
                older_path: str | None) -> dict:
        position = 1 if number is None else len(older) - number + 2  # as a reader counts
        return {**shared, "entries": page_entries, "number": number, "newer": newer,
                "older": older_path, "count": None if number else len(entries),
                "position": position, "pages": numbered,
                **(own_extra if number is None else {"index": []} if own_extra else {})}

    own_extra = own or {}
    newest, older = paged(entries, size)
    paths = [path_of(number) for number in range(1, len(older) + 1)]
    numbered = [path_of(None), *reversed(paths)]  # page 1 (the newest) first
    yield HtmlPage(path_of(None), template,
                   context(newest, None, None, paths[-1] if paths else None))
    for number, (path, page_entries) in enumerate(zip(paths, older), start=1):
        newer = paths[number] if number < len(paths) else path_of(None)
        yield HtmlPage(path, template, context(page_entries, number, newer,
                                           paths[number - 2] if number > 1 else None))


TermPaths = dict[str, tuple[str, dict]]  # taxonomy name -> (its folder, term name -> slug)


@dataclass(frozen=True)
class Links:
    """Links from one page to others, always relative to that page."""
    page_path: str
    term_paths: TermPaths

    def __call__(self, target: str) -> str:
        return urls.relative(self.page_path, target)

    def entry(self, entry: Entry) -> str:
        return self(urls.entry(entry))

    def term(self, taxonomy: str, name) -> str:
        """The page of the term `name` of a taxonomy ("region", "topic", "year")."""
        folder, slugs = self.term_paths[taxonomy]
        return self(urls.term(folder, slugs[name]))

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
    favicon: str
    imprint: str
    privacy: str
    section: str  # the navigation's entry for this page's part of the site ("" for none)


_FIXED_PLACES = {"home": urls.HOME, "regions": urls.REGIONS, "topics": urls.TOPICS,
                 "archive": urls.ARCHIVE, "search": urls.SEARCH, "undated": urls.UNDATED,
                 "feed": urls.FEED, "stylesheet": urls.STYLESHEET, "favicon": urls.FAVICON,
                 "imprint": urls.IMPRINT, "privacy": urls.PRIVACY}
# The navigation's entries by a page's first folder (pages at the top: the home page's).
_SECTIONS = {"": "home", urls.REGION_FOLDER: "regions", urls.PLACE_FOLDER: "regions",
             urls.TOPIC_FOLDER: "topics", urls.YEAR_FOLDER: "archive",
             urls.UNDATED.split("/")[0]: "archive", urls.SEARCH.split("/")[0]: "search"}


def site_links(page_path: str) -> SiteLinks:
    """The `SiteLinks` of a page. Each fixed place lies at most one folder deep, so a link to
    it depends only on the page's first folder and its depth: one computation per pair."""
    folders = page_path.split("/")[:-1]
    return _site_links(folders[0] if folders else "", len(folders))


@cache
def _site_links(first_folder: str, depth: int) -> SiteLinks:
    page = "/".join([first_folder, *["-"] * (depth - 1), "index.html"] if depth else ["index.html"])
    return SiteLinks(**{name: urls.relative(page, target) for name, target in _FIXED_PLACES.items()},
                     section=_SECTIONS.get(first_folder, ""))


class PageRenderer:
    """Renders pages through the theme, links made relative to each page's own location."""

    def __init__(self, environment: jinja2.Environment, site: Site, settings: SiteSettings,
                 source_pages: SourcePages | None = None) -> None:
        self.environment = environment
        self.settings = settings
        self.term_paths: TermPaths = {
            taxonomy.name: (taxonomy.folder,
                            {t.name: t.slug for t in site.terms[taxonomy.name] if t.entries})
            for taxonomy in site.taxonomies if taxonomy.term_template}
        self.shared = {"site": settings, "urls": urls,
                       "json_ld": lambda entry: json_ld(entry, settings),
                       "citations": (source_pages or SourcePages()).citations,
                       "base_path": "/" + settings.base_url.split("://", 1)[1].partition("/")[2]}

    def __call__(self, page: HtmlPage) -> bytes:
        context = {**page.context, **self.shared,
                   "link": Links(page.path, self.term_paths),
                   "nav": site_links(page.path),
                   "canonical": urls.absolute(self.settings.base_url, page.path)}
        return self.environment.get_template(page.template).render(context).encode("utf-8")


def json_ld(entry: Entry, settings: SiteSettings) -> dict:
    """schema.org NewsArticle data for an entry page."""
    data: dict[str, object] = {
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
