"""The built site in the Nu Html Checker and in headless Chromium: valid HTML, WCAG 2.1 AA,
working under a sub-path and from disk, and no request leaving the site."""
from contextlib import chdir
from pathlib import Path

import pytest
from conftest import digest, prepare_project
from sitecheck import axe_violations, serve, vnu_errors

ENTRY_WITH_IMAGE = "artikel/potsdam-impulse-fuer-die-digitalisierung/index.html"
AXE_PAGES = ["index.html", ENTRY_WITH_IMAGE, "regionen/nordrhein-westfalen/index.html",
             "themen/smart-city/index.html", "archiv/index.html", "archiv/2025/index.html",
             "themen/verwaltungsmodernisierung/seite/1/index.html", "regionen/bund/seite/1/index.html",
             "archiv/2025/seite/1/index.html", "orte/koeln/index.html",
             "orte/kreis-recklinghausen/index.html", "regionen/index.html", "themen/index.html",
             "artikel/2025-03-01-hand-mit-webquelle/index.html"]
# A hand-written entry that cites a web page: its source is a link out of the site.
HAND_WRITTEN = """---
id: 2025-03-01-hand-mit-webquelle
title: Hand geschrieben, mit Webquelle
date: 2025-03-01
regions: [Bayern]
summary: Eine Meldung, die eine Webseite als Quelle nennt.
sources:
- {url: https://www.kommune21.de/meldung_1.html, publisher: Kommune21, retrieved: 2025-03-02}
---
Text der Meldung.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory, geonames_cache) -> Path:
    """The seed content built under the sub-path /digest/, with older region and topic pages."""
    project = prepare_project(tmp_path_factory.mktemp("project"), geonames_cache)
    settings = project / "content/site.yaml"
    settings.write_text(settings.read_text().replace("entries_per_listing_page: 100",
                                                  "entries_per_listing_page: 5"))
    with chdir(project):
        assert digest("import", "-q").exit_code == 0
        (project / "content/articles/2025/2025-03-01-hand-mit-webquelle.md").write_text(
            HAND_WRITTEN, encoding="utf-8")
        assert digest("build", "--base-url", "https://example.org/digest/").exit_code == 0
    return project / "site"


def test_every_page_passes_the_nu_html_checker(site: Path):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 100
    assert vnu_errors(pages) == []


@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_core_finds_no_violations(site: Path, browser_page, path: str):
    with serve(site, "/digest/") as base:
        assert browser_page.goto(base + path).ok
        assert axe_violations(browser_page) == []


def test_dark_scheme_and_phone_width_pass_axe_too(site: Path, browser):
    context = browser.new_context(color_scheme="dark", viewport={"width": 320, "height": 640})
    page = context.new_page()
    with serve(site, "/digest/") as base:
        for path in ("index.html", ENTRY_WITH_IMAGE, "regionen/nordrhein-westfalen/index.html",
                     "orte/koeln/index.html"):
            page.goto(base + path)
            assert axe_violations(page) == []
            assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def test_site_works_under_a_sub_path_and_asks_nothing_outside(site: Path, browser_page):
    requests: list[str] = []
    browser_page.on("request", lambda request: requests.append(request.url))
    with serve(site, "/digest/") as base:
        browser_page.goto(base)
        browser_page.click("text=Regionen")
        browser_page.click("text=Hamburg")
        browser_page.click("text=Neue Digitalstrategie vorgestellt")
        assert browser_page.url == (base + "artikel/2025-01-22-hamburg-neue-digitalstrategie-vorgestellt/"
                                    "index.html")
        assert browser_page.locator("h1").inner_text() == "Neue Digitalstrategie vorgestellt"
        assert browser_page.evaluate("getComputedStyle(document.body).maxWidth") != "none"  # CSS loaded
        browser_page.goto(base + "gibt-es-nicht/")
        browser_page.goto(base + "404.html")
        browser_page.click("text=Archiv")
        assert browser_page.url == base + "archiv/index.html"
    assert requests and all(url.startswith(base) for url in requests), requests


def test_site_works_from_disk(site: Path, browser_page):
    browser_page.goto((site / "index.html").as_uri())
    browser_page.click("text=Themen")
    browser_page.click("text=Smart City")
    assert browser_page.url.endswith("/themen/smart-city/index.html")
    browser_page.locator(".kurzliste a").first.click()
    assert browser_page.url.startswith((site / "artikel").as_uri())
    assert browser_page.evaluate("getComputedStyle(document.body).maxWidth") != "none"


def test_keyboard_reaches_the_skip_link_first_and_focus_is_visible(site: Path, browser_page):
    with serve(site, "/digest/") as base:
        browser_page.goto(base)
        browser_page.keyboard.press("Tab")
        focused = browser_page.evaluate("document.activeElement.textContent")
        assert focused == "Zum Inhalt springen"
        outline = browser_page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline == "solid"
        browser_page.keyboard.press("Enter")
        assert browser_page.evaluate("document.activeElement.id") == "inhalt"


def test_print_stylesheet_hides_navigation(site: Path, browser_page):
    browser_page.goto((site / ENTRY_WITH_IMAGE).as_uri())
    assert browser_page.locator(".kopf nav").is_visible()
    browser_page.emulate_media(media="print")
    assert not browser_page.locator(".kopf nav").is_visible()
    assert browser_page.locator("h1").is_visible()


def test_a_phone_sees_the_masthead_all_sections_and_the_first_headline_at_once(site: Path, browser):
    """At 360 px the header ends within 120 px, every section of the navigation is on
    screen, and the navigation says where the reader is: the page itself, or its section."""
    context = browser.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    page.goto((site / "index.html").as_uri())
    assert page.evaluate("document.querySelector('main').getBoundingClientRect().top") <= 120
    boxes = [link.bounding_box() for link in page.locator(".kopf nav a").all()]
    assert len(boxes) == 5 and all(box and box["x"] + box["width"] <= 360 for box in boxes)
    assert page.locator(".kopf nav a[aria-current]").all_text_contents() == ["Aktuell"]
    assert page.locator(".kopf nav a[aria-current]").get_attribute("aria-current") == "page"
    page.goto((site / "regionen/nordrhein-westfalen/index.html").as_uri())
    current = page.locator(".kopf nav a[aria-current]")
    assert current.all_text_contents() == ["Regionen"] and current.get_attribute("aria-current") == "true"
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert icon and (site / "regionen/nordrhein-westfalen" / icon).resolve().is_file()
    context.close()


def test_a_feed_opened_in_the_browser_is_a_german_page_that_explains_it(site: Path, browser_page):
    with serve(site, "/digest/") as base:
        browser_page.goto(base + "regionen/bayern/feed.xml")
        note = browser_page.evaluate("getComputedStyle(document.documentElement, '::before').content")
        assert "Atom-Feed" in note and "Feed-Reader" in note
        assert browser_page.evaluate(
            "getComputedStyle(document.querySelector('entry > title')).display") == "block"
        assert browser_page.evaluate(
            "getComputedStyle(document.querySelector('entry > id')).display") == "none"


def test_a_desktop_home_page_shows_the_lander_and_topics_beside_the_newest(site: Path, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto((site / "index.html").as_uri())
    news = page.locator(".hauptspalte").bounding_box()
    side = page.locator(".seitenspalte").bounding_box()
    assert news and side and side["x"] >= news["x"] + news["width"] and side["y"] < 400
    assert page.locator(".seitenspalte nav a").count() > 10  # Länder and topics
    context.close()


def test_text_is_set_for_reading_short_lines_and_a_bold_lead_only_above_a_text(site: Path, browser):
    """At 1280 px no line of a card or an entry runs past about 70 characters; an entry that
    has only its summary shows it in the body weight, the lead above a text in bold."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    measure = """element => {
        const style = getComputedStyle(element);
        const context = document.createElement('canvas').getContext('2d');
        context.font = style.font;
        const average = context.measureText('abcdefghijklmnopqrstuvwxyz').width / 26;
        return [element.getBoundingClientRect().width / average, style.fontWeight];
    }"""
    page.goto((site / "index.html").as_uri())
    characters, _ = page.locator(".karte .zusammenfassung").first.evaluate(measure)
    assert characters <= 80
    page.goto((site / "artikel/zu-teuer-und-zu-aufwaendig/index.html").as_uri())
    characters, weight = page.locator(".eintrag .zusammenfassung").evaluate(measure)
    assert characters <= 80 and weight == "400"
    page.goto((site / ENTRY_WITH_IMAGE).as_uri())
    assert page.locator(".eintrag .text p").first.evaluate(measure)[0] <= 80
    lead = page.locator(".eintrag .zusammenfassung")
    assert lead.count() == 0 or lead.evaluate(measure)[1] == "600"
    context.close()
