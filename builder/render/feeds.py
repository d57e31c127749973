"""Atom feeds (RFC 4287) for the digest and every term with entries of a taxonomy with feeds
(regions, topics, places), via feedgen."""
from __future__ import annotations

import datetime
from itertools import islice

from feedgen.feed import FeedGenerator

from builder.model import Entry
from builder.settings import SiteSettings
from builder.sitemodel import urls
from builder.sitemodel.site import Site

FEED_ENTRIES = 50


def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)


def atom(title: str, feed_path: str, page_path: str, entries: list[Entry], updated: datetime.date,
         settings: SiteSettings) -> bytes:
    """One Atom feed of the given (dated) entries, last `updated` on the given day."""
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
        moment = _moment(_date_of(entry))
        item.published(moment)
        item.updated(moment)
        for name in (*entry.regions, *entry.topics):
            item.category(term=name)
    return feed.atom_str(pretty=True)


FeedSpec = tuple[str, str, str, list[Entry], datetime.date]


def feed_specs(site: Site, settings: SiteSettings) -> list[FeedSpec]:
    """(feed path, title, page path, entries, updated) for the whole digest and each term of
    the taxonomies with feeds. The entries are the newest `FEED_ENTRIES` dated ones; `updated` is the date of
    the newest (so that two builds of the same content give the same bytes, and a new entry
    changes only the feeds it is in), or for a feed without any the digest's newest date."""
    feeds = [(urls.FEED, settings.title, urls.HOME, site.entries)]
    for taxonomy in site.taxonomies:
        if taxonomy.feeds:
            feeds += [(urls.term_feed(taxonomy.folder, term.slug), f"{settings.title}: {term.name}",
                       urls.term(taxonomy.folder, term.slug), term.entries)
                      for term in site.terms[taxonomy.name] if term.entries]  # none if empty
    newest = [_newest_dated(entries) for *_, entries in feeds]
    digest_updated = _date_of(newest[0][0]) if newest[0] else datetime.date(2000, 1, 1)
    return [(path, title, page_path, dated, _date_of(dated[0]) if dated else digest_updated)
            for (path, title, page_path, _), dated in zip(feeds, newest)]


def _newest_dated(entries: list[Entry]) -> list[Entry]:
    """The first `FEED_ENTRIES` dated entries of a newest-first list."""
    return list(islice((entry for entry in entries if entry.date), FEED_ENTRIES))


def _date_of(entry: Entry) -> datetime.date:
    """The date of an entry of a feed (`_newest_dated` keeps only dated ones)."""
    assert entry.date is not None, entry.id
    return entry.date
