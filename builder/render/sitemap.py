"""sitemap.xml and robots.txt."""
from __future__ import annotations

from lxml import etree

from builder.render import urls
from builder.settings import SiteSettings

_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap(page_paths: list[str], last_modified: dict[str, str], settings: SiteSettings) -> bytes:
    """A sitemap of the given pages (sorted), with the entry date as lastmod where known."""
    root = etree.Element("urlset", nsmap={None: _NAMESPACE})
    for path in sorted(page_paths):
        url = etree.SubElement(root, "url")
        etree.SubElement(url, "loc").text = urls.absolute(settings.base_url, path)
        if path in last_modified:
            etree.SubElement(url, "lastmod").text = last_modified[path]
    return etree.tostring(root, encoding="utf-8", xml_declaration=True, pretty_print=True)


def robots(settings: SiteSettings) -> bytes:
    return f"User-agent: *\nAllow: /\nSitemap: {settings.base_url}sitemap.xml\n".encode()
