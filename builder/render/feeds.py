"""Atom feeds (RFC 4287) for the digest and every region and topic, via feedgen."""
from __future__ import annotations

import datetime

from feedgen.feed import FeedGenerator

from builder.model import Entry
from builder.render import urls
from builder.render.site import Site
from builder.settings import SiteSettings

FEED_ENTRIES = 50


def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.timezone.utc)


def atom(title: str, feed_path: str, page_path: str, entries: list[Entry], updated: datetime.date,
         settings: SiteSettings) -> bytes:
    """One Atom feed of the newest dated entries, last `updated` on the given day."""
    feed = FeedGenerator()
    feed.id(urls.absolute(settings.base_url, feed_path))
    feed.title(title)
    feed.subtitle(settings.description or title)
    feed.author({"name": settings.title})
    feed.language(settings.language)
    feed.link(href=urls.absolute(settings.base_url, feed_path), rel="self")
    feed.link(href=urls.absolute(settings.base_url, page_path), rel="alternate")
    feed.updated(_moment(updated))
    dated = [entry for entry in entries if entry.date][:FEED_ENTRIES]
    for entry in dated:
        item = feed.add_entry(order="append")
        link = urls.absolute(settings.base_url, urls.entry(entry))
        item.id(link)
        item.title(f"{entry.kicker}: {entry.title}" if entry.kicker else entry.title)
        item.link(href=link, rel="alternate")
        item.summary(entry.summary)
        item.published(_moment(entry.date))
        item.updated(_moment(entry.date))
        for name in (*entry.regions, *entry.topics):
            item.category(term=name)
    return feed.atom_str(pretty=True)


FeedSpec = tuple[str, str, str, list[Entry], datetime.date]


def feed_specs(site: Site, settings: SiteSettings) -> list[FeedSpec]:
    """(feed path, title, page path, entries, updated) for the whole digest and each region
    and topic."""
    specs = [(urls.FEED, settings.title, urls.HOME, site.entries)]
    for kind, terms, page in (("region", site.regions, urls.region), ("topic", site.topics, urls.topic)):
        specs += [(urls.term_feed(kind, term.slug), f"{settings.title}: {term.name}",
                   page(term.slug), term.entries) for term in terms]
    site_updated = _newest_date(site.entries) or datetime.date(2000, 1, 1)
    return [(*spec, _newest_date(spec[3]) or site_updated) for spec in specs]


def _newest_date(entries: list[Entry]) -> datetime.date | None:
    """The date of the newest dated entry (entries come newest first): a feed's `updated`,
    so that two builds of the same content give the same bytes, and a new entry changes
    only the feeds it is in. A feed without dated entries gives the digest's newest date."""
    return next((entry.date for entry in entries if entry.date), None)
