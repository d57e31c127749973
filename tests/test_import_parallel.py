"""Imports spread over worker processes give the same files, report and errors as in one."""
from pathlib import Path

from conftest import digest, tree_digest

from builder import runtime
from builder.ingest import importer


def force_workers(monkeypatch) -> None:
    """Use the worker pool even for the five seed pages: two cores, tiny tasks."""
    monkeypatch.setattr(runtime, "_cores", lambda: 2)
    monkeypatch.setattr(importer, "PAGES_PER_TASK", 1)
    monkeypatch.setattr(importer, "ENTRIES_PER_TASK", 3)


def without_timing(output: str) -> str:
    return output.rsplit(", ", 1)[0]


def test_import_in_workers_equals_import_in_one_process(project: Path, monkeypatch):
    serial = digest("import", "--report", "--into", "serial")
    force_workers(monkeypatch)
    pooled = digest("import", "--report", "--into", "pooled")
    assert tree_digest(project / "pooled") == tree_digest(project / "serial")
    assert without_timing(pooled.stdout) == without_timing(serial.stdout)
    assert pooled.stderr == serial.stderr != ""


def test_an_error_in_a_worker_is_one_error_line(project: Path, monkeypatch):
    force_workers(monkeypatch)
    (project / "content/sources/bild.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = digest("import", "--into", "out")
    assert result.exit_code == 1
    assert result.stderr == ("error: content/sources/bild.txt: binary file (contains NUL bytes), "
                             "not a text page\n")
    assert not (project / "out").exists()
