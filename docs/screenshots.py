"""Screenshots of the built site for the README: `python docs/screenshots.py [SITE] [OUT]`
(default: site/ into docs/screenshots/). Each page at 360 px (a phone) and 1280 px (a
desktop), the home page and an entry also in the dark scheme. Headless Debian Chromium opens
the site from disk, as a reader who downloaded it would."""
from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

CHROMIUM = "/usr/bin/chromium"
QUIET = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGES = {  # name -> the page's path in the site, the first that exists
    "home": ["index.html"],
    "entry": ["artikel/2025-01-22-hamburg-neue-digitalstrategie-vorgestellt/index.html"],
    "region": ["regionen/nordrhein-westfalen/index.html"],
    "place": ["orte/koeln/index.html", "orte/index.html"],
    "topic": ["themen/smart-city/index.html"],
    "search": ["suche/index.html"],
}
QUERIES = {"search": "?q=Digitalstrategie"}
DARK_TOO = ("home", "entry")
SIZES = {"360": (360, 740), "1280": (1280, 800)}


def shots(site: Path, out: Path, browser: Browser) -> list[Path]:
    """Take the screenshots of `site` into `out` with `browser`; the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for width, (x, y) in SIZES.items():
        for scheme in ("light", "dark"):
            page = browser.new_page(viewport={"width": x, "height": y}, color_scheme=scheme)
            for name, candidates in PAGES.items():
                path = next((site / c for c in candidates if (site / c).is_file()), None)
                if path is None or (scheme == "dark" and name not in DARK_TOO):
                    continue
                page.goto(path.as_uri() + QUERIES.get(name, ""))
                if name == "search":
                    page.wait_for_selector(".treffer")  # the results, shown by the script
                suffix = "-dark" if scheme == "dark" else ""
                target = out / f"{name}-{width}{suffix}.png"
                page.screenshot(path=str(target))
                written.append(target)
            page.close()
    return written


if __name__ == "__main__":
    site = (Path(sys.argv[1]) if len(sys.argv) > 1 else Path("site")).resolve()
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("docs/screenshots")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=QUIET)
        for written_path in shots(site, out, chromium):
            print(written_path)
        chromium.close()
