"""The `digest` command line: one subcommand per stage, errors as one line each."""
from __future__ import annotations

import sys
import tempfile
import traceback
from pathlib import Path

import click

from builder.errors import DigestError, counted
from builder.projectlock import exclusive
from builder.runtime import Runtime

CONTENT = Path("content")


class _Group(click.Group):
    """Turns user errors into one line and exit 1; other failures into exit 2 (--debug: trace).
    A command's background jobs are done when it returns."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DigestError as error:
            for problem in error.problems:
                click.echo(str(problem), err=True)
            click.echo(f"error: {error}", err=True)
            sys.exit(1)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except OSError as error:  # the machine, not the input: full disk, no permission
            where = f"{error.filename}: " if error.filename else ""
            click.echo(f"error: {where}{error.strerror or error}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except Exception as error:  # a bug, not bad input: say so in one line
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            else:
                click.echo(f"internal error: {type(error).__name__}: {error} "
                           "(run with --debug for details)", err=True)
            sys.exit(2)
        finally:
            _runtime(ctx).wait_for_background()


def run() -> None:
    """The `digest` command as a process, with the one `Runtime` of its commands, which ends
    the process (see `Runtime.exit`)."""
    runtime = Runtime()
    code: str | int | None = 0
    try:
        main(obj={"runtime": runtime})
    except SystemExit as done:
        code = done.code
    if isinstance(code, str):  # sys.exit("message"): shown, exit 1 (as Python does it)
        print(code, file=sys.stderr)
        code = 1
    runtime.exit(code or 0)


def _runtime(ctx: click.Context | None = None) -> Runtime:
    """The runtime of this command line (one is made where the caller gave none)."""
    obj = (ctx or click.get_current_context()).ensure_object(dict)
    return obj.setdefault("runtime", Runtime())


def _notice(line: str) -> None:
    click.echo(line, err=True)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kommunal-digest", prog_name="digest",
                      message="%(prog)s %(version)s")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Kommunal-Digest: import, check and build the digest."""
    ctx.ensure_object(dict)["debug"] = debug


@main.command("import")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--into", type=click.Path(path_type=Path, file_okay=False),
              default=CONTENT / "articles", show_default=True, help="Articles folder to write.")
@click.option("--content", type=click.Path(path_type=Path, file_okay=False), default=CONTENT,
              show_default=True, help="Content folder with topics.yaml and gazetteer.yaml.")
@click.option("--report", is_flag=True, help="Show every source line's entry or chrome reason.")
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the totals line.")
@click.option("-v", "--verbose", is_flag=True, help="Also print the time of each stage.")
def import_command(paths: tuple[Path, ...], into: Path, content: Path, report: bool,
                   dry_run: bool, quiet: bool, verbose: bool) -> None:
    """Import raw source pages (default: content/sources/*.txt) into entries."""
    from builder.ingest.importer import run_import
    from builder.ingest.report import detail_lines, summary_lines
    from builder.progress import configure

    configure(quiet)
    with exclusive(content, "digest import", notice=_notice):
        result = run_import(list(paths) or [content / "sources"], into, content, dry_run=dry_run,
                            runtime=_runtime())
    if report:
        for line in detail_lines(result):
            click.echo(line)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    lines = summary_lines(result)
    for line in lines[-1:] if quiet else lines:
        click.echo(line)
    if verbose:
        click.echo("stages: " + ", ".join(f"{stage} {seconds:.3f} s"
                                          for stage, seconds in result.timings.items()))
    if dry_run:
        click.echo("dry run: nothing written")


@main.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=True))
@click.option("--content", type=click.Path(path_type=Path, file_okay=False), default=CONTENT,
              show_default=True, help="Content folder.")
@click.option("--strict", is_flag=True, help="Warnings fail the check too (open review flags "
              "only if site.yaml sets review_blocks_publishing: true).")
@click.option("--errors-only", is_flag=True, help="Show no warnings (the summary counts them).")
def check_command(paths: tuple[Path, ...], content: Path, strict: bool, errors_only: bool) -> None:
    """Validate every entry (or the entry files PATHS) and the vocabularies: errors first,
    then warnings; exit 1 on errors."""
    from builder.checks import check_content, concerning, fails_strict, selected_entries
    from builder.settings import load_settings

    selected = selected_entries(list(paths), content / "articles")
    with exclusive(content, "digest check", notice=_notice):
        settings = load_settings(content / "site.yaml")
        loaded, problems = check_content(content, _runtime())
    if paths:
        problems = concerning(problems, list(paths))
    errors = [problem for problem in problems if problem.severity == "error"]
    warnings = [problem for problem in problems if problem.severity == "warning"]
    for problem in errors + ([] if errors_only else warnings):
        click.echo(problem.labelled())
    checked = len(selected) if paths else len(loaded.entries)
    what = "file" if paths else "entry"
    summary = (f"{counted(checked, what)} checked: {counted(len(errors), 'error')}, "
               f"{counted(len(warnings), 'warning')}")
    failing = [problem for problem in problems if fails_strict(problem, settings)]
    if strict and len(failing) < len(problems):
        summary += " (review flags do not fail --strict: review_blocks_publishing is false)"
    click.echo(summary)
    if errors or (strict and failing):
        sys.exit(1)




@main.command("review")
@click.option("--field", help="Only the flags of this field (title, kicker, places, topics, …).")
@click.option("--accept", nargs=2, metavar="ENTRY FIELD",
              help="Accept the guess: take FIELD out of review: of ENTRY (its file or id).")
@click.option("--edit", is_flag=True, help="Open the entries listed in $EDITOR.")
@click.option("--content", type=click.Path(path_type=Path, file_okay=False), default=CONTENT,
              show_default=True, help="Content folder.")
def review_command(field: str | None, accept: tuple[str, str] | None, edit: bool,
                   content: Path) -> None:
    """List the fields the importer guessed, by field, with the source lines they came from."""
    from builder.content import load_content
    from builder.errors import display_path
    from builder.review import accept as accept_flag
    from builder.review import entry_file, queue_lines, review_queue

    with exclusive(content, "digest review", notice=_notice):
        loaded = load_content(content, runtime=_runtime())
        if accept:
            path = entry_file(loaded, accept[0])
            accept_flag(path, accept[1])
            click.echo(f"accepted {accept[1]} of {display_path(path)}")
            return
        flags = review_queue(loaded, content / "sources", field)
    for line in queue_lines(flags):
        click.echo(line)
    entries = len({flag.path for flag in flags})
    click.echo(f"{counted(len(flags), 'open review flag')} in {counted(entries, 'entry')}"
               if flags else "no open review flags")
    if edit and flags:
        click.edit(filename=list(dict.fromkeys(flag.path for flag in flags)))


@main.command("build")
@click.option("--content", type=click.Path(path_type=Path, file_okay=False), default=CONTENT,
              show_default=True, help="Content folder.")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("site"),
              show_default=True, help="Output folder (replaced as a whole).")
@click.option("--base-url", help="Public URL of the site, e.g. https://example.org/digest/.")
@click.option("--theme", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="A theme folder whose templates/ and static/ override the default theme.")
@click.option("--drafts", is_flag=True,
              help="A preview site: also entries with status: draft, marked Entwurf (never in "
              "feeds, sitemap or search; not for publishing).")
@click.option("--strict", is_flag=True,
              help="Fail on warnings of the content check too (as digest check --strict).")
@click.option("--clean", is_flag=True, help="Parse and render everything, ignoring the caches.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary; errors only.")
@click.option("-v", "--verbose", is_flag=True,
              help="Also list the files written and the seconds spent per phase.")
def build_command(content: Path, out: Path, base_url: str | None, theme: Path | None,
                  drafts: bool, strict: bool, clean: bool, quiet: bool, verbose: bool) -> None:
    """Validate the content and build the static site (incrementally)."""
    from builder.build import build
    from builder.progress import configure

    configure(quiet)
    with exclusive(content, "digest build", notice=_notice):
        result = build(content, out, base_url, theme, drafts, clean, _runtime(), strict=strict)
    if verbose:
        for path in result.written_paths:
            click.echo(f"wrote {path}")
        click.echo("phases: " + ", ".join(f"{name} {seconds:.2f} s"
                                          for name, seconds in result.phases.items()))
    if not quiet:
        click.echo(f"built {result.pages} pages ({result.entries} entries): wrote {result.written} "
                   f"of {result.files} files into {out}/ in {result.seconds:.2f} s")


@main.command("new")
@click.argument("title")
@click.option("--region", "regions", multiple=True, help="A Land, Bund or EU (repeatable).")
@click.option("--place", "places", multiple=True, help="A municipality or district (repeatable).")
@click.option("--topic", "topics", multiple=True, help="A topic of content/topics.yaml (repeatable).")
@click.option("--kicker", help='The "Ort:" prefix shown above the title.')
@click.option("--summary", help="One or two sentences (default: the title, marked for review).")
@click.option("--source-url", help="The web page the entry reports on (cited as its source, "
              "retrieved today).")
@click.option("--publisher", help="Who published that page, e.g. Kommune21 (with --source-url).")
@click.option("--date", "day", metavar="YYYY-MM-DD", help="The day of the news (default: today).")
@click.option("--force", is_flag=True,
              help="Write the entry even if one with the same title and date exists (as …-2.md).")
@click.option("--content", type=click.Path(path_type=Path, file_okay=False), default=CONTENT,
              show_default=True, help="Content folder.")
def new_command(title: str, regions: tuple[str, ...], places: tuple[str, ...],
                topics: tuple[str, ...], kicker: str | None, summary: str | None,
                source_url: str | None, publisher: str | None, day: str | None, force: bool,
                content: Path) -> None:
    """Write a new draft entry (dated today unless --date) and print its path."""
    from builder.errors import display_path
    from builder.scaffold import new_entry, parse_day

    with exclusive(content, "digest new", notice=_notice):
        if publisher is not None and source_url is None:
            raise DigestError("--publisher names who published the --source-url: give both",
                              field="--publisher")
        path = new_entry(content, title, regions, places, topics, kicker, summary,
                         source_url=source_url, publisher=publisher,
                         date=None if day is None else parse_day(day, "--date"), force=force)
    click.echo(display_path(path))


@main.command("serve")
@click.option("--bind", default="127.0.0.1", show_default=True, metavar="ADDR",
              help="Address to listen on (0.0.0.0: all, e.g. for a phone on the same network).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free one).")
@click.option("--content", type=click.Path(path_type=Path, file_okay=False), default=CONTENT,
              show_default=True, help="Content folder.")
@click.option("--theme", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="A theme folder that overrides the default theme.")
@click.option("--drafts/--no-drafts", default=True, show_default=True,
              help="Show entries with status: draft, marked Entwurf.")
def serve_command(bind: str, port: int, content: Path, theme: Path | None, drafts: bool) -> None:
    """Preview: build into a temporary folder (removed on exit, site/ is left alone), serve
    it, rebuild on change and reload open browser tabs."""
    from builder.build import build, forget_build
    from builder.errors import display_path
    from builder.render.templates import theme_folders
    from builder.serve import serve

    settings = content / "site.yaml"
    if not settings.is_file():
        raise DigestError(f"{display_path(settings)} not found: not a Kommunal-Digest project "
                          "(run digest serve in the project folder or give --content)")
    runtime = _runtime()
    debug = bool((click.get_current_context().obj or {}).get("debug"))
    with tempfile.TemporaryDirectory(prefix="digest-serve-", ignore_cleanup_errors=True) as folder:
        out = Path(folder) / "site"

        def rebuild() -> str:  # waits while an import or build holds the project
            with exclusive(content, "digest serve", wait=True, notice=_notice):
                result = build(content, out, None, theme, drafts, runtime=runtime, preview=True)
            return f"built: wrote {result.written} of {result.files} files in {result.seconds:.2f} s"

        try:
            serve(out, [content, *theme_folders(theme)], rebuild, runtime, host=bind, port=port,
                  report=lambda line: click.echo(line), debug=debug)
        finally:
            forget_build(content, out)


@main.command("score")
@click.argument("pages_dir", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.argument("truth_dir", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option("--content", type=click.Path(path_type=Path, file_okay=False), default=CONTENT,
              show_default=True, help="Content folder with topics.yaml and gazetteer.yaml.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("-v", "--verbose", is_flag=True, help="Also list every difference found.")
def score_command(pages_dir: Path | None, truth_dir: Path | None, content: Path, as_json: bool,
                  verbose: bool) -> None:
    """Import pages into a scratch folder and score the entries against hand-made truth
    (default: tests/heldout/pages and the seeds; see tests/heldout/README.md)."""
    import json

    from builder.ingest.score import default_sets, score_pages, table
    from builder.progress import configure

    if pages_dir is not None and truth_dir is None:
        raise click.UsageError("give TRUTH_DIR together with PAGES_DIR")
    configure(quiet=True)
    # (TRUTH_DIR comes with PAGES_DIR, checked above)
    sets = {str(pages_dir): (pages_dir, truth_dir)} if pages_dir and truth_dir else default_sets(content)
    results = {name: score_pages(pages, truth, content) for name, (pages, truth) in sets.items()}
    if as_json:
        click.echo(json.dumps({name: scores.as_dict() for name, scores in results.items()},
                              ensure_ascii=False, indent=1))
        return
    if verbose:
        for name, scores in results.items():
            for problem in scores.problems:
                click.echo(f"{name}: {problem}")
    for line in table(results):
        click.echo(line)


@main.command("suggest-keywords")
@click.option("--content", type=click.Path(path_type=Path, file_okay=False), default=CONTENT,
              show_default=True, help="Content folder with topics.yaml and articles/.")
@click.option("--limit", type=click.IntRange(1), default=5, show_default=True,
              help="Suggestions per topic.")
def suggest_keywords_command(content: Path, limit: int) -> None:
    """List keywords for topics.yaml that editors' topic corrections suggest."""
    from builder.ingest.suggest import suggest_lines

    with exclusive(content, "digest suggest-keywords", notice=_notice):
        lines = suggest_lines(content, limit)
    for line in lines:
        click.echo(line)
