"""`digest serve`: live reload in a real browser, and errors as a banner while it keeps running."""
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import digest

ENTRY = "content/articles/2025/2025-01-22-hamburg-neue-digitalstrategie-vorgestellt.md"
PAGE = "artikel/2025-01-22-hamburg-neue-digitalstrategie-vorgestellt/index.html"


@pytest.fixture
def server(project: Path):
    assert digest("import", "-q").exit_code == 0
    process = subprocess.Popen([sys.executable, "-m", "builder", "serve", "--port", "0"],
                               cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, bufsize=1)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line.rstrip("\n")) for line in process.stdout],
                     daemon=True).start()
    output: list[str] = []

    def wait_for(fragment: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=0.2)
            except queue.Empty:
                continue
            output.append(line)
            if fragment in line:
                return line
        raise AssertionError(f"{fragment!r} not printed; output so far: {output}")

    url = wait_for("serving http://127.0.0.1:").split()[1]
    yield process, url, wait_for
    process.terminate()
    process.wait(timeout=10)


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
