"""Atom feeds (RFC 4287) for the digest and every term with entries of a taxonomy with feeds
(regions, topics, places), via feedgen."""
from __future__ import annotations

import datetime

from feedgen.feed import FeedGenerator

from builder.model import Entry
from builder.settings import SiteSettings
from builder.sitemodel import urls
from builder.sitemodel.listings import newest_added
from builder.sitemodel.site import Site

FEED_ENTRIES = 50


def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)


def atom(title: str, feed_path: str, page_path: str, entries: list[Entry], updated: datetime.date,
         settings: SiteSettings) -> bytes:
    """One Atom feed of the given entries (each with an `added` day or a date), last
    `updated` on the given day. An entry is published on its date (else the day it was
    added) and updated on the day it entered the digest (else its date)."""
    feed = FeedGenerator()
    feed.id(urls.absolute(settings.base_url, feed_path))
    feed.title(title)
    feed.subtitle(settings.description or title)
    feed.author({"name": settings.title})
    feed.language(settings.language)
    feed.link(href=urls.absolute(settings.base_url, feed_path), rel="self")
    feed.link(href=urls.absolute(settings.base_url, page_path), rel="alternate")
    feed.updated(_moment(updated))
    for entry in entries:
        item = feed.add_entry(order="append")
        link = urls.absolute(settings.base_url, urls.entry(entry))
        item.id(link)
        item.title(f"{entry.kicker}: {entry.title}" if entry.kicker else entry.title)
        item.link(href=link, rel="alternate")
        item.summary(entry.summary)
        item.published(_moment(_published(entry)))
        item.updated(_moment(_added(entry)))
        for name in (*entry.regions, *entry.topics):
            item.category(term=name)
    styled = f'<?xml-stylesheet type="text/css" href="{urls.relative(feed_path, urls.FEED_STYLE)}"?>\n'
    declaration, _, rest = feed.atom_str(pretty=True).partition(b"\n")
    return declaration + b"\n" + styled.encode() + rest


FeedSpec = tuple[str, str, str, list[Entry], datetime.date]


def feed_specs(site: Site, settings: SiteSettings) -> list[FeedSpec]:
    """(feed path, title, page path, entries, updated) for the whole digest and each term of
    the taxonomies with feeds. The entries are the `FEED_ENTRIES` that entered the digest last,
    dated or not (`newest_added`); `updated` is the newest of their days (so that two builds of
    the same content give the same bytes, and a new entry changes only the feeds it is in),
    or for a feed without any the digest's. Drafts (in a preview) are in no feed; a term
    with drafts only has a feed without entries, as its page links one."""
    feeds = [(urls.FEED, settings.title, urls.HOME, _without_drafts(site.entries))]
    for taxonomy in site.taxonomies:
        if taxonomy.feeds:
            feeds += [(urls.term_feed(taxonomy.folder, term.slug), f"{settings.title}: {term.name}",
                       urls.term(taxonomy.folder, term.slug), _without_drafts(term.entries))
                      for term in site.terms[taxonomy.name] if term.entries]  # none if empty
    newest = [newest_added(entries, FEED_ENTRIES) for *_, entries in feeds]
    digest_updated = _added(newest[0][0]) if newest[0] else datetime.date(2000, 1, 1)
    return [(path, title, page_path, latest, _added(latest[0]) if latest else digest_updated)
            for (path, title, page_path, _), latest in zip(feeds, newest)]


def _without_drafts(entries: list[Entry]) -> list[Entry]:
    return [entry for entry in entries if entry.status != "draft"]


def _added(entry: Entry) -> datetime.date:
    """The day an entry of a feed entered the digest (`newest_added` keeps only entries with
    an `added` day or a date)."""
    day = entry.added or entry.date
    assert day is not None, entry.id
    return day


def _published(entry: Entry) -> datetime.date:
    return entry.date or _added(entry)
