"""Links and images in editor-written Markdown: only http, https, mailto and relative URLs
stay links, and only relative images are embedded (a remote one becomes a link to it), so
that a body can neither run script nor make readers' browsers call third parties."""
from __future__ import annotations

import html
import re
from html.entities import html5
from typing import NamedTuple
from xml.etree.ElementTree import Element

from markdown import Markdown, util
from markdown.extensions import Extension
from markdown.serializers import RE_AMP
from markdown.treeprocessors import Treeprocessor

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})

# What an HTML attribute value decodes as a character reference (the pattern of html.unescape).
_CHARACTER_REFERENCE = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
_EDGE = "".join(map(chr, range(0x21))) + "\x7f"  # stripped: space and the ASCII controls
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_HOST_FOLLOWS = re.compile(r"[/\\]{2}")  # "//host" (and "\\host", the same to a browser)


class SafeUrl(NamedTuple):
    url: str     # as a browser reads it: references decoded, edges stripped, no tab or newline
    local: bool  # relative to the site's own pages (no scheme, no "//host")


def safe_url(value: str) -> SafeUrl | None:
    """The URL an href or src attribute written as `value` stands for, as a browser decodes
    it, if it is http, https, mailto or relative; None for any other scheme."""
    url = _TAB_OR_NEWLINE.sub("", _decode_references(value).strip(_EDGE))
    url = _CONTROL.sub(lambda control: f"%{ord(control[0]):02X}", url)  # as the URL parser does
    scheme = _SCHEME.match(url)
    if scheme is None:
        return SafeUrl(url, local=not _HOST_FOLLOWS.match(url))
    return SafeUrl(url, local=False) if scheme[1].lower() in ALLOWED_SCHEMES else None


def _decode_references(value: str) -> str:
    """html.unescape as for an attribute value: there, a reference without ";" is left as
    it is before "=" or a letter or digit ("?a=1&region=2" keeps its "&region")."""
    def decode(reference: re.Match) -> str:
        name = reference[1]
        if name.startswith("#") or name in html5:
            return html.unescape(reference[0])
        for end in range(len(name) - 1, 1, -1):  # the longest name the text starts with
            if name[:end] in html5:
                following = name[end]
                if following == "=" or following.isascii() and following.isalnum():
                    return reference[0]
                return html5[name[:end]] + name[end:]
        return reference[0]
    return _CHARACTER_REFERENCE.sub(decode, value) if "&" in value else value


def _written(url: str) -> str:
    """`url` as an attribute value for Python-Markdown's serializer, which leaves "&…;"
    alone: every "&" becomes "&amp;", so that the browser reads back exactly `url`."""
    return url.replace("&", "&amp;")


class SafeLinks(Treeprocessor):
    """Runs last on the finished tree: a link to a disallowed URL becomes a <span> of its
    text; an image from elsewhere becomes a link to it, a disallowed one its alt text."""

    def run(self, root: Element) -> None:
        for link in root.iter("a"):
            found = safe_url(self._value(link, "href"))
            if found is None:
                link.tag = "span"
                del link.attrib["href"]
            else:
                link.set("href", _written(found.url))
        in_links = {id(image) for link in root.iter("a") for image in link.iter("img")}
        for image in root.iter("img"):
            found = safe_url(self._value(image, "src"))
            if found is not None and found.local:
                image.set("src", _written(found.url))
                continue
            alt, title = image.get("alt", ""), image.get("title")
            image.attrib.clear()
            if found is None:
                image.tag, image.text = "span", alt
            else:
                image.tag, image.text = "span", f"Bild: {alt}" if alt else found.url
                if id(image) not in in_links:  # a link inside a link is not HTML
                    image.tag = "a"
                    image.set("href", _written(found.url))
            if title:
                image.set("title", title)

    @staticmethod
    def _value(element: Element, name: str) -> str:
        """An attribute as the page would have it: the serializer writes a "&" that does not
        start "&…;" as "&amp;", then "mailto:" autolinks get their entity-encoding "&"s."""
        return RE_AMP.sub("&amp;", element.get(name, "")).replace(util.AMP_SUBSTITUTE, "&")


class SafeLinksExtension(Extension):
    """Registers `SafeLinks` after every other tree processor (after "unescape", which turns
    backslash escapes back into characters, so it sees the attributes as written out)."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(SafeLinks(md), "safe_links", -10)
