"""Output for people and for CI: one-line summaries without bars in logs, -q, -v, --debug."""
import importlib.metadata
from pathlib import Path

from click.testing import CliRunner
from conftest import digest, digest_subprocess, tree_digest

from builder import build as build_module
from builder.cli import main
from builder.content import load_content


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


def test_version_and_short_help_everywhere(project: Path):
    version = digest_subprocess("--version", cwd=project)
    assert version.returncode == 0
    assert version.stdout == f"digest {importlib.metadata.version('kommunal-digest')}\n"
    for command in ([], *([name] for name in main.commands)):
        short, long = (digest(*command, flag) for flag in ("-h", "--help"))
        assert short.exit_code == 0 and short.stdout.startswith("Usage: "), command
        assert short.stdout == long.stdout and "-h, --help" in short.stdout, command


def test_build_strict_fails_where_check_strict_fails_and_keeps_the_site(project: Path):
    """`build --strict` fails on what `check --strict` fails on (a warning of the editor's
    checks; open review flags only where site.yaml says they block publishing), printing
    those problems and leaving the previous site as it was."""
    digest("import", "-q")
    assert digest("build", "-q").exit_code == 0
    before = tree_digest(project / "site")
    assert digest("build", "--strict", "-q").exit_code == 0  # the shipped review flags only warn
    settings = project / "content/site.yaml"
    shipped = settings.read_text()
    settings.write_text(shipped.replace("review_blocks_publishing: false", "review_blocks_publishing: true"))
    flags = [str(problem) for problem in load_content(project / "content").warnings
             if problem.field == "review"]
    strict = digest("build", "--strict")
    assert strict.exit_code == 1 and strict.stdout == "" and digest("check", "--strict").exit_code == 1
    *problems, summary = strict.stderr.splitlines()
    assert problems == flags
    assert summary == f"error: {len(flags)} problems in the content and --strict; nothing was built"
    assert tree_digest(project / "site") == before
    settings.write_text(shipped)
    entry = next((project / "content/articles/2025").glob("*hamburg*.md"))
    entry.write_text(entry.read_text().replace("places: [Hamburg]", "places: [Hamburgg]"))
    strict = digest("build", "--strict")
    assert strict.exit_code == 1 and '"Hamburgg" is not a place of the gazetteer' in strict.stderr
    assert tree_digest(project / "site") == before
