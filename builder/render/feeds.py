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


def atom(title: str, feed_path: str, page_path: str, entries: list[Entry],
         settings: SiteSettings, fallback_updated: datetime.date) -> bytes:
    """One Atom feed of the newest dated entries; `updated` is the newest entry's date, so two
    builds of the same content give the same bytes."""
    feed = FeedGenerator()
    feed.id(urls.absolute(settings.base_url, feed_path))
    feed.title(title)
    feed.subtitle(settings.description or title)
    feed.author({"name": settings.title})
    feed.language(settings.language)
    feed.link(href=urls.absolute(settings.base_url, feed_path), rel="self")
    feed.link(href=urls.absolute(settings.base_url, page_path), rel="alternate")
    dated = [entry for entry in entries if entry.date][:FEED_ENTRIES]
    feed.updated(_moment(dated[0].date if dated else fallback_updated))
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


def feed_specs(site: Site, settings: SiteSettings) -> list[tuple[str, str, str, list[Entry]]]:
    """(feed path, title, page path, entries) for the whole digest and each region and topic."""
    specs = [(urls.FEED, settings.title, urls.HOME, site.entries)]
    for kind, terms, page in (("region", site.regions, urls.region), ("topic", site.topics, urls.topic)):
        specs += [(urls.term_feed(kind, term.slug), f"{settings.title}: {term.name}",
                   page(term.slug), term.entries) for term in terms]
    return specs


def newest_date(site: Site) -> datetime.date:
    """The date every feed without dated entries gives as `updated`."""
    return site.dated[0].date if site.dated else datetime.date(2000, 1, 1)
