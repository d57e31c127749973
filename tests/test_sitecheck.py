"""Self-tests of the site-checking tools: each check must pass good pages and catch bad ones."""
from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sitecheck import axe_violations, serve, vnu_errors

GOOD_PAGE = """<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kommunal-Digest</title>
</head>
<body>
<header><p><a href="./">Kommunal-Digest</a></p></header>
<main>
<h1>Neue Digitalstrategie vorgestellt</h1>
<p>Hamburg hat seine neue Digitalstrategie präsentiert.</p>
<ul><li>Hamburg</li><li>Digitalstrategie</li></ul>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="Rathaus Hamburg" width="1" height="1">
</main>
</body>
</html>
"""

# Invalid for vnu: no <title> in <head>, and a <div> directly inside a <ul>.
INVALID_PAGE = """<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
</head>
<body>
<main>
<h1>Ohne Titel</h1>
<ul>
<div>kein Listeneintrag</div>
</ul>
</main>
</body>
</html>
"""

# Valid HTML, but inaccessible: no lang on <html>, and an image without alt text inside a link.
INACCESSIBLE_PAGE = """<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>Kommunal-Digest</title>
</head>
<body>
<main>
<h1>Bilder</h1>
<a href="./"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="1" height="1"></a>
</main>
</body>
</html>
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


# --- vnu ---------------------------------------------------------------------------------


def test_vnu_accepts_a_valid_page_and_reports_an_invalid_one(tmp_path: Path) -> None:
    good = write(tmp_path, "good.html", GOOD_PAGE)
    bad = write(tmp_path, "sub dir/bad.html", INVALID_PAGE)  # a space: file: URLs are quoted

    errors = vnu_errors([good, bad])  # one JVM for both files

    assert errors, "vnu found no error in a page without <title> and with <div> in <ul>"
    assert all(e.startswith(f"{bad}:") for e in errors), errors
    text = "\n".join(errors)
    assert "title" in text and "div" in text, errors
    # "file:line: message" with the line of the offending markup
    assert any(e.startswith(f"{bad}:10: ") and "div" in e for e in errors), errors


def test_vnu_valid_page_alone_gives_no_errors(tmp_path: Path) -> None:
    assert vnu_errors([write(tmp_path, "index.html", GOOD_PAGE)]) == []


def test_vnu_without_files_does_nothing() -> None:
    assert vnu_errors([]) == []


# --- serve -------------------------------------------------------------------------------


def test_serve_under_a_prefix(tmp_path: Path) -> None:
    write(tmp_path, "index.html", GOOD_PAGE)
    write(tmp_path, "2025/eintrag/index.html", "<!doctype html><title>x</title>")
    with serve(tmp_path, "/digest/") as base:
        assert base.startswith("http://127.0.0.1:") and base.endswith("/digest/")
        root = base[: -len("digest/")]

        status, body = fetch(base)
        assert status == 200 and body.decode("utf-8") == GOOD_PAGE
        assert fetch(base + "index.html")[0] == 200
        assert fetch(base + "2025/eintrag/")[0] == 200
        assert fetch(base + "fehlt.html")[0] == 404
        assert fetch(base + "2025/")[0] == 404  # no directory listings
        assert fetch(root)[0] == 404  # outside the prefix
        assert fetch(root + "index.html")[0] == 404
        assert fetch(root + "digestx/index.html")[0] == 404
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(base, timeout=2)  # stopped after the block


def test_serve_at_the_root(tmp_path: Path) -> None:
    write(tmp_path, "index.html", GOOD_PAGE)
    with serve(tmp_path) as base:
        assert base.endswith("/")
        assert fetch(base) == (200, GOOD_PAGE.encode("utf-8"))


# --- axe-core in Chromium ----------------------------------------------------------------


def test_axe_passes_a_good_page(tmp_path: Path, browser_page) -> None:
    write(tmp_path, "index.html", GOOD_PAGE)
    with serve(tmp_path, "/digest/") as base:
        response = browser_page.goto(base)
        assert response is not None and response.status == 200
        assert browser_page.title() == "Kommunal-Digest"
        assert axe_violations(browser_page) == []


def test_axe_reports_a_bad_page(tmp_path: Path, browser_page) -> None:
    write(tmp_path, "index.html", INACCESSIBLE_PAGE)
    with serve(tmp_path, "/digest/") as base:
        browser_page.goto(base)
        violations = axe_violations(browser_page)
        again = axe_violations(browser_page)  # axe is injected once; a second run works too
    ids = {v.split(" ", 1)[0] for v in violations}
    assert {"html-has-lang", "image-alt"} <= ids, violations
    assert again == violations
    image = next(v for v in violations if v.startswith("image-alt "))
    assert image.startswith("image-alt [critical] img:"), image


def test_browser_fixture_is_debian_chromium(browser) -> None:
    assert browser.browser_type.name == "chromium"
    assert browser.is_connected()
    assert browser.version.split(".")[0].isdigit()
