"""The site's search beside Pagefind on the same built site, in headless Chromium.

    python -m benchmarks.search_compare --out benchmarks/search-compare.md   # 72 seeds, 10,000
    python -m benchmarks.search_compare --full                              # also 100,000
    python -m benchmarks.search_compare --sizes 72                          # seeds only

For each size it builds our site (the seed content for 72, else the generated archive of
benchmarks/corpus.py), runs Pagefind (npm package, package.json) over the entry pages of that
build, indexing what our index holds (kicker, title, summary, body, places, regions, topics: the
`article` of an entry page without its date line, field labels, sources and figures), and
serves both over loopback HTTP. A server gzips each response where that makes it smaller, as a
web server would, and counts the bytes it sends. For each query of SAMPLE a fresh browser
context opens the search page, types the query, and waits until the page is complete: no
request in flight and no change to the page for QUIET seconds, and no "noch geladen" note.
Bytes and requests count everything from opening the page; latency runs from typing to the
last change of the page. Ours is our search page (templates/search.html, with its 120 ms wait
after typing); Pagefind is a page of its own (PAGEFIND_PAGE) that loads pagefind.js with the
page and shows the first ten results with `pagefind.search(q)` and `await r.data()`.
On the seed content it also prints recall@10 and precision@10 of both over the whole query set
(tests/search_queries.yaml). A measurement, not a test.
"""
from __future__ import annotations

import argparse
import gzip
import mimetypes
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Browser, Page, sync_playwright

from benchmarks.run import digest_project
from benchmarks.search_quality import load_queries, mean_scores, relevant, scores

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work"
PAGEFIND = ROOT / "node_modules" / ".bin" / "pagefind"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SEARCH_PAGE = "suche/index.html"
OUR_INDEX = "assets/suche"  # our search files (index and scripts)
OUR_FIELD = "main input[name=q]"
ENTRY_LINK = re.compile(r"artikel/([^/]+)/")
# What Pagefind indexes of an entry page: the article without date, labels, sources, figures.
PAGEFIND_ROOT = "article.eintrag"
PAGEFIND_EXCLUDE = "p.meta, dt, ul.quellen, figure"
QUIET = 1.0  # seconds without a request or a change that count as "complete"
SAMPLE = ["Strategie", "Verwaltung", "Köln", "Haushalt", "hessische", "Verwaltungsdigitalisierng",
          "Bürgerinnen", "Smart City", "Rechenzentrum Jena", "Hochwasser"]
PAGEFIND_PAGE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Pagefind</title></head>
<body><main><input name="q" type="search"><p id="status"></p><ol id="treffer"></ol></main>
<script type="module">
const pagefind = await import("./pagefind/pagefind.js");
await pagefind.init();
const field = document.querySelector("input[name=q]");
const list = document.getElementById("treffer");
field.addEventListener("input", async () => {
  const query = field.value;
  const search = await pagefind.search(query);
  const shown = await Promise.all(search.results.slice(0, 10).map((result) => result.data()));
  if (field.value !== query) { return; }
  document.getElementById("status").textContent = search.results.length + " Treffer";
  list.replaceChildren(...shown.map((data) => {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title;
    const excerpt = document.createElement("p");
    excerpt.innerHTML = data.excerpt;
    item.append(link, excerpt);
    return item;
  }));
});
</script></body></html>
"""
WATCH = """() => {
  window.lastChange = 0;
  new MutationObserver(() => { window.lastChange = performance.now(); })
    .observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
}"""
TYPE = """([selector, text]) => {
  const field = document.querySelector(selector);
  const started = performance.now();
  field.value = text;
  field.dispatchEvent(new Event("input", {bubbles: true}));
  return started;
}"""
LINKS = "() => Array.from(document.querySelectorAll('main a[href]'), (a) => a.getAttribute('href'))"


@dataclass
class Engine:
    """One engine on one built site: where it is served from and how big its index is."""
    name: str
    folder: Path  # the folder the server serves
    page: str  # the search page, relative to folder
    field: str  # selector of the search field
    index: Path  # the index files
    build_seconds: float


@dataclass
class Measured:
    """One query on a fresh page: gzip bytes and requests since opening it, ms from typing."""
    bytes: int
    requests: int
    latency_ms: float
    ids: list[str]


def served_bytes(body: bytes, accepts_gzip: bool) -> tuple[bytes, bool]:
    """The response body as sent: gzip-compressed if the client accepts it and it gets smaller."""
    if accepts_gzip:
        packed = gzip.compress(body, 6)
        if len(packed) < len(body):
            return packed, True
    return body, False


@contextmanager
def serve(folder: Path) -> Iterator[tuple[str, list[int]]]:
    """Serve `folder` on a loopback port; yields its base URL and the list of bytes sent per
    response (append-only, for the caller to read and clear)."""
    sent: list[int] = []
    root = folder.resolve()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            path = (root / unquote(urlsplit(self.path).path).lstrip("/")).resolve()
            if path.is_dir():
                path = path / "index.html"
            if root not in path.parents or not path.is_file():
                self.send_error(404)
                return
            body, packed = served_bytes(path.read_bytes(), "gzip" in self.headers.get("Accept-Encoding", ""))
            self.send_response(200)
            self.send_header("Content-Type", content_type(path))
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            if packed:
                self.send_header("Content-Encoding", "gzip")
            self.end_headers()
            self.wfile.write(body)
            sent.append(len(body))

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", sent
    finally:
        server.shutdown()
        server.server_close()


def content_type(path: Path) -> str:
    """Media type of a served file (JavaScript modules and WebAssembly need the right one)."""
    if path.suffix in (".js", ".mjs"):
        return "text/javascript; charset=utf-8"
    if path.suffix == ".wasm" or path.name.startswith("wasm."):
        return "application/wasm"
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def folder_size(folder: Path) -> tuple[int, int]:
    """(files, bytes) below `folder`."""
    files = [path for path in folder.rglob("*") if path.is_file()]
    return len(files), sum(path.stat().st_size for path in files)


def timed(command: list[str], cwd: Path) -> float:
    """Wall seconds of `command`; exits with its output if it fails."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return time.perf_counter() - started


def build_engines(size: int) -> list[Engine]:
    """Our cold build of the seeds (size 72) or of `size` generated entries, and Pagefind's index
    of its entry pages in a folder of its own."""
    if size == 72:
        content, work = ROOT / "content", WORK / "compare-seeds"
    else:
        content, work = digest_project(size) / "content", WORK / f"compare-{size}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    site = work / "site"
    ours = timed([sys.executable, "-m", "builder", "build", "-q", "--clean", "--content", str(content),
                  "--out", str(site)], ROOT)
    bundle = work / "pagefind-site"
    bundle.mkdir()
    (bundle / "index.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
    theirs = timed([str(PAGEFIND), "--site", str(site), "--glob", "artikel/**/*.html",
                    "--root-selector", PAGEFIND_ROOT, "--exclude-selectors", PAGEFIND_EXCLUDE,
                    "--output-path", str(bundle / "pagefind"), "--quiet"], ROOT)
    return [Engine("Kommunal-Digest", site, SEARCH_PAGE, OUR_FIELD, site / OUR_INDEX, ours),
            Engine("Pagefind", bundle, "index.html", "main input[name=q]", bundle / "pagefind", theirs)]


class Watched:
    """A page with its requests in flight and the time of its last request event."""

    def __init__(self, page: Page) -> None:
        self.page, self.in_flight, self.last_event = page, 0, time.monotonic()
        page.on("request", lambda _: self._count(1))
        page.on("requestfinished", lambda _: self._count(-1))
        page.on("requestfailed", lambda _: self._count(-1))

    def _count(self, step: int) -> None:
        self.in_flight += step
        self.last_event = time.monotonic()

    def settle(self, quiet: float, since: float = 0.0, limit: float = 300) -> None:
        """Wait until no request is in flight, nothing changed for `quiet` seconds since the
        page time `since` (ms) and the page says nothing is still loading."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            self.page.wait_for_timeout(50)
            now, changed = self.page.evaluate("[performance.now(), window.lastChange]")
            since_change = (now - max(changed, since)) / 1000
            if (self.in_flight <= 0 and time.monotonic() - self.last_event >= quiet and since_change >= quiet
                    and "noch geladen" not in self.page.inner_text("main")):
                return
        raise SystemExit(f"the search page did not settle within {limit} s")

    def search(self, field: str, query: str, quiet: float) -> tuple[float, list[str]]:
        """Type `query`; ms from typing to the page's last change, and the entry ids shown."""
        started = self.page.evaluate(TYPE, [field, query])
        self.settle(quiet, since=started)
        latency = max(self.page.evaluate("window.lastChange") - started, 0.0)
        return latency, shown_ids(self.page.evaluate(LINKS))


def shown_ids(links: list[str]) -> list[str]:
    """Entry ids of result links in page order, each once."""
    ids: list[str] = []
    for link in links:
        match = ENTRY_LINK.search(link)
        if match and match.group(1) not in ids:
            ids.append(match.group(1))
    return ids


def open_page(browser: Browser, url: str) -> tuple[Watched, Callable[[], None]]:
    """A fresh context with the search page loaded and settled; and how to close it."""
    context = browser.new_context()
    page = context.new_page()
    watched = Watched(page)
    page.goto(url, wait_until="load")
    page.evaluate(WATCH)
    watched.settle(QUIET)
    return watched, context.close


def measure(browser: Browser, engine: Engine, queries: list[str]) -> list[Measured]:
    """Each query on a fresh page (cold cache)."""
    results = []
    with serve(engine.folder) as (base, sent):
        for query in queries:
            sent.clear()
            watched, close = open_page(browser, base + engine.page)
            latency, ids = watched.search(engine.field, query, QUIET)
            results.append(Measured(sum(sent), len(sent), latency, ids))
            close()
    return results


def all_results(browser: Browser, engine: Engine, queries: list[str]) -> list[list[str]]:
    """Entry ids shown for every query, typed one after the other into one page."""
    with serve(engine.folder) as (base, _):
        watched, close = open_page(browser, base + engine.page)
        found = [watched.search(engine.field, query, 0.3)[1] for query in queries]
        close()
    return found


def median_and_max(values: list[float], unit: Callable[[float], str]) -> str:
    return f"{unit(statistics.median(values))} ({unit(max(values))})"


def row(size: int, engine: Engine, measured: list[Measured], quality: str) -> str:
    files, size_bytes = folder_size(engine.index)
    return "| " + " | ".join([
        f"{size:,}", engine.name, f"{files:,} files, {size_bytes / 1e6:.2f} MB",
        f"{engine.build_seconds:.1f} s",
        median_and_max([m.bytes for m in measured], lambda b: f"{b / 1e3:,.0f} kB"),
        median_and_max([m.requests for m in measured], lambda n: f"{n:.0f}"),
        median_and_max([m.latency_ms for m in measured], lambda ms: f"{ms:,.0f} ms"), quality]) + " |"


def quality(browser: Browser, engine: Engine) -> str:
    """Recall@10 / precision@10 over the query set on the seeds, and how many queries without
    relevant entries found something."""
    queries = load_queries()
    found = all_results(browser, engine, [query["query"] for query in queries])
    wanted = [relevant(query) for query in queries]
    recall, precision = mean_scores(scores(found, wanted))
    wrong = sum(1 for ids, rel in zip(found, wanted, strict=True) if ids and not rel)
    return f"{recall:.2f} / {precision:.2f}; {wrong} of {wanted.count(set())} empty queries find entries"


HEADER = ("| entries | engine | index on disk | build | gzip bytes per query, median (max) | "
          "requests | typing to complete list, median (max) | recall@10 / precision@10 (query set) |\n"
          "|---|---|---|---|---|---|---|---|")


def main(arguments: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[72, 10000])
    parser.add_argument("--full", action="store_true", help="also 100,000 entries (slow)")
    parser.add_argument("--out", type=Path, help="write the table to this file too")
    options = parser.parse_args(arguments)
    sizes = options.sizes + ([100000] if options.full else [])
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for size in sizes:
            for engine in build_engines(size):
                judged = quality(browser, engine) if size == 72 else "–"
                rows.append(row(size, engine, measure(browser, engine, SAMPLE), judged))
                print(rows[-1], flush=True)
        browser.close()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    table = "\n".join([
        f"# Search beside Pagefind ({time.strftime('%Y-%m-%d')}, commit {commit})", "",
        f"Queries: {', '.join(SAMPLE)}; each on a fresh page over loopback. Bytes: gzip where it "
        "helps, as sent, page and search files from opening the search page to the complete list. "
        "Latency: from typing to the last change of the page (ours includes its 120 ms wait after "
        "typing). Build: ours the whole site (cold), Pagefind its index of the built entry pages. "
        "Index on disk: assets/suche/ (ours, scripts included), pagefind/ (Pagefind). "
        "Recall and precision over tests/search_queries.yaml on the seeds.", "",
        HEADER, *rows, ""])
    print(table)
    if options.out:
        options.out.write_text(table, encoding="utf-8")


if __name__ == "__main__":
    main()
