"""The entry cache: unchanged files are not parsed again, changed ones always are."""
import os
from pathlib import Path

import pytest
from conftest import count_entry_parses, digest

import builder.content
from builder.content import load_content

HAMBURG = "content/articles/2025/2025-01-22-hamburg-neue-digitalstrategie-vorgestellt.md"


@pytest.fixture
def parses(project: Path, monkeypatch) -> list[Path]:
    """The entry files parsed (not taken from the cache), in order."""
    assert digest("import", "-q").exit_code == 0
    return count_entry_parses(monkeypatch)


def age(path: Path, seconds: int = 60) -> None:
    """Date the file back, as if it had been written well before the cache."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - seconds * 10**9))


def test_unchanged_files_are_loaded_from_the_cache_with_the_same_result(project: Path, parses):
    cache = project / "entries.marshal"
    for path in (project / "content/articles").rglob("*.md"):
        age(path)
    first = load_content(project / "content", cache=cache)
    assert len(parses) == 72
    again = load_content(project / "content", cache=cache)
    assert len(parses) == 72  # nothing parsed the second time
    assert again.entries == first.entries
    assert again.digests == first.digests
    assert [str(p) for p in again.problems] == [str(p) for p in first.problems]


def test_an_edit_is_seen_even_with_the_same_size_and_timestamp(project: Path, parses):
    cache = project / "entries.marshal"
    load_content(project / "content", cache=cache)
    path = project / HAMBURG
    stat = path.stat()
    path.write_text(path.read_text().replace("Neue Digitalstrategie", "Neue Digitalstrategiq"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same mtime
    parses.clear()
    loaded = load_content(project / "content", cache=cache)
    assert parses == [path]
    assert any(e.title.endswith("Digitalstrategiq vorgestellt") for e in loaded.entries)


def test_a_changed_vocabulary_invalidates_the_cache(project: Path, parses):
    cache = project / "entries.marshal"
    load_content(project / "content", cache=cache)
    topics = project / "content/topics.yaml"
    topics.write_text(topics.read_text().replace("  - name: Smart City", "  - name: Smarte Stadt"))
    parses.clear()
    loaded = load_content(project / "content", cache=cache)
    assert len(parses) == 72
    assert any('unknown topic "Smart City"' in str(p) for p in loaded.errors)


def test_a_broken_cache_file_means_parsing_again(project: Path, parses):
    cache = project / "entries.marshal"
    cache.write_bytes(b"not marshal data")
    loaded = load_content(project / "content", cache=cache)
    assert len(parses) == 72 and len(loaded.entries) == 72


def test_parsing_in_worker_processes_gives_the_same_content(project: Path, monkeypatch):
    assert digest("import", "-q").exit_code == 0
    broken = project / HAMBURG
    broken.write_text(broken.read_text().replace("topics: [", "topics: [Smartcity, "))
    serial = load_content(project / "content")
    monkeypatch.setattr(builder.content, "_PARALLEL_FROM", 1)
    parallel = load_content(project / "content")
    assert parallel.entries == serial.entries and parallel.digests == serial.digests
    assert [str(p) for p in parallel.problems] == [str(p) for p in serial.problems]
    assert any('unknown topic "Smartcity"' in str(p) for p in parallel.errors)
