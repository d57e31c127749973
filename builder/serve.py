"""`digest serve`: build, serve the site on 127.0.0.1, rebuild when content/ or themes/
change, and reload open tabs. A failed rebuild keeps the last good site, prints its error
and shows it as a banner in every open tab until a later build succeeds."""
from __future__ import annotations

import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

import watchfiles

from builder.errors import DigestError

EVENTS = "/__digest/events"
CLIENT = "/__digest/live.js"
# The client is added to served HTML only; built files stay as `digest build` wrote them.
CLIENT_SCRIPT = """(function () {
  var version = null, banner = null;
  function show(message) {
    if (!message) { if (banner) { banner.remove(); banner = null; } return; }
    if (!banner) {
      banner = document.createElement("div");
      banner.setAttribute("role", "alert");
      banner.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:1000;padding:.75rem 1rem;" +
        "background:#8b0000;color:#fff;font:1rem/1.4 monospace;white-space:pre-wrap";
      document.body.appendChild(banner);
    }
    banner.textContent = "Build fehlgeschlagen – die Seite zeigt den letzten guten Stand:\\n" + message;
  }
  var source = new EventSource("%s");
  source.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if (version !== null && state.version !== version) { location.reload(); return; }
    version = state.version;
    show(state.error);
  };
}());
""" % EVENTS


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


class _Handler(SimpleHTTPRequestHandler):
    """Serves the site folder, adds the live-reload client to HTML, streams build events."""

    def __init__(self, *args, state: LiveState, stopping: threading.Event, **kwargs) -> None:
        self.state = state
        self.stopping = stopping
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args) -> None:  # noqa: A002 - quiet: the terminal shows builds
        pass

    def do_GET(self) -> None:  # noqa: N802
        path = self.path.split("?", 1)[0]
        if path == EVENTS:
            return self._events()
        if path == CLIENT:
            return self._send(CLIENT_SCRIPT.encode(), "text/javascript; charset=utf-8")
        file = Path(self.translate_path(path))
        if file.is_dir():
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            html = file.read_bytes().replace(
                b"</body>", f'<script src="{CLIENT}"></script>\n</body>'.encode(), 1)
            return self._send(html, "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, data: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
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


def serve(out: Path, watch: list[Path], rebuild: Callable[[], str], host: str = "127.0.0.1",
          port: int = 8000, report: Callable[[str], None] = print) -> None:
    """Build once, then serve `out` and rebuild on every change below `watch` until Ctrl-C.

    `rebuild` builds the site and returns a one-line summary, or raises DigestError.
    """
    state = LiveState()
    stopping = threading.Event()

    def run_build() -> None:
        try:
            report(rebuild())
            state.update(None)
        except DigestError as error:
            lines = [str(problem) for problem in error.problems] + [f"error: {error}"]
            for line in lines:
                report(line)
            state.update("\n".join(lines))

    run_build()
    handler = partial(_Handler, directory=str(out.resolve()), state=state, stopping=stopping)
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    report(f"serving http://{host}:{server.server_address[1]}/ (Ctrl-C to stop)")

    def watch_and_rebuild() -> None:
        for _changes in watchfiles.watch(*[p for p in watch if p.exists()], stop_event=stopping,
                                         debounce=200, raise_interrupt=False):
            run_build()

    watcher = threading.Thread(target=watch_and_rebuild, daemon=True)
    watcher.start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stopping.set()
        server.server_close()
