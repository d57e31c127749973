"""The review queue in `digest serve` (a page and a panel on each flagged entry, in real
Chromium), and nowhere in what `digest build` publishes."""
from pathlib import Path

from conftest import digest

DILLINGEN = "content/articles/undatiert/die-stadtwerke-dillingen-haben-den-ausbau-eines-lorawan-netzwerkes.md"
SOURCE = "content/sources/003_31b9da3b39713f7d.txt"


def test_the_preview_shows_the_queue_and_each_entry_its_flags(server, project: Path, browser_page):
    process, url, _ = server
    browser_page.goto(url + "_review/")
    assert browser_page.locator("h1").inner_text() == "Prüfliste"
    assert browser_page.locator(".pruefliste h2").all_inner_texts() == [
        "title (38)", "kicker (3)", "regions (1)", "places (1)", "topics (3)"]
    assert browser_page.locator(".pruefliste-eintraege > li").count() == 46
    cited = (project / SOURCE).read_text(encoding="utf-8").splitlines()[8].strip()
    place = browser_page.locator(".pruefliste-eintraege > li", has_text=f"{DILLINGEN}:5")
    assert place.locator("dd").all_inner_texts() == [
        "Dillingen", f"9 {cited}", f"digest review --accept {DILLINGEN} places"]

    place.locator("a").click()  # to the entry's page, which shows its three flags
    panel = browser_page.locator("aside.pruefung-panel")
    assert panel.locator("h2").inner_text() == "Zu prüfen (nur in der Vorschau)"
    assert panel.locator("li > strong").all_inner_texts() == ["title", "regions", "places"]
    assert panel.locator(".quellzeile").first.inner_text() == f"9 {cited}"
    assert panel.is_visible()

    # accepting a guess takes it out of the open page at the next rebuild
    assert digest("review", "--accept", DILLINGEN, "places").exit_code == 0
    browser_page.wait_for_function(
        "document.querySelectorAll('aside.pruefung-panel li > strong').length === 2", timeout=30000)
    assert panel.locator("li > strong").all_inner_texts() == ["title", "regions"]
    assert process.poll() is None


def test_what_digest_build_publishes_has_no_queue_and_no_panel(server, project: Path, browser_page):
    process, url, _ = server
    process.terminate()
    process.wait(timeout=10)
    assert not (project / "site/_review").exists()  # the preview was built in a folder of its own
    for out in ("site", "published"):
        result = digest("build", "--out", out, "-q")
        assert result.exit_code == 0, result.output
        site = project / out
        assert not (site / "_review").exists()
        pages = list(site.rglob("*.html"))
        assert len(pages) > 70
        assert [page for page in pages if b"pruefung" in page.read_bytes()] == []
        assert b"_review" not in (site / "sitemap.xml").read_bytes()
    entry = project / "published/artikel/die-stadtwerke-dillingen-haben-den-ausbau-eines-lorawan-netzwerkes"
    browser_page.goto((entry / "index.html").as_uri())
    assert browser_page.locator("h1").is_visible()
    assert browser_page.locator("aside.pruefung-panel").count() == 0
    assert "Zu prüfen" not in browser_page.locator("body").inner_text()
