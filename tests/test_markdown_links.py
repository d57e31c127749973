"""Links and images in entry bodies: no script, no data: or other schemes, and no request to a
third party; only http, https, mailto and relative links stay links, only relative images
stay images (a remote one becomes a link to it)."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import digest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown import Markdown
from sitecheck import serve

from builder.render.markdown_fast import markdown_renderer

FAST, STOCK = markdown_renderer(), markdown_renderer(fast_patterns=False)
ALLOWED = {"", "http", "https", "mailto"}  # "" is a relative URL
EDGE = "".join(map(chr, range(0x21))) + "\x7f"


class Page(HTMLParser):
    """The parts of an HTML fragment that matter here, attribute values decoded (html.unescape)
    as a browser decodes them."""

    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str]] = []  # (tag, href or src)
        self.text: list[str] = []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [(tag, value or "") for name, value in attrs if name in ("href", "src")]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def cleaned(url: str) -> str:
    """What the WHATWG URL parser parses: edges stripped, tabs and newlines removed anywhere."""
    return url.strip(EDGE).replace("\t", "").replace("\n", "").replace("\r", "")


def scheme(url: str) -> str:
    """The URL's scheme in lower case, "" for a relative URL (what precedes the first ":"
    if it is a letter followed by letters, digits, "+", "-" or ".")."""
    before, colon, _ = cleaned(url).partition(":")
    if colon and before[:1].isascii() and before[:1].isalpha() and all(
            character.isascii() and (character.isalnum() or character in "+-.") for character in before):
        return before.lower()
    return ""


def remote(url: str) -> bool:
    """A URL with a scheme or a host ("//host"; to a browser "\\\\host" is the same)."""
    return scheme(url) != "" or cleaned(url).replace("\\", "/").startswith("//")


def render(text: str, renderer: Markdown = FAST) -> str:
    return renderer.reset().convert(text)


def unsafe(html: str) -> list[tuple[str, str]]:
    """Every href or src that is not http, https, mailto or relative, and every image that
    is not relative (both as a browser reads the attribute)."""
    return [(tag, url) for tag, url in Page(html).urls
            if scheme(url) not in ALLOWED or tag == "img" and remote(url)]


HOSTILE = {  # Markdown -> the text that must still be there
    "plain": ("[klick](javascript:alert(44))", "klick"),
    "mixed case": ("[klick](JaVaScRiPt:alert(44))", "klick"),
    "leading space": ("[klick]( javascript:alert(44))", "klick"),
    "angle brackets": ("[klick](<javascript:alert(44)>)", "klick"),
    "leading control": ("[klick](\x01javascript:alert(44))", "klick"),
    "trailing control": ("[klick](javascript:alert(44)\x1f)", "klick"),
    "leading tab": ("[klick](\tjavascript:alert(44))", "klick"),
    "newline in scheme": ("[klick](java\nscript:alert(44))", "klick"),
    "carriage return in scheme": ("[klick](java\rscript:alert(44))", "klick"),
    "tab entity in scheme": ("[klick](java&#9;script:alert(44))", "klick"),
    "named tab entity": ("[klick](java&Tab;script:alert(44))", "klick"),
    "newline entity": ("[klick](java&NewLine;script:alert(44))", "klick"),
    "decimal entity": ("[klick](&#106;avascript:alert(44))", "klick"),
    "padded decimal entity": ("[klick](&#0000106;avascript:alert(44))", "klick"),
    "hex entity": ("[klick](&#x6A;avascript:alert(44))", "klick"),
    "upper hex entity": ("[klick](&#X6a;avascript:alert(44))", "klick"),
    "colon entity": ("[klick](javascript&colon;alert(44))", "klick"),
    "escaped entity": ("[klick](&\\#106;avascript:alert(44))", "klick"),
    "space entity": ("[klick](&#32;javascript:alert(44))", "klick"),
    "data html": ("[klick](data:text/html,<script>alert(44)</script>)", "klick"),
    "data base64": ("[klick](data:text/html;base64,PHNjcmlwdD5hbGVydCg0NCk8L3NjcmlwdD4=)", "klick"),
    "vbscript": ("[klick](vbscript:msgbox(44))", "klick"),
    "title": ('[klick](javascript:alert(44) "Titel")', "klick"),
    "emphasis kept": ("[*klick* mal](javascript:alert(44))", "klick"),
    "reference": ("[klick][r]\n\n[r]: javascript:alert(44)", "klick"),
    "reference entity": ("[klick][r]\n\n[r]: &#106;avascript:alert(44)", "klick"),
    "short reference": ("[klick]\n\n[klick]: JAVASCRIPT:alert(44)", "klick"),
    "image": ("![Karte](javascript:alert(44))", "Karte"),
    "image data": ("![Karte](data:image/svg+xml,<svg onload=alert(44)>)", "Karte"),
    "image entity": ("![Karte](&#x6A;avascript:alert(44))", "Karte"),
    "image reference": ("![Karte][r]\n\n[r]: vbscript:msgbox(44)", "Karte"),
    "image in link": ("[![Karte](javascript:alert(1))](javascript:alert(2))", "Karte"),
    "autolinks": ("<javascript:alert(44)> und <ftp://evil.example/datei>", "ftp://evil.example/datei"),
    "remote image": ("![Karte](https://evil.example/t.png)", "Karte"),
    "protocol-relative image": ("![Karte](//evil.example/t.png)", "Karte"),
    "backslash image": (r"![Karte](\\\\evil.example/t.png)", "Karte"),
    "entity slashes image": ("![Karte](&#47;&#47;evil.example/t.png)", "Karte"),
    "remote image reference": ("![Karte][b]\n\n[b]: http://evil.example/t.png", "Karte"),
}


@pytest.mark.parametrize("renderer", [FAST, STOCK], ids=["fast", "stock"])
@pytest.mark.parametrize("text, kept", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_links_and_images_lose_their_url_but_keep_their_text(renderer, text: str, kept: str):
    html = render(text, renderer)
    assert unsafe(html) == [], html
    assert kept in "".join(Page(html).text), html


ALLOWED_LINKS = {  # Markdown URL -> href as written out
    "https://example.org/pfad?a=1&b=2#x": "https://example.org/pfad?a=1&amp;b=2#x",
    "http://example.org/": "http://example.org/",
    "HTTPS://EXAMPLE.ORG/": "HTTPS://EXAMPLE.ORG/",
    "mailto:post@example.org": "mailto:post@example.org",
    "/artikel/x/": "/artikel/x/",
    "../../themen/": "../../themen/",
    "bild.png": "bild.png",
    "#abschnitt": "#abschnitt",
    "?seite=2": "?seite=2",
    "https://example.org/?lang=de&region=by&copy=1": "https://example.org/?lang=de&amp;region=by&amp;copy=1",
    "https://example.org/?a=&amp;b": "https://example.org/?a=&amp;b",
}


@pytest.mark.parametrize("url, href", ALLOWED_LINKS.items(), ids=ALLOWED_LINKS.keys())
def test_allowed_links_stay_links_unchanged_next_to_a_hostile_one(url: str, href: str):
    assert (render(f"[gut]({url}) und [böse](javascript:alert(1))")
            == f'<p><a href="{href}">gut</a> und <span>böse</span></p>')


def test_remote_images_become_links_and_relative_ones_stay():
    html = render("![Karte](https://evil.example/t.png \"Titel\") ![](http://evil.example/u.png)"
                  " ![Plan](bilder/plan.png) [![Logo](https://evil.example/l.png)](https://example.org/)"
                  " [![Foto](https://evil.example/f.png)](javascript:alert(1))")
    assert html == ('<p><a href="https://evil.example/t.png" title="Titel">Bild: Karte</a>'
                    ' <a href="http://evil.example/u.png">http://evil.example/u.png</a>'
                    ' <img alt="Plan" src="bilder/plan.png">'
                    ' <a href="https://example.org/"><span>Bild: Logo</span></a>'
                    ' <span><a href="https://evil.example/f.png">Bild: Foto</a></span></p>')
    assert [url for tag, url in Page(html).urls if tag == "img"] == ["bilder/plan.png"]


def test_mail_autolinks_and_entity_encoded_urls_are_written_as_the_browser_reads_them():
    html = render("<post@example.org> [k](https://example.org/&#97;) [a](&amp;#106;avascript:x)"
                  " [j](&#106;avascript:x)")
    assert Page(html).urls == [("a", "mailto:post@example.org"), ("a", "https://example.org/a"),
                               ("a", "&#106;avascript:x")]
    assert 'href="mailto:post@example.org"' in html and "<span>j</span>" in html


URL_PIECES = st.sampled_from([
    "javascript", "JaVaScRiPt", "vbscript", "data", "java", "script", "http", "mailto", "ftp",
    ":", "&colon;", "&#58;", "&#106;", "&#x6A;", "&#X6a", "&#0000106;", "&Tab;", "&NewLine;",
    "&#9;", "&#10;", "&#13;", "&#0;", "&#1;", "&amp;", "&", "#", ";", "\\", "\\#", "\\&", "/", "//",
    "\\\\", " ", "\t", "\n", "\r", "\x00", "\x01", "\x1f", "\x7f", "\xa0", "<", ">", "(", ")", "\"",
    "'", "`", "*", "_", "[", "]", "!", "alert(1)", "evil.example", "x", "?", "=", "%0a", "%6A",
])
URLS = st.one_of(st.lists(URL_PIECES, max_size=12).map("".join), st.text(max_size=30))


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet="tx *`&;", max_size=6), URLS, st.sampled_from(["[{t}]({u})", "![{t}]({u})",
       "[{t}][r]\n\n[r]: {u}", "![{t}][r]\n\n[r]: {u}", "[{t}](<{u}>)", "<{u}>", "[![{t}]({u})]({u})"]))
def test_every_href_and_src_is_safe_whatever_the_url(text: str, url: str, form: str):
    html = render(form.format(t=text, u=url))
    assert unsafe(html) == [], html


def test_the_entry_page_runs_no_script_and_asks_no_third_party(project: Path, browser_page):
    entry = project / "content/articles/2025/links.md"
    entry.parent.mkdir(parents=True)
    entry.write_text(
        "---\nid: 2025-03-01-links\ntitle: Links im Text\ndate: 2025-03-01\nregions: [Bayern]\n"
        "topics: [Smart City]\nsummary: Eine Meldung mit Links.\n---\n"
        "Bitte [klick](javascript:alert(44)) und [hier](&#106;avascript:alert(45)).\n\n"
        "![Karte](https://evil.example/t.png)\n")
    assert digest("build", "-q").exit_code == 0
    dialogs: list[str] = []
    requests: list[str] = []
    browser_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    browser_page.on("request", lambda request: requests.append(request.url))
    with serve(project / "site") as base:
        entry_url = base + "artikel/2025-03-01-links/index.html"
        assert browser_page.goto(entry_url).ok
        assert set(browser_page.evaluate("Array.from(document.links, a => a.protocol)")) <= {
            "http:", "https:", "mailto:"}
        for text in ("klick", "hier"):  # the javascript: links are their text, nothing to run
            clicked = browser_page.locator(f"text={text}")
            assert clicked.evaluate("node => node.closest('a, [onclick]')") is None
        browser_page.click("text=klick")
        browser_page.click("text=hier")
        # The page has handled both clicks when it follows a real link clicked after them (a
        # javascript: navigation would have run on the way), and going back leads to the entry:
        # the clicks navigated nowhere.
        browser_page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
            "link", name="Regionen").click()
        browser_page.wait_for_url(base + "regionen/index.html")
        browser_page.go_back()
        browser_page.wait_for_url(entry_url)
        assert dialogs == []
        assert requests and all(url.startswith(base) for url in requests), requests
        assert browser_page.locator("a", has_text="Bild: Karte").get_attribute(
            "href", timeout=1000) == "https://evil.example/t.png"
