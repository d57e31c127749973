"""Shared fixtures: a throw-away project folder with the real vocabularies and seeds."""
from __future__ import annotations

import hashlib
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import builder.content
from builder.cli import main
from builder.ingest.lines import Line, classify
from builder.ingest.parse import ParsedPage, parse_page
from builder.ingest.sources import SourcePage, normalise_line

pytest_plugins = ["browser_fixtures"]

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "content" / "sources").glob("*.txt"))


@pytest.fixture(scope="session")
def geonames_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cache")


def prepare_project(folder: Path, cache: Path) -> Path:
    """A project folder with the real content/*.yaml files, the seed sources and a shared
    cache folder (geonames, compounds)."""
    content = folder / "content"
    (content / "sources").mkdir(parents=True)
    for name in ("topics.yaml", "gazetteer.yaml", "site.yaml", "source-pages.yaml"):
        shutil.copy(ROOT / "content" / name, content / name)
    for seed in SEEDS:
        shutil.copy(seed, content / "sources" / seed.name)
    (folder / ".cache").symlink_to(cache, target_is_directory=True)
    return folder


@pytest.fixture
def project(tmp_path: Path, geonames_cache: Path, monkeypatch) -> Path:
    """A prepared project folder that is also the working directory."""
    monkeypatch.chdir(prepare_project(tmp_path, geonames_cache))
    return tmp_path


def digest(*args: str):
    """Run the CLI in-process; returns click's Result (exit_code, stdout, stderr)."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def digest_subprocess(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m builder` as a user would, in a separate process."""
    return subprocess.run([sys.executable, "-m", "builder", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def tree_digest(folder: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file below `folder`."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def parse_text(text: str, name: str = "page.txt") -> ParsedPage:
    """Parse page text as the importer would (lines normalised and classified)."""
    lines = [Line(number, clean, classify(clean))
             for number, clean in enumerate(map(normalise_line, text.split("\n")), start=1)]
    return parse_page(SourcePage(name, Path(name), lines))


def assert_every_line_accounted(parsed: ParsedPage) -> None:
    """Each line is in exactly one item or is chrome, never both, never neither."""
    owners: dict[int, int] = {}
    for item in parsed.items:
        for number in item.lines:
            owners[number] = owners.get(number, 0) + 1
    doubled = sorted(n for n, count in owners.items() if count > 1)
    both = sorted(set(owners) & set(parsed.chrome))
    lost = sorted(set(range(1, parsed.line_count + 1)) - set(owners) - set(parsed.chrome))
    assert not doubled, f"lines in two items: {doubled}"
    assert not both, f"lines both item and chrome: {both}"
    assert not lost, f"lines lost: {lost}"


def count_entry_parses(monkeypatch) -> list[Path]:
    """The entry files `digest` parses from now on (not taken from the entry cache), in order."""
    seen: list[Path] = []
    read = builder.content.read_entry

    def counting(path, *args):
        seen.append(path)
        return read(path, *args)

    monkeypatch.setattr(builder.content, "read_entry", counting)
    return seen


@pytest.fixture
def server(project: Path):
    """`digest serve` on a free port of an imported project, in a process of its own:
    (the process, its URL, wait_for(fragment) -> the first output line holding it)."""
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
