"""Checks for generated HTML: the Nu Html Checker, axe-core in headless Chromium, a local server.

The tools come from outside the venv; ``make test`` installs them:

* Debian's Chromium at ``/usr/bin/chromium`` (playwright cannot download its own browser here),
  driven by the venv's playwright;
* ``java`` plus ``node_modules/vnu-jar`` (the Nu Html Checker) and ``node_modules/axe-core``,
  pinned in ``package-lock.json`` and installed by ``npm ci``.

Every check returns a list of one-line messages; an empty list means "no problems", so a
test reads ``assert vnu_errors(pages) == []`` and pytest shows each message on failure.
"""
from __future__ import annotations

import json
import posixpath
import shutil
import subprocess
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:  # playwright is imported lazily: vnu_errors and serve work without it
    from playwright.sync_api import Browser, Page, Playwright

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"

CHROMIUM_PATH = Path("/usr/bin/chromium")
CHROMIUM_ARGS: list[str] = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: axe-core rule tags checked by :func:`axe_violations`: WCAG 2.0 and 2.1, levels A and AA.
AXE_TAGS: list[str] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_INSTALL_HINT = "run `make test` (or `npm ci --ignore-scripts`) in the project root"


def _require(path: Path, what: str) -> Path:
    """Return ``path``, or raise a clear error naming the missing tool and how to install it."""
    if not path.exists():
        raise RuntimeError(f"{what} not found at {path}: {_INSTALL_HINT}")
    return path


# --- Chromium -----------------------------------------------------------------------------


def launch_chromium(playwright: Playwright, **options: Any) -> Browser:
    """Launch Debian's headless Chromium with :data:`CHROMIUM_ARGS` on a running playwright.

    ``options`` are passed on to ``playwright.chromium.launch`` (e.g. ``slow_mo=100``);
    extra ``args`` are appended to :data:`CHROMIUM_ARGS`.
    """
    _require(CHROMIUM_PATH, "Chromium (Debian package 'chromium')")
    args = CHROMIUM_ARGS + list(options.pop("args", []))
    options.setdefault("headless", True)
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM_PATH), args=args, **options
    )


@contextmanager
def chromium(**options: Any) -> Iterator[Browser]:
    """Start playwright (sync API) and headless Chromium; yield the Browser, close both after.

    >>> with chromium() as browser:
    ...     page = browser.new_page()
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, **options)
        try:
            yield browser
        finally:
            browser.close()


# --- Nu Html Checker ----------------------------------------------------------------------


def _vnu_json(output: str) -> dict[str, Any] | None:
    """The JSON report (an object with "messages") in vnu's output, skipping any JVM notes."""
    decoder = json.JSONDecoder()
    start = output.find("{")
    while start >= 0:
        try:
            report, _ = decoder.raw_decode(output, start)
        except json.JSONDecodeError:
            report = None
        if isinstance(report, dict) and isinstance(report.get("messages"), list):
            return report
        start = output.find("{", start + 1)
    return None


def vnu_errors(paths: Sequence[Path]) -> list[str]:
    """Validate HTML files with the Nu Html Checker; return its errors as one-line messages.

    All files are checked in ONE ``java -jar vnu.jar --errors-only --format json`` run (the
    JVM start dominates the cost). Each message reads ``file:line: message`` with ``file``
    as passed in; an empty list means every file is valid. Warnings are not reported.
    Raises RuntimeError when java or the jar is missing or vnu itself fails.
    """
    if not paths:
        return []
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("'java' not found: the Nu Html Checker needs Java 11 or later")
    jar = _require(VNU_JAR, "vnu.jar (npm package vnu-jar)")
    shown = {Path(p).resolve(): str(p) for p in paths}
    proc = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json",
         *(str(Path(p).resolve()) for p in paths)],
        capture_output=True, text=True, encoding="utf-8", timeout=300,
    )
    # vnu writes its report to stderr and exits 1 when it found errors, 0 when it did not.
    report = _vnu_json(proc.stderr) or _vnu_json(proc.stdout)
    if proc.returncode not in (0, 1) or report is None:
        raise RuntimeError(
            f"vnu.jar failed (exit {proc.returncode}): {(proc.stderr or proc.stdout).strip()[:2000]}"
        )
    errors: list[str] = []
    for msg in report.get("messages", []):
        kind = msg.get("type")
        if kind == "info":  # warnings and notes; --errors-only should leave none
            continue
        url = msg.get("url", "")
        file_path = Path(unquote(urlsplit(url).path)) if url.startswith("file:") else None
        where = shown.get(file_path, url) if file_path else (url or "?")
        line = msg.get("lastLine") or msg.get("firstLine")
        text = " ".join(str(msg.get("message", "")).split())
        if kind == "non-document-error":
            text = f"vnu could not check the file: {text}"
        errors.append(f"{where}:{line}: {text}" if line else f"{where}: {text}")
    if proc.returncode == 1 and not errors:
        raise RuntimeError(f"vnu.jar exited 1 without reporting an error: {proc.stderr[:2000]}")
    return errors


# --- axe-core ----------------------------------------------------------------------------

_AXE_RUN = """
async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    count: v.nodes.length,
    target: v.nodes.length ? v.nodes[0].target : [],
  }));
}
"""


def _selector(target: Any) -> str:
    """axe's node target (a list of selectors, nested for iframes/shadow DOM) as one string."""
    if isinstance(target, list):
        return " >> ".join(_selector(t) for t in target)
    return str(target)


def axe_violations(page: Page, tags: Sequence[str] = AXE_TAGS) -> list[str]:
    """Run axe-core on the page's current document; return one line per violated rule.

    axe.min.js is injected from node_modules with ``page.add_script_tag(content=...)`` (no
    URL, no network) unless the page already has it. Each line reads
    ``rule-id [impact] first-target: help (N nodes)``; an empty list means no violations
    of the WCAG 2.0/2.1 A and AA rules. A page whose Content-Security-Policy forbids inline
    scripts needs a context made with ``bypass_csp=True``.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        source = _require(AXE_JS, "axe.min.js (npm package axe-core)").read_text(encoding="utf-8")
        page.add_script_tag(content=source)
    violations = page.evaluate(_AXE_RUN, list(tags))
    return [
        f"{v['id']} [{v['impact']}] {_selector(v['target'])}: {v['help']} ({v['count']} nodes)"
        for v in violations
    ]


# --- local HTTP server --------------------------------------------------------------------


class _QuietServer(ThreadingHTTPServer):
    """ThreadingHTTPServer that does not print tracebacks for clients hanging up early."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:  # noqa: D401
        import sys

        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class _PrefixHandler(SimpleHTTPRequestHandler):
    """Serve ``directory`` under the URL path ``prefix``; anything else is 404. No logging."""

    prefix = "/"

    def __init__(self, *args: Any, prefix: str, **kwargs: Any) -> None:
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Silence the per-request log lines."""

    def _in_prefix(self) -> bool:
        """Check the request path; answer a redirect or 404 itself when it is outside."""
        path = urlsplit(self.path).path
        if path.startswith(self.prefix):
            return True
        if path == self.prefix.rstrip("/"):  # /digest -> /digest/
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", self.prefix)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return False
        self.send_error(HTTPStatus.NOT_FOUND, "Outside the served prefix")
        return False

    def do_GET(self) -> None:  # noqa: N802
        if self._in_prefix():
            super().do_GET()

    def do_HEAD(self) -> None:  # noqa: N802
        if self._in_prefix():
            super().do_HEAD()

    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        return super().translate_path("/" + path[len(self.prefix):])

    def list_directory(self, path: Any) -> None:
        """No directory listings: like a static host, a folder without index.html is 404."""
        self.send_error(HTTPStatus.NOT_FOUND, "No index.html")
        return None


def _normalise_prefix(prefix: str) -> str:
    """``digest`` / ``/digest`` / ``/digest/`` -> ``/digest/``; ``""`` / ``/`` -> ``/``."""
    inner = posixpath.normpath("/" + prefix.strip("/")).strip("/")
    return f"/{inner}/" if inner else "/"


@contextmanager
def serve(folder: Path, prefix: str = "/") -> Iterator[str]:
    """Serve ``folder`` over HTTP on 127.0.0.1 (a free port) under the URL path ``prefix``.

    Yields the base URL ending in ``/``, e.g. ``http://127.0.0.1:41234/digest/``. Requests
    outside the prefix answer 404 (the bare prefix without its slash redirects to it), so
    links that forget the site's base path fail like on the real host. Folders serve their
    index.html; there are no directory listings. The server stops when the block ends.
    """
    root = Path(folder).resolve()
    if not root.is_dir():
        raise NotADirectoryError(root)
    prefix = _normalise_prefix(prefix)
    handler = partial(_PrefixHandler, directory=str(root), prefix=prefix)
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              name=f"serve {root}", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
