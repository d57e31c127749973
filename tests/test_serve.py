"""`digest serve`: live reload in a real browser, and errors as a banner while it keeps running."""
from pathlib import Path

import pytest
from conftest import digest
from playwright.sync_api import expect
from sitecheck import axe_violations

ENTRY = "content/articles/2025/2025-01-22-hamburg-neue-digitalstrategie-vorgestellt.md"
PAGE = "artikel/2025-01-22-hamburg-neue-digitalstrategie-vorgestellt/index.html"


def test_an_edit_on_disk_shows_in_the_open_page_without_reload(server, project, browser_page):
    process, url, wait_for = server
    browser_page.goto(url + PAGE)
    assert browser_page.locator("h1").inner_text() == "Neue Digitalstrategie vorgestellt"
    entry = project / ENTRY
    entry.write_text(entry.read_text().replace("title: Neue Digitalstrategie vorgestellt",
                                               "title: Hamburg legt nach"))
    browser_page.wait_for_function("document.querySelector('h1').textContent === 'Hamburg legt nach'",
                                   timeout=30000)
    wait_for("built: wrote")
    assert process.poll() is None


def _break_entry(project: Path) -> str:
    """Give the entry an unknown topic; returns its good text."""
    entry = project / ENTRY
    good = entry.read_text()
    entry.write_text(good.replace("topics: [Digitalstrategie", "topics: [Smartcity, Digitalstrategie"))
    return good


def test_an_invalid_entry_shows_a_banner_and_the_server_keeps_running(server, project, browser_page):
    process, url, wait_for = server
    browser_page.goto(url + PAGE)
    entry = project / ENTRY
    good = entry.read_text()
    entry.write_text(good.replace("topics: [Digitalstrategie", "topics: [Smartcity, Digitalstrategie"))
    banner = browser_page.locator("[role=alert]")
    banner.wait_for(timeout=30000)
    assert 'unknown topic "Smartcity" (did you mean "Smart City"?)' in banner.inner_text()
    assert ENTRY in wait_for('unknown topic "Smartcity"')
    assert browser_page.locator("h1").inner_text() == "Neue Digitalstrategie vorgestellt"
    assert process.poll() is None
    entry.write_text(good.replace("title: Neue Digitalstrategie vorgestellt", "title: Wieder gut"))
    browser_page.wait_for_function("document.querySelector('h1').textContent === 'Wieder gut'",
                                   timeout=30000)
    assert browser_page.locator("[role=alert]").count() == 0


def test_a_new_draft_previews_marked_entwurf_on_its_page_and_in_lists(server, project, browser_page):
    process, url, wait_for = server
    made = digest("new", "Neue Lernplattform für Schulen", "--region", "Bayern", "--topic", "Bildung")
    draft = Path(made.stdout.strip())
    wait_for("built: wrote")
    page = browser_page
    page.goto(url)
    title = "Neue Lernplattform für Schulen"
    card = page.locator("article.karte", has_text=title)
    expect(card.locator(".entwurf")).to_have_text("Entwurf")
    expect(card.locator(".entwurf")).to_be_visible()
    expect(page.get_by_role("heading", name=f"Entwurf {title}")).to_be_visible()  # read with it
    assert page.locator(".entwurf").count() == 1  # published entries carry no mark
    page.goto(url + "regionen/bayern/index.html")
    expect(page.locator(".kurzliste li", has_text=title).locator(".entwurf")).to_be_visible()
    page.get_by_role("link", name=title).click()
    page.wait_for_url(f"**/artikel/{draft.stem}/index.html")
    expect(page.locator(".eintrag .entwurf-hinweis")).to_contain_text("Entwurf Nur in der Vorschau")
    expect(page.locator(".eintrag .entwurf")).to_be_visible()
    assert page.title().startswith(f"Entwurf: {title}")
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", [1280, 360])
def test_the_error_banner_is_german_and_never_hides_the_navigation(server, project, browser, width):
    process, url, wait_for = server
    context = browser.new_context(viewport={"width": width, "height": 700})
    try:
        page = context.new_page()
        page.goto(url + PAGE)
        _break_entry(project)
        banner = page.locator("[role=alert]")
        banner.wait_for(timeout=30000)
        assert banner.locator("p").all_inner_texts() == [
            "Build fehlgeschlagen: Die Vorschau zeigt den letzten fehlerfreien Stand.",
            "Meldung von digest (wie im Terminal):"]
        assert 'unknown topic "Smartcity"' in banner.locator("pre[lang=en]").inner_text()
        header = page.locator("header.kopf").bounding_box()
        box = banner.bounding_box()
        assert header and box and box["y"] >= header["y"] + header["height"]  # below the header
        links = page.locator("nav[aria-label=Hauptnavigation] a")
        for index in range(links.count()):
            link = links.nth(index)
            link.scroll_into_view_if_needed()
            hit = page.evaluate("""link => { const r = link.getBoundingClientRect();
                return link.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)); }""",
                                link.element_handle())
            assert hit, link.inner_text()  # nothing lies over the link
        page.get_by_role("link", name="Regionen", exact=True).click()  # fails if covered
        page.wait_for_url("**/regionen/index.html")
        banner.wait_for(timeout=30000)  # the error is shown on every page until fixed
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        box = banner.bounding_box()
        assert box and 0 <= box["y"] < 700  # still in sight after scrolling
    finally:
        context.close()
