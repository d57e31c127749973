"""`digest serve` keeps going whatever happens: any failed rebuild is one line and a banner,
the watcher survives, malformed requests get a 400, and port problems are one line."""
from __future__ import annotations

import json
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import digest, digest_subprocess

from builder.errors import DigestError
from builder.serve import CLIENT, EVENTS, LiveState, build_runner, watch_changes

ENTRY = "content/articles/2025/2025-01-22-hamburg-neue-digitalstrategie-vorgestellt.md"
PAGE = "artikel/2025-01-22-hamburg-neue-digitalstrategie-vorgestellt/index.html"
TIMEOUT = 30  # seconds any one wait may take before the test fails
ERROR_LINE = re.compile(r"^(internal )?error: ")


class Server:
    """`python -m builder serve --port 0` in the project folder, its output read as it comes."""

    def __init__(self, project: Path, command: list[str] | None = None,
                 env: dict[str, str] | None = None, host: str = "127.0.0.1") -> None:
        self.process = subprocess.Popen(
            command or [sys.executable, "-m", "builder", "serve", "--port", "0"], cwd=project,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})})
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self._new: queue.Queue[None] = queue.Queue()
        for stream, lines in ((self.process.stdout, self.stdout), (self.process.stderr, self.stderr)):
            threading.Thread(target=self._read, args=(stream, lines), daemon=True).start()
        line = self.wait_for_line(lambda line: line.startswith(f"serving http://{host}:"))
        self.url = line.split()[1]
        self.port = int(self.url.rstrip("/").rsplit(":", 1)[1])

    def _read(self, stream, lines: list[str]) -> None:
        for line in stream:
            lines.append(line.rstrip("\n"))
            self._new.put(None)

    def wait_for_line(self, matches, start: int = 0) -> str:
        """The first stdout line from `start` on that `matches`, waiting for it."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            for line in self.stdout[start:]:
                if matches(line):
                    return line
            if self.process.poll() is not None and self._new.empty():
                raise AssertionError(f"server ended ({self.process.returncode}): "
                                     f"{self.stdout} {self.stderr}")
            if time.monotonic() > deadline:
                raise AssertionError(f"not printed; stdout {self.stdout}, stderr {self.stderr}")
            try:
                self._new.get(timeout=0.1)
            except queue.Empty:
                pass

    def wait_for_state(self, accept) -> dict:
        """Read the events stream until a build state that `accept` returns true for."""
        deadline = time.monotonic() + TIMEOUT
        seen = []
        with urllib.request.urlopen(self.url.rstrip("/") + EVENTS, timeout=TIMEOUT) as stream:
            while time.monotonic() < deadline:
                line = stream.readline().decode()
                assert line, f"events stream ended; states so far: {seen}"
                if line.startswith("data: "):
                    state = json.loads(line[len("data: "):])
                    seen.append(state)
                    if accept(state):
                        return state
        raise AssertionError(f"no such state within {TIMEOUT} s: {seen}; stdout {self.stdout}, "
                             f"stderr {self.stderr}")

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=TIMEOUT) as response:
            return response.read().decode()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@pytest.fixture
def previews(tmp_path: Path) -> Path:
    """The temporary folder (TMPDIR) the servers of a test build their previews in."""
    folder = tmp_path / "previews"
    folder.mkdir()
    return folder


@pytest.fixture
def server(project: Path, previews: Path):
    assert digest("import", "-q").exit_code == 0
    running = Server(project, env={"TMPDIR": str(previews)})
    try:
        yield running
    finally:
        running.stop()


# `digest serve` as a process whose build raises an OSError (as a symlink loop would) while
# content/articles/BOOM exists: an internal error, not a DigestError.
FAULTY_SERVE = """
import errno, sys
from pathlib import Path
import builder.build
real_build = builder.build.build
def build(*args, **kwargs):
    if Path("content/articles/BOOM").exists():
        raise OSError(errno.ELOOP, "Too many levels of symbolic links", "content/articles/loop.md")
    return real_build(*args, **kwargs)
builder.build.build = build
from builder.cli import run
sys.argv = ["digest", "serve", "--port", "0"]
run()
"""
BOOM_LINE = ("internal error: OSError: [Errno 40] Too many levels of symbolic links: "
             "'content/articles/loop.md'")


@pytest.fixture
def faulty_server(project: Path):
    assert digest("import", "-q").exit_code == 0
    running = Server(project, [sys.executable, "-c", FAULTY_SERVE])
    try:
        yield running
    finally:
        running.stop()


def _edit_and_wait_until_served(server: Server, project: Path, failed: dict, title: str) -> None:
    """Edit the entry's title and wait for a successful build that serves it."""
    entry = project / ENTRY
    text = entry.read_text()
    entry.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", text, count=1))

    def rebuilt_with_edit(state: dict) -> bool:
        if state["error"] is not None or state["version"] <= failed["version"]:
            return False
        return title in server.get(PAGE)

    server.wait_for_state(rebuilt_with_edit)


def test_any_failed_rebuild_is_one_line_and_a_banner_and_the_next_save_is_built(server, project):
    start = server.wait_for_state(lambda state: state["error"] is None)
    printed = len(server.stdout)
    loop = project / "content" / "articles" / "loop.md"
    loop.symlink_to("loop.md")  # a symlink loop: reading it raises OSError (ELOOP)

    failed = server.wait_for_state(lambda state: state["error"] is not None)
    assert "loop.md" in failed["error"]
    assert failed["version"] == start["version"]  # the last good site is still served
    last = server.wait_for_line(ERROR_LINE.match, printed)
    errors = [line for line in server.stdout[printed:] if ERROR_LINE.match(line)]
    assert errors == [last]
    assert last in failed["error"].splitlines()  # the banner says what the terminal says
    assert not any("Traceback" in line for line in server.stdout + server.stderr), server.stderr
    assert server.process.poll() is None

    loop.unlink()
    _edit_and_wait_until_served(server, project, failed, "Wieder heil nach der Schleife")
    assert "Traceback" not in "\n".join(server.stdout + server.stderr)
    assert server.process.poll() is None


def test_an_internal_error_of_a_rebuild_is_one_line_and_a_banner_and_watching_goes_on(
        faulty_server, project):
    server = faulty_server
    start = server.wait_for_state(lambda state: state["error"] is None)
    printed = len(server.stdout)
    boom = project / "content" / "articles" / "BOOM"
    boom.write_text("1")

    failed = server.wait_for_state(lambda state: state["error"] is not None)
    assert failed == {"version": start["version"], "error": BOOM_LINE}
    server.wait_for_line(ERROR_LINE.match, printed)
    assert [line for line in server.stdout[printed:] if ERROR_LINE.match(line)] == [BOOM_LINE]
    assert not any("Traceback" in line for line in server.stdout + server.stderr), server.stderr

    printed = len(server.stdout)
    boom.write_text("2")  # still failing: reported again, the watcher is alive
    server.wait_for_line(lambda line: line == BOOM_LINE, printed)

    boom.unlink()
    _edit_and_wait_until_served(server, project, failed, "Wieder heil nach dem Fehler")
    assert "Traceback" not in "\n".join(server.stdout + server.stderr)
    assert server.process.poll() is None


def _raw_request(port: int, target: str) -> tuple[str, dict[str, str], bytes]:
    """Status line, headers and body of `GET target` sent as it is."""
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as connection:
        connection.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                           "Connection: close\r\n\r\n".encode("latin-1"))
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status, *fields = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip()
               for name, _, value in (field.partition(":") for field in fields)}
    return status, headers, body


MALFORMED = ["/%00", "/artikel/%00/index.html", "/" + "a" * 60_000, "/%zz", "/%e", "/%ff",
             "/%ed%a0%80", "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
             "/artikel/..%2f..%2f..%2fetc/passwd", "/" + "a" * 300 + "/index.html"]


def test_malformed_requests_get_400_or_404_and_the_server_goes_on(server, project, previews):
    [preview] = previews.glob("digest-serve-*/site")
    (preview / "leak.txt").symlink_to("/etc/passwd")  # points out of the site folder
    for target in [*MALFORMED, "/leak.txt"]:
        shown = target[:40]
        status, headers, body = _raw_request(server.port, target)
        assert re.fullmatch(r"HTTP/1\.[01] (400|404) .*", status), (shown, status)
        if " 400 " in status:
            assert headers["content-type"].startswith("text/plain"), shown
            assert body.decode() == "400 Ungültige Anfrage\n", shown
        assert b"root:" not in body, shown
        status, _, body = _raw_request(server.port, "/")
        assert status.split()[1] == "200" and b"</html>" in body, shown
    assert _raw_request(server.port, "/leak.txt")[0].split()[1] == "404"
    assert server.process.poll() is None
    assert "Traceback" not in "\n".join(server.stdout + server.stderr), server.stderr


@pytest.mark.parametrize("port", ["70000", "-1"])
def test_a_port_out_of_range_is_a_usage_error(project, port):
    done = digest_subprocess("serve", "--port", port, cwd=project)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "'--port'" in errors[0] and port in errors[0], done.stderr
    assert done.stdout == "" and not (project / "site").exists()  # refused before building


def test_a_port_in_use_is_one_line_and_exit_1(project):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = digest_subprocess("serve", "--port", str(port), cwd=project)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [f"error: port {port} is in use on 127.0.0.1"], done.stderr
    assert done.stdout == "" and not (project / "site").exists()  # refused before building


# The pieces, in-process.

class _Unprintable:
    path, line, field, message = Path("content/articles/loop.md"), 1, "", "cannot read: ELOOP"

    def __str__(self) -> str:
        raise RuntimeError("Symlink loop")


def test_a_rebuild_never_raises_and_reports_every_exception_in_one_line():
    state, lines = LiveState(), []
    outcomes = iter([ValueError("kaputt\nzweite Zeile"), SystemExit(3),
                     DigestError("1 errors", problems=[_Unprintable()]), "built: ok"])

    def rebuild() -> str:
        outcome = next(outcomes)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    run_build = build_runner(rebuild, state, lines.append)
    run_build()
    assert lines == ["internal error: ValueError: kaputt zweite Zeile"]
    assert (state.version, state.error) == (0, lines[0])
    run_build()
    assert lines[-1] == "internal error: SystemExit: 3"
    run_build()
    assert lines[-2:] == ["content/articles/loop.md:1: cannot read: ELOOP", "error: 1 errors"]
    assert state.error == "\n".join(lines[-2:])
    run_build()
    assert lines[-1] == "built: ok" and (state.version, state.error) == (1, None)


def test_the_watcher_reports_a_failure_once_and_watches_again(tmp_path: Path):
    stopping, lines, changes = threading.Event(), [], []
    calls = []

    def watch(*paths, stop_event, **options):
        calls.append(paths)
        if len(calls) <= 3:  # fails three times the same way
            raise RuntimeError("inotify weg")
        yield {("modified", "x.md")}
        stop_event.set()

    watch_changes([tmp_path, tmp_path / "missing"], stopping, lambda: changes.append(1),
                  lines.append, watch=watch, retry=0.01)
    assert lines == ["internal error: watching for changes: RuntimeError: inotify weg; "
                     "watching again"]
    assert calls[-1] == (tmp_path,)
    assert len(changes) == 2  # one catch-up build after the failure, one for the change


def test_a_rebuild_waits_for_an_import_instead_of_failing_or_racing_it(server: Server,
                                                                       project: Path, tmp_path):
    """While an import holds the project lock, a save makes serve wait for it (no "busy"
    error), then rebuild with the finished import and the edit."""
    version = server.wait_for_state(lambda state: True)["version"]
    release = tmp_path / "release"
    release.touch()
    importing = subprocess.Popen(
        [sys.executable, "-m", "builder", "import", "-q"], cwd=project,
        env={**os.environ, "DIGEST_FAULT": f"hold:import.planned:{release}"},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + TIMEOUT
        while not Path(f"{release}.held").exists():
            assert importing.poll() is None and time.monotonic() < deadline, importing.stderr
            time.sleep(0.02)
        entry = project / ENTRY
        entry.write_text(entry.read_text().replace("title: Neue Digitalstrategie vorgestellt",
                                                   "title: Während des Imports bearbeitet"))
        lines_before = len(server.stdout)
    finally:
        release.unlink()
        assert importing.wait(timeout=TIMEOUT) == 0, importing.stderr.read()
    server.wait_for_state(lambda state: state["version"] > version and not state["error"])
    assert "Während des Imports bearbeitet" in server.get(PAGE)
    assert not [line for line in server.stdout[lines_before:] if ERROR_LINE.match(line)]
    assert "busy" not in "\n".join(server.stdout + server.stderr)


# Where and what it serves.

def test_serve_previews_in_a_temporary_folder_removed_on_exit(project, previews):
    assert digest("import", "-q").exit_code == 0
    manifests = set((project / ".cache").glob("build-*"))
    server = Server(project, env={"TMPDIR": str(previews)})
    try:
        [preview] = previews.glob("digest-serve-*/site")
        assert (preview / "index.html").is_file()
        assert "<h1" in server.get(PAGE)
        assert not (project / "site").exists()  # the published site is never touched
    finally:
        server.stop()
    assert server.process.returncode == 0  # SIGTERM stops it as Ctrl-C does
    assert list(previews.iterdir()) == []
    assert set((project / ".cache").glob("build-*")) == manifests  # no record of it is left


def test_serve_outside_a_project_refuses_in_one_line(tmp_path: Path):
    done = digest_subprocess("serve", "--port", "0", cwd=tmp_path)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == ("error: content/site.yaml not found: not a Kommunal-Digest project "
                           "(run digest serve in the project folder or give --content)\n")


def test_serve_listens_on_the_address_given_and_prints_the_url_to_open(project, previews):
    assert digest("import", "-q").exit_code == 0
    server = Server(project, [sys.executable, "-m", "builder", "serve", "--bind", "127.0.0.2",
                              "--port", "0"], env={"TMPDIR": str(previews)}, host="127.0.0.2")
    try:
        assert server.url == f"http://127.0.0.2:{server.port}/"
        assert "<h1" in server.get(PAGE)
        with pytest.raises(OSError):  # not on the default address
            urllib.request.urlopen(f"http://127.0.0.1:{server.port}/", timeout=TIMEOUT)
    finally:
        server.stop()


def test_drafts_are_served_unless_no_drafts(project, previews):
    assert digest("import", "-q").exit_code == 0
    draft = Path(digest("new", "Neue Lernplattform für Schulen", "--region", "Bayern").stdout.strip())
    page = f"artikel/{draft.stem}/index.html"
    server = Server(project, env={"TMPDIR": str(previews)})
    try:
        assert '<span class="entwurf">Entwurf</span>' in server.get(page)
        assert draft.stem not in server.get("feed.xml") + server.get("sitemap.xml")
    finally:
        server.stop()
    hidden = Server(project, [sys.executable, "-m", "builder", "serve", "--no-drafts", "--port", "0"],
                    env={"TMPDIR": str(previews)})
    try:
        with pytest.raises(urllib.error.HTTPError) as missing:
            hidden.get(page)
        assert missing.value.code == 404
    finally:
        hidden.stop()


def test_a_failed_first_build_serves_a_notice_that_becomes_the_site(project, previews):
    assert digest("import", "-q").exit_code == 0
    entry = project / ENTRY
    good = entry.read_text()
    entry.write_text(good.replace("topics: [Digitalstrategie", "topics: [Smartcity, Digitalstrategie"))
    server = Server(project, env={"TMPDIR": str(previews)})
    try:
        failed = server.wait_for_state(lambda state: state["error"] is not None)
        assert 'unknown topic "Smartcity"' in failed["error"]
        with pytest.raises(urllib.error.HTTPError) as waiting:
            server.get(PAGE)
        notice = waiting.value.read().decode()
        assert waiting.value.code == 503 and "Noch keine Vorschau" in notice
        assert f'<script src="{CLIENT}"></script>' in notice  # shows the banner, reloads
        entry.write_text(good)
        server.wait_for_state(lambda state: state["error"] is None and state["version"] > 0)
        assert "Neue Digitalstrategie vorgestellt" in server.get(PAGE)
    finally:
        server.stop()
