"""Output for people and for CI: one-line summaries without bars in logs, -q, -v, --debug."""
from pathlib import Path

from click.testing import CliRunner
from conftest import digest, digest_subprocess

from builder import build as build_module
from builder.cli import main


def test_ci_logs_get_plain_one_line_summaries(project: Path):
    run = digest_subprocess("import", cwd=project)
    assert run.returncode == 0 and "\r" not in run.stdout + run.stderr
    run = digest_subprocess("build", cwd=project)
    assert run.returncode == 0
    assert run.stdout.count("\n") == 1 and run.stdout.startswith("built ")
    assert "\r" not in run.stdout + run.stderr and "%|" not in run.stderr
    assert (project / ".cache" / "entries.marshal").is_file()  # saved before the process ended
    failed = digest_subprocess("build", "--content", "fehlt", cwd=project)
    assert failed.returncode == 1 and failed.stdout == ""
    assert failed.stderr.startswith("error: fehlt/site.yaml: cannot read") and failed.stderr.count("\n") == 1


def test_quiet_and_verbose(project: Path):
    digest("import", "-q")
    assert digest("build", "-q").stdout == ""
    entry = next((project / "content/articles/2025").glob("*hamburg*.md"))
    entry.write_text(entry.read_text().replace("title: Neue", "title: Ganz neue"))
    verbose = digest("build", "-v").stdout.splitlines()
    assert f"wrote artikel/{entry.stem}/index.html" in verbose
    assert verbose[-1].startswith("built ")
    assert digest("import", "-q").stdout.count("\n") == 1


def test_internal_errors_are_one_line_unless_debug(project: Path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(build_module, "build", broken)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 2
    assert result.stderr == "internal error: RuntimeError: kaputt (run with --debug for details)\n"
    debug = CliRunner().invoke(main, ["--debug", "build"])
    assert debug.exit_code == 2 and "Traceback" in debug.stderr and "kaputt" in debug.stderr
