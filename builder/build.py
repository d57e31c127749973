"""`digest build`: validate the content, then render every page, feed, index shard and asset
and swap the new site in. Rebuilds are incremental: an output whose key (see
`builder.incremental`) is unchanged is hard-linked from the previous site instead of being
rendered and written again; `--clean` renders everything."""
from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import jinja2

from builder.content import load_content
from builder.errors import DigestError
from builder.fsutil import link_or_copy, recover_interrupted, staging_path, swap_in
from builder.progress import progress
from builder.incremental import Digester, Manifest, code_fingerprint, files_fingerprint
from builder.render import urls
from builder.render.feeds import atom, feed_specs, newest_date
from builder.render.pages import pages, render_page
from builder.render.site import Site, build_site
from builder.render.sitemap import robots, sitemap
from builder.render.templates import make_environment, theme_folders
from builder.search.analysis import Analyzer, load_lunr_german
from builder.search.compounds import CompoundSplitter
from builder.search.index import search_makers
from builder.settings import SiteSettings, load_settings


@dataclass
class BuildResult:
    files: int      # files in the site
    written_paths: list[str]  # files rendered and written by this build (the rest were kept)
    rendered: int   # pages, feeds and index shards rendered (keys changed), written or not
    pages: int
    entries: int
    seconds: float

    @property
    def written(self) -> int:
        return len(self.written_paths)


class ContentInvalid(DigestError):
    """The content has errors; each was printed as its own line."""


@dataclass
class Output:
    """One file of the site: how to make it, and (if it is costly) the key of its inputs."""
    path: str
    make: Callable[[], bytes]
    key: str | None = None  # None: cheap, always made and compared by bytes


def find_node_modules(content: Path) -> Path:
    """node_modules beside the content folder, else the one of this checkout."""
    for folder in (content.resolve().parent, Path(__file__).resolve().parent.parent):
        if (folder / "node_modules" / "lunr").is_dir():
            return folder / "node_modules"
    raise DigestError("node_modules with lunr not found: run `npm ci` (`make site` does)")


def assets(theme: Path | None) -> dict[str, bytes]:
    """Static files of the default theme, overridden file by file by the user's theme."""
    files: dict[str, bytes] = {}
    for folder in reversed(theme_folders(theme)):
        static = folder / "static"
        for path in sorted(static.rglob("*")) if static.is_dir() else ():
            if path.is_file():
                files["assets/" + path.relative_to(static).as_posix()] = path.read_bytes()
    return files


def _template_error(error: jinja2.TemplateError) -> DigestError:
    """One located line for a template problem."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return DigestError(f"template error: {error.message}", error.filename, error.lineno)
    location: tuple[str | None, int | None] = (None, None)
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename.endswith((".html", ".xml", ".txt")):
            location = (trace.tb_frame.f_code.co_filename, trace.tb_lineno)
        trace = trace.tb_next
    return DigestError(f"template error: {error}", *location)


def plan_outputs(site: Site, settings: SiteSettings, content: Path, theme: Path | None,
                 fingerprint: str, splitter: CompoundSplitter) -> list[Output]:
    """Every file of the site with its maker and key, in a fixed order."""
    digester = Digester()
    node_modules = find_node_modules(content)
    lunr_de = node_modules / "lunr-languages" / "lunr.de.js"
    analyzer = Analyzer(load_lunr_german(lunr_de), splitter)
    search_key = hashlib.sha256(code_fingerprint().encode() + lunr_de.read_bytes()).hexdigest()
    outputs = []
    shard_paths = []
    for path, part, make in search_makers(site.entries, analyzer, node_modules):
        if part is not None:
            shard_paths.append(path)
        outputs.append(Output(path, make, None if part is None else digester.key(search_key, path, part)))
    environment = make_environment(theme)
    for page in pages(site, settings, shard_paths):
        outputs.append(Output(page.path, lambda p=page: render_page(environment, p, site, settings),
                              digester.key(fingerprint, page.path, page.context)))
    updated = newest_date(site)
    for path, title, page_path, entries in feed_specs(site, settings):
        outputs.append(Output(path, lambda a=(title, path, page_path, entries):
                              atom(*a, settings, updated),
                              digester.key(fingerprint, path, title, entries, updated)))
    html_pages = [o.path for o in outputs if o.path.endswith(".html") and o.path != urls.NOT_FOUND]
    last_modified = {urls.entry(e): e.date.isoformat() for e in site.entries if e.date}
    outputs.append(Output("sitemap.xml", lambda: sitemap(html_pages, last_modified, settings)))
    outputs.append(Output("robots.txt", lambda: robots(settings)))
    outputs += [Output(path, lambda d=data: d) for path, data in assets(theme).items()]
    return outputs


def build(content: Path, out: Path, base_url: str | None = None, theme: Path | None = None,
          drafts: bool = False, clean: bool = False) -> BuildResult:
    """Validate and build; on any error the previous `out` stays as it was."""
    started = time.perf_counter()
    settings = load_settings(content / "site.yaml", base_url)
    loaded = load_content(content)
    if loaded.errors:
        raise ContentInvalid(f"{len(loaded.errors)} errors in the content; nothing was built",
                             problems=loaded.errors)
    site = build_site(loaded.entries, loaded.vocabulary, drafts)
    fingerprint = hashlib.sha256("\0".join((
        code_fingerprint(), files_fingerprint([folder / "templates" for folder in theme_folders(theme)]),
        settings.model_dump_json(), repr(loaded.vocabulary), str(drafts))).encode()).hexdigest()
    recover_interrupted(out)
    manifest = Manifest.load(content.resolve().parent / ".cache", out)
    previous = {} if clean or not out.is_dir() else manifest.files
    splitter = CompoundSplitter(content.resolve().parent / ".cache" / "compounds.json")
    made, kept, rendered = _make(plan_outputs(site, settings, content, theme, fingerprint, splitter),
                       previous, out)
    splitter.save()  # after the index shards were made: they taught it new words
    if made or set(kept) != set(previous):
        _write(made, kept, out)
    manifest.files = {**kept, **{path: _record(key, data) for path, (key, data) in made.items()}}
    manifest.save()
    files = set(made) | set(kept)
    return BuildResult(len(files), sorted(made), rendered, sum(1 for p in files if p.endswith(".html")),
                       sum(1 for p in files if p.startswith("artikel/")),
                       time.perf_counter() - started)


def _record(key: str | None, data: bytes) -> dict:
    return {"key": key, "sha": hashlib.sha256(data).hexdigest()}


_PARALLEL_FROM = 400  # below this many outputs to render, a second process does not pay
_outputs_to_make: list[Output] = []  # read by forked workers (inherited, not pickled)


def _make_one(index: int) -> bytes:
    try:
        return _outputs_to_make[index].make()
    except jinja2.TemplateError as error:
        raise _template_error(error) from None


def _render_all(outputs: list[Output]) -> list[bytes]:
    """Make the outputs, in one worker process per core when there are many (fork: the
    workers share the loaded site instead of receiving it)."""
    global _outputs_to_make
    _outputs_to_make = outputs
    workers = min(os.cpu_count() or 1, 8)
    try:
        if len(outputs) < _PARALLEL_FROM or workers < 2 or "fork" not in mp.get_all_start_methods():
            return [_make_one(i) for i in progress(range(len(outputs)), "build", len(outputs))]
        with mp.get_context("fork").Pool(workers) as pool:
            return list(progress(pool.imap(_make_one, range(len(outputs)), chunksize=64),
                                 "build", len(outputs)))
    finally:
        _outputs_to_make = []


def _make(outputs: list[Output], previous: dict[str, dict], out: Path
          ) -> tuple[dict[str, tuple[str | None, bytes]], dict[str, dict], int]:
    """(outputs to write: path -> (key, bytes), outputs kept from the previous site: path ->
    manifest record, number of keyed outputs rendered). A file made again with the same
    bytes is kept, under its new key."""
    made, kept = {}, {}
    to_make = []
    for output in outputs:
        before = previous.get(output.path)
        if before is not None and output.key is not None and before["key"] == output.key \
                and (out / output.path).is_file():
            kept[output.path] = before
        else:
            to_make.append(output)
    for output, data in zip(to_make, _render_all(to_make)):
        before = previous.get(output.path)
        record = _record(output.key, data)
        if before is not None and before["sha"] == record["sha"] and (out / output.path).is_file():
            kept[output.path] = record
        else:
            made[output.path] = (output.key, data)
    return made, kept, sum(1 for output in to_make if output.key is not None)


def _write(made: dict[str, tuple[str | None, bytes]], kept: dict[str, dict], out: Path) -> None:
    """Stage the new site (kept files hard-linked from the old one) and swap it in. The
    staging folder is private until the swap, so files are written in place."""
    staging = staging_path(out)
    folders: set[str] = set()

    def prepare(path: str) -> str:
        folder = os.path.dirname(path)
        if folder not in folders:
            os.makedirs(os.path.join(staging, folder), exist_ok=True)
            folders.add(folder)
        return os.path.join(staging, path)

    try:
        staging.mkdir(parents=True)
        for path in kept:
            link_or_copy(str(out / path), prepare(path))
        for path, (_, data) in sorted(made.items()):
            with open(prepare(path), "wb") as file:
                file.write(data)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap_in(staging, out)
