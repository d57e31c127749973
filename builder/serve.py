"""`digest serve`: build, serve the site (on 127.0.0.1 unless told otherwise), rebuild when
content/ or themes/ change, and reload open tabs. A failed rebuild keeps the last good site, prints its error
and shows it as a banner in every open tab until a later build succeeds.

It keeps going whatever happens: any exception of a rebuild is one line in the terminal and
the banner, a failing file watcher is started again, and a malformed request gets a 400
instead of a traceback."""
from __future__ import annotations

import errno
import json
import os
import re
import signal
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote_to_bytes

import watchfiles

from builder.errors import DigestError
from builder.runtime import Runtime

EVENTS = "/__digest/events"
CLIENT = "/__digest/live.js"
# The client is added to served HTML only; built files stay as `digest build` wrote them.
# A failed build shows as a German notice at the top of <main>, in the flow of the page below
# its header and navigation (sticky while scrolling through main, never over the header);
# digest's own lines are quoted as the terminal shows them.
CLIENT_SCRIPT = """(function () {
  var version = null, banner = null, lines = null;
  function show(message) {
    if (!message) { if (banner) { banner.remove(); banner = null; } return; }
    if (!banner) {
      banner = document.createElement("section");
      banner.id = "digest-buildfehler";
      banner.setAttribute("role", "alert");
      banner.style.cssText = "position:sticky;top:0;z-index:10;margin:0 0 1rem;padding:.75rem 1rem;" +
        "max-height:50vh;overflow:auto;background:#8b0000;color:#fff;border-radius:.25rem";
      var title = document.createElement("p");
      title.style.cssText = "margin:0 0 .5rem;font-weight:700";
      title.textContent = "Build fehlgeschlagen: Die Vorschau zeigt den letzten fehlerfreien Stand.";
      var hint = document.createElement("p");
      hint.style.cssText = "margin:0 0 .25rem";
      hint.textContent = "Meldung von digest (wie im Terminal):";
      lines = document.createElement("pre");
      lines.lang = "en";
      lines.style.cssText = "margin:0;white-space:pre-wrap;font:.9rem/1.4 monospace";
      banner.append(title, hint, lines);
      (document.querySelector("main") || document.body).prepend(banner);
    }
    lines.textContent = message;
  }
  var source = new EventSource("__EVENTS__");
  source.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if (version !== null && state.version !== version) { location.reload(); return; }
    version = state.version;
    show(state.error);
  };
}());
""".replace("__EVENTS__", EVENTS)

# What a page shows while no build has succeeded yet (the first one failed): the notice of
# the failure, and the page itself once a build succeeds.
NO_SITE_YET = f"""<!DOCTYPE html>
<html lang="de">
<head><meta charset="utf-8"><title>Vorschau – noch kein Build</title></head>
<body>
<main>
<h1>Noch keine Vorschau</h1>
<p>Der erste Build ist fehlgeschlagen. Die Seite lädt neu, sobald ein Build gelingt.</p>
</main>
<script src="{CLIENT}"></script>
</body>
</html>
"""

MAX_TARGET = 4096  # characters of a request path; no file of a site has a longer one
NAME_MAX = 255     # characters of one file name (longer ones cannot exist)
RETRY_WATCH = 1.0  # seconds before a failed file watcher is started again
HEALTHY_WATCH = 60.0  # seconds after which a watcher that fails again is reported again
FINISH_BUILD = 30.0  # seconds a rebuild under way may take to finish when serve stops
# Short plain-text bodies of error responses (the status line keeps the English phrase).
ERROR_TEXT = {400: "Ungültige Anfrage", 403: "Kein Zugriff", 404: "Nicht gefunden",
              405: "Methode nicht erlaubt", 414: "Adresse zu lang",
              431: "Kopfzeilen zu lang", 500: "Interner Fehler", 501: "Nicht unterstützt"}
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def _one_line(text: str) -> str:
    return _LINE_BREAKS.sub(" ", text).strip()


def _text(item: object) -> str:
    """`str(item)` on one line; if that fails itself (a problem whose path cannot be shown,
    such as a symlink loop), its path, line, field and message as they are."""
    try:
        return _one_line(str(item))
    except Exception:  # noqa: BLE001 - showing an error must not raise another
        message = getattr(item, "message", None)
        if message is None:
            return f"{type(item).__name__} (cannot be shown)"
        path, line, field = (getattr(item, name, None) for name in ("path", "line", "field"))
        location = f"{path}:{line}" if path and line else str(path or "")
        return _one_line(": ".join(str(part) for part in (location, field, message) if part))


def error_lines(error: BaseException) -> list[str]:
    """What a failed build shows: a DigestError's problems and `error: …`, any other
    exception as one line `internal error: <Type>: <message>`."""
    if isinstance(error, DigestError):
        return [_text(problem) for problem in error.problems] + [f"error: {_text(error)}"]
    message = _text(error)
    return [f"internal error: {type(error).__name__}" + (f": {message}" if message else "")]


class LiveState:
    """The build version and the current error, with a way to wait for the next change."""

    def __init__(self) -> None:
        self.version = 0
        self.error: str | None = None
        self._changed = threading.Condition()

    def update(self, error: str | None) -> None:
        with self._changed:
            if error is None:
                self.version += 1
            self.error = error
            self._changed.notify_all()

    def snapshot(self) -> str:
        return json.dumps({"version": self.version, "error": self.error})

    def wait(self, seen: str, timeout: float) -> str:
        with self._changed:
            self._changed.wait_for(lambda: self.snapshot() != seen, timeout)
            return self.snapshot()


def _say(report: Callable[[str], None], line: str) -> None:
    """Report a line; a terminal that is gone must not stop the server."""
    try:
        report(line)
    except Exception:  # noqa: BLE001
        pass


def build_runner(rebuild: Callable[[], str], state: LiveState, report: Callable[[str], None],
                 debug: bool = False) -> Callable[[], None]:
    """A function that runs `rebuild` and never raises: the summary or the error lines go to
    `report`, the outcome to `state` (a success removes the banner and reloads the pages)."""

    def run_build() -> None:
        try:
            summary = rebuild()
        except (Exception, SystemExit) as error:  # whatever it is, the server keeps going
            lines = error_lines(error)
            if debug and not isinstance(error, DigestError):
                traceback.print_exc(file=sys.stderr)
            for line in lines:
                _say(report, line)
            state.update("\n".join(lines))
        else:
            _say(report, summary)
            state.update(None)

    return run_build


def watch_changes(paths: Iterable[Path], stopping: threading.Event, on_change: Callable[[], None],
                  report: Callable[[str], None], watch=watchfiles.watch,
                  retry: float = RETRY_WATCH) -> None:
    """Call `on_change` after every change below `paths` until `stopping` is set. When the
    watcher fails or ends by itself, say so in one line (once while it keeps failing the same
    way), wait `retry` seconds, build once (changes may have been missed) and watch again."""
    paths = list(paths)
    failure: str | None = None
    while not stopping.is_set():
        started = time.monotonic()
        try:
            roots = [path for path in paths if path.exists()]
            if not roots:
                raise FileNotFoundError("nothing to watch: " + ", ".join(map(str, paths)))
            for _changes in watch(*roots, stop_event=stopping, debounce=200,
                                  raise_interrupt=False):
                failure = None
                on_change()
            if stopping.is_set():
                return
            problem = "internal error: watching for changes stopped; watching again"
        except Exception as error:  # noqa: BLE001 - the watcher must survive
            problem = (f"internal error: watching for changes: {type(error).__name__}: "
                       f"{_text(error)}; watching again")
        if time.monotonic() - started > HEALTHY_WATCH:
            failure = None  # it worked for a while: a new failure, say so again
        if problem != failure:
            _say(report, problem)
            failure = problem
            if not stopping.wait(retry):
                on_change()
        else:
            stopping.wait(retry)


class _Handler(SimpleHTTPRequestHandler):
    """Serves the site folder, adds the live-reload client to HTML, streams build events.
    Malformed requests get a 400, nothing below the site folder a 404, and an unexpected
    error a 500 and one line in the terminal: never a traceback or a dropped connection."""

    def __init__(self, *args, state: LiveState, stopping: threading.Event,
                 report: Callable[[str], None] = print, **kwargs) -> None:
        self.state = state
        self.stopping = stopping
        self.report = report
        self._responded = False
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args) -> None:  # noqa: A002 - quiet: the terminal shows builds
        pass

    def handle_one_request(self) -> None:
        self._responded = False
        try:
            super().handle_one_request()
        except (ConnectionError, TimeoutError):  # the browser went away or stalled
            self.close_connection = True
        except Exception as error:  # noqa: BLE001 - one request must not show a traceback
            self.close_connection = True
            target = getattr(self, "path", "")
            shown = repr(target[:200] + ("…" if len(target) > 200 else ""))
            _say(self.report, f"internal error: serving {shown}: {type(error).__name__}: "
                              f"{_text(error)[:300]}")
            if not self._responded:
                try:
                    self.send_error(HTTPStatus.INTERNAL_SERVER_ERROR)
                except Exception:  # noqa: BLE001 - the connection is gone as well
                    pass

    def send_response_only(self, code, message=None) -> None:
        self._responded = True
        super().send_response_only(code, message)

    def send_error(self, code, message=None, explain=None) -> None:
        """A short plain-text body (the default one is an English HTML page)."""
        code = int(code)
        self.send_response(code)  # the standard phrase: `message` may hold anything
        self.send_header("Connection", "close")
        body = b""
        if code >= 200 and code not in (204, 205, 304):
            text = ERROR_TEXT.get(code) or self.responses.get(code, ("Fehler",))[0]
            body = f"{code} {text}\n".encode()
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        self._respond(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(head=True)

    def _respond(self, head: bool) -> None:
        path = self._checked_path()
        if path is None:
            return
        if path == EVENTS:
            return self._events(head)
        if path == CLIENT:
            return self._send(CLIENT_SCRIPT.encode(), "text/javascript; charset=utf-8", head)
        if not os.path.isdir(self.directory):  # no build has succeeded yet
            return self._send(NO_SITE_YET.encode(), "text/html; charset=utf-8", head, 503)
        file = Path(self.translate_path(path))
        if not self._inside_site(file) or any(len(part) > NAME_MAX for part in file.parts):
            return self.send_error(HTTPStatus.NOT_FOUND)  # no file of the site has such a name
        if file.is_dir():
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            html = file.read_bytes().replace(
                b"</body>", f'<script src="{CLIENT}"></script>\n</body>'.encode(), 1)
            return self._send(html, "text/html; charset=utf-8", head)
        return super().do_HEAD() if head else super().do_GET()

    def _checked_path(self) -> str | None:
        """The request's path without query and fragment, or None after a 400 for one that
        is too long, badly percent-encoded, not UTF-8, holds control characters (NUL) or
        `..` segments."""
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        malformed = len(path) > MAX_TARGET or _BAD_ESCAPE.search(path) is not None
        if not malformed:
            try:
                decoded = unquote_to_bytes(path).decode("utf-8")
            except UnicodeDecodeError:
                malformed = True
            else:
                malformed = (any(ord(char) < 32 or ord(char) == 127 for char in decoded)
                             or ".." in re.split(r"[/\\]", decoded))
        if malformed:
            self.send_error(HTTPStatus.BAD_REQUEST)
            return None
        return path

    def _inside_site(self, file: Path) -> bool:
        root = os.path.realpath(self.directory)
        real = os.path.realpath(file)
        return real == root or real.startswith(root + os.sep)

    def _send(self, data: bytes, content_type: str, head: bool = False, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def _events(self, head: bool = False) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if head:
            return
        self.close_connection = True  # the stream ends only with the connection
        seen = ""
        try:
            while not self.stopping.is_set():
                current = self.state.wait(seen, timeout=15)
                if current != seen:
                    self.wfile.write(f"data: {current}\n\n".encode())
                    seen = current
                else:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, handler, report: Callable[[str], None]) -> None:
        self.report = report
        if ":" in address[0]:  # an IPv6 address such as ::1 or ::
            self.address_family = socket.AF_INET6
        super().__init__(address, handler)

    def handle_error(self, request, client_address) -> None:
        """One line instead of socketserver's traceback; nothing for a browser gone away."""
        error = sys.exc_info()[1]
        if error is None or isinstance(error, (ConnectionError, TimeoutError)):
            return
        _say(self.report, f"internal error: serving a request: {type(error).__name__}: "
                          f"{_text(error)}")


def url_to_open(host: str, port: int) -> str:
    """The address a browser on this machine opens for a server bound to `host`."""
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def _listening_line(host: str, port: int) -> str:
    everywhere = host in ("", "0.0.0.0", "::")
    note = ("listening on all addresses: other devices open this computer's network address "
            f"with port {port}; " if everywhere else "")
    return f"serving {url_to_open(host, port)} ({note}Ctrl-C to stop)"


def _stop_on_terminate() -> None:
    """SIGTERM ends `serve` as Ctrl-C does (cleaning up), not at once."""
    def interrupt(signum, frame) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, interrupt)


def _listen(host: str, port: int, handler, report: Callable[[str], None]) -> _Server:
    try:
        return _Server((host, port), handler, report)
    except OverflowError:
        raise DigestError(f"port {port} is not one of 0-65535") from None
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise DigestError(f"port {port} is in use on {host}") from None
        raise DigestError(f"cannot serve on {host}:{port}: {error.strerror or error}") from None


def serve(out: Path, watch: list[Path], rebuild: Callable[[], str], runtime: Runtime,
          host: str = "127.0.0.1", port: int = 8000, report: Callable[[str], None] = print,
          debug: bool = False) -> None:
    """Build once, then serve `out` and rebuild on every change below `watch` until Ctrl-C.

    `rebuild` builds the site and returns a one-line summary; whatever it raises is reported
    (DigestError as `error: …`, anything else as `internal error: …`, with a traceback on
    stderr only when `debug`) and shown in the pages. The first build may use worker
    processes of `runtime`; the rebuilds, which run beside the server's threads, do not.
    Raises DigestError when the port cannot be listened on (in use), before building anything.
    SIGTERM stops it as Ctrl-C does; a rebuild under way is given `FINISH_BUILD` seconds.
    """
    state = LiveState()
    stopping = threading.Event()
    handler = partial(_Handler, directory=str(out.resolve()), state=state, stopping=stopping,
                      report=report)
    server = _listen(host, port, handler, report)
    run_build = build_runner(rebuild, state, report, debug)
    watcher = threading.Thread(target=watch_changes, name="digest-watch", daemon=True,
                               args=(watch, stopping, run_build, report))
    _stop_on_terminate()
    try:
        run_build()
        report(_listening_line(host, server.server_address[1]))
        with runtime.alongside_threads():
            watcher.start()
            server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stopping.set()
        server.server_close()
        if watcher.is_alive():
            watcher.join(FINISH_BUILD)
