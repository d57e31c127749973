"""`digest build`: validate the content, then render every page, feed, search index file and asset
and put the new site in place. Rebuilds are incremental: an output whose key (see
`builder.incremental`) is unchanged is kept as it is, and only files whose bytes changed are
written and moved in; `--clean` parses and renders everything."""
from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

import jinja2

from builder.cache import code_fingerprint
from builder.checks import all_problems, fails_strict
from builder.content import load_content
from builder.errors import DigestError, counted
from builder.faults import reach
from builder.fsutil import commit_changes, recover_interrupted, staging_path, swap_in
from builder.incremental import ContextKeys, Manifest, files_fingerprint, in_site
from builder.ingest.places import gazetteer_file, place_adjectives
from builder.placefacts import place_facts
from builder.progress import progress
from builder.render.feeds import atom, feed_specs
from builder.render.pages import PageRenderer, pages, pages_without_drafts
from builder.render.preview import review_page, with_review_panels
from builder.render.sitemap import robots, sitemap
from builder.render.templates import make_environment, theme_folders
from builder.review import Flag, review_queue
from builder.runtime import Runtime
from builder.search.analysis import Analyzer, load_lunr_german
from builder.search.blocks import BlockStore
from builder.search.compounds import CompoundSplitter
from builder.search.index import INDEX_PATH, search_files
from builder.search.vendor import LUNR_GERMAN, find_node_modules, used_files
from builder.search.words import WordStore
from builder.settings import SiteSettings, load_settings
from builder.sitemodel import urls
from builder.sitemodel.site import Site, build_site
from builder.sourcepages import SourcePages


@dataclass
class BuildResult:
    files: int      # files in the site
    written_paths: list[str]  # files rendered and written by this build (the rest were kept)
    rendered: int   # pages, feeds and document files rendered (keys changed), written or not
    pages: int
    entries: int
    seconds: float
    phases: dict[str, float]  # seconds per phase: load, site, plan, render, write

    @property
    def written(self) -> int:
        return len(self.written_paths)


class _Stopwatch:
    """Seconds spent per phase, for `digest build -v` and the benchmark."""

    def __init__(self) -> None:
        self.started = self._last = time.perf_counter()
        self.phases: dict[str, float] = {}

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.phases[phase] = self.phases.get(phase, 0.0) + now - self._last
        self._last = now


class ContentInvalid(DigestError):
    """The content has errors; each was printed as its own line."""


@dataclass
class Output:
    """One file of the site: how to make it, and (if it is costly) the key of its inputs."""
    path: str
    make: Callable[[], bytes]
    key: str | None = None  # None: cheap, always made and compared by bytes


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


def plan_outputs(site: Site, settings: SiteSettings, node_modules: Path, theme: Path | None,
                 fingerprint: str, words: WordStore, blocks: BlockStore, keys: ContextKeys,
                 entry_digests: dict[str, str],
                 compiled_templates: Path | None = None,
                 source_pages: SourcePages | None = None,
                 review: list[Flag] | None = None, content: Path = Path("content")
                 ) -> list[Output]:
    """Every file of the site with its maker and key, in a fixed order (templates compiled
    once are kept in `compiled_templates`, if given). Drafts (a preview, `build(drafts=True)`)
    get pages, marked in the templates, but are in no feed, sitemap or search index. With the
    open `review` flags (a preview), the entry pages show theirs and the review page lists them.
    The search index is computed here from the entries' `words` and cached `blocks`: its document and
    posting files are keyed by what they are made of, the others made at once and keyed by
    their bytes (so that a new entry makes only the few that changed)."""
    search_key = hashlib.sha256(code_fingerprint().encode() +
                                (node_modules / LUNR_GERMAN).read_bytes()).hexdigest()
    places = sorted({place for entry in site.entries for place in entry.places})
    outputs = []
    indexed = [entry for entry in site.entries if entry.status != "draft"]
    for file in search_files(indexed, words, node_modules,
                             place_adjectives(gazetteer_file(content), places), entry_digests, blocks):
        if file.content_key is not None:
            key = hashlib.sha256(f"{search_key}\0{file.path}\0{file.content_key}".encode()).hexdigest()
            outputs.append(Output(file.path, file.make, key))
        else:  # made here, keyed by its bytes
            data = file.make()
            outputs.append(Output(file.path, _given(data), hashlib.sha256(data).hexdigest()))
    render = PageRenderer(make_environment(theme, compiled_templates), site, settings,
                          source_pages or SourcePages())
    site_pages = pages(site, settings, INDEX_PATH)
    for page in site_pages if review is None else with_review_panels(site_pages, review):
        outputs.append(Output(page.path, partial(render, page),
                              keys.key(fingerprint, page.path, page.context)))
    for path, title, page_path, entries, updated in feed_specs(site, settings):
        outputs.append(Output(path, partial(atom, title, path, page_path, entries, updated, settings),
                              keys.key(fingerprint, path, title, entries, updated)))
    listed = pages_without_drafts(site, settings)
    html_pages = [o.path for o in outputs if o.path.endswith(".html") and o.path != urls.NOT_FOUND
                  and (listed is None or o.path in listed)]
    last_modified = {urls.entry(e): e.date.isoformat() for e in indexed if e.date}
    outputs.append(Output("sitemap.xml", lambda: sitemap(html_pages, last_modified, settings),
                          keys.key(fingerprint, html_pages, last_modified)))
    outputs.append(Output("robots.txt", lambda: robots(settings)))
    if review is not None:  # not in the sitemap: a page of the preview only
        page = review_page(review, site.entries)
        outputs.append(Output(page.path, partial(render, page),
                              keys.key(fingerprint, page.path, page.context)))
    outputs += [Output(path, _given(data)) for path, data in assets(theme).items()]
    return outputs


def _given(data: bytes) -> Callable[[], bytes]:
    """The maker of a file whose bytes are at hand."""
    return lambda: data


def build(content: Path, out: Path, base_url: str | None = None, theme: Path | None = None,
          drafts: bool = False, clean: bool = False, runtime: Runtime | None = None,
          strict: bool = False, preview: bool = False) -> BuildResult:
    """Validate and build; on any error (with `strict`, also on what fails `digest check
    --strict`) the previous `out` stays as it was. `drafts`: a preview site, see `plan_outputs`;
    a `preview` (`digest serve`) also has the review queue's page and panels
    (`builder.render.preview`)."""
    runtime = runtime or Runtime()
    with runtime.batch():  # loading and planning make many long-lived objects, no cycles
        return _build(content, out, base_url, theme, drafts, clean, runtime, strict, preview)


def forget_build(content: Path, out: Path) -> None:
    """Drop what builds into `out` left in the project's cache (`out` is a preview folder
    about to be removed); the shared caches of entries and words stay."""
    Manifest.load(_cache_folder(content), out, read=False).discard()


def _cache_folder(content: Path) -> Path:
    return content.resolve().parent / ".cache"


def _build(content: Path, out: Path, base_url: str | None, theme: Path | None, drafts: bool,
           clean: bool, runtime: Runtime, strict: bool, preview: bool) -> BuildResult:
    watch = _Stopwatch()
    if out.is_symlink():  # build into the folder the link names; the link stays
        out = Path(os.path.realpath(out))
    recover_interrupted(out)  # first: even a build that fails completes a cut-off one
    settings = load_settings(content / "site.yaml", base_url)
    cache = _cache_folder(content)
    loaded = load_content(content, cache=None if clean else cache / "entries.marshal",
                          runtime=runtime)
    if loaded.errors:
        raise ContentInvalid(f"{counted(len(loaded.errors), 'error')} in the content; nothing was built",
                             problems=loaded.errors)
    if strict:  # what fails `digest check --strict` fails the build
        failing = [problem for problem in all_problems(content, loaded, None if clean else cache)
                   if fails_strict(problem, settings)]
        if failing:
            raise ContentInvalid(f"{counted(len(failing), 'problem')} in the content and --strict; "
                                 "nothing was built", problems=failing)
    places = {place for entry in loaded.entries for place in entry.places}
    vocabulary = replace(loaded.vocabulary,
                         places=place_facts(places, content, None if clean else cache))
    fingerprint = hashlib.sha256("\0".join((
        code_fingerprint(), files_fingerprint([folder / "templates" for folder in theme_folders(theme)]),
        settings.model_dump_json(), repr(vocabulary), loaded.source_pages.fingerprint(),
        str(drafts), files_fingerprint([content / "sources"]) if preview else "")).encode()
    ).hexdigest()  # a preview shows lines of the source pages
    node_modules = find_node_modules(content)
    inputs = _inputs_key(fingerprint, theme, node_modules, loaded.digests, content)
    manifest = Manifest.load(cache, out, read=not clean)
    watch.lap("load")
    if not clean and manifest.inputs == inputs and manifest.intact(out):
        return _result(manifest.files, [], 0, watch)
    site = build_site(loaded.entries, vocabulary, drafts,
                      None if clean else cache / "related.marshal")
    watch.lap("site")
    previous = {} if clean or not out.is_dir() else manifest.files
    lunr_de = node_modules / LUNR_GERMAN
    analyzer = Analyzer(load_lunr_german(lunr_de),
                        CompoundSplitter(cache / "compounds.marshal", read=not clean))
    words = WordStore(analyzer, cache / "search-words.marshal", read=not clean,
                      settings=lunr_de.read_bytes())
    blocks = BlockStore(cache / "search-blocks.marshal", read=not clean)
    outputs = plan_outputs(site, settings, node_modules, theme, fingerprint, words, blocks,
                           ContextKeys(loaded.entries, loaded.digests), loaded.digests,
                           None if clean else cache / "templates", loaded.source_pages,
                           review_queue(loaded, content / "sources") if preview else None, content)
    watch.lap("plan")
    runtime.keep_loaded()
    staging = staging_path(out)
    try:
        records, written, rendered = _make(outputs, previous, out, staging, runtime)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    watch.lap("render")
    reach("build.rendered")
    deleted = sorted(set(previous) - set(records))
    if written or deleted:
        manifest.discard()  # until the new site is in place, no manifest vouches for it
        if previous:  # if cut off, the next build completes the change (recover_interrupted)
            commit_changes(staging, out, written, deleted)
        else:
            swap_in(staging, out)
        reach("build.committed")
    words.save()  # what was tokenised for the index
    blocks.save()  # and its postings per block
    analyzer.compounds.save()  # the words it split
    manifest.files, manifest.inputs = records, inputs
    manifest.save()
    watch.lap("write")
    return _result(records, written, rendered, watch)


def _inputs_key(fingerprint: str, theme: Path | None, node_modules: Path,
                entry_digests: dict[str, str], content: Path) -> str:
    """One key for everything a build reads: equal keys, equal sites."""
    vendored = used_files(node_modules)
    return hashlib.sha256("\0".join((
        fingerprint, hashlib.sha256(gazetteer_file(content).read_bytes()).hexdigest(),
        files_fingerprint([folder / "static" for folder in theme_folders(theme)]),
        *(hashlib.sha256(path.read_bytes()).hexdigest() for path in vendored),
        *sorted(f"{id}:{digest}" for id, digest in entry_digests.items()))).encode()).hexdigest()


def _result(records: dict[str, dict], written: list[str], rendered: int,
            watch: _Stopwatch) -> BuildResult:
    return BuildResult(len(records), written, rendered,
                       sum(1 for p in records if p.endswith(".html")),
                       sum(1 for p in records if p.startswith("artikel/")),
                       time.perf_counter() - watch.started, watch.phases)


_PARALLEL_FROM = 400  # below this many outputs to make, a second process does not pay


@dataclass
class _Job:
    """What the (forked) workers need to make outputs; inherited by them, not pickled."""
    outputs: list[Output]
    previous: dict[str, dict]  # the manifest of the site in `out`
    out: Path
    staging: Path

    def make(self, index: int) -> tuple[int, str, bool]:
        """Make one output; write it into the staging folder unless `out` already has these
        bytes. (index, SHA-256, written)."""
        output = self.outputs[index]
        try:
            data = output.make()
        except jinja2.TemplateError as error:
            raise _template_error(error) from None
        sha = hashlib.sha256(data).hexdigest()
        before = self.previous.get(output.path)
        unchanged = before is not None and before["sha"] == sha and in_site(self.out, output.path)
        if not unchanged:
            target = self.staging / output.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return index, sha, not unchanged


def _make(outputs: list[Output], previous: dict[str, dict], out: Path, staging: Path,
          runtime: Runtime) -> tuple[dict[str, dict], list[str], int]:
    """Make every output whose key changed, writing those whose bytes changed into
    `staging`. (manifest records {key, sha} of all outputs, paths written, number of keyed
    outputs made)."""
    records: dict[str, dict] = {}
    to_make = []
    for output in outputs:
        before = previous.get(output.path)
        if before is not None and output.key is not None and before["key"] == output.key \
                and in_site(out, output.path):
            records[output.path] = before
        else:
            to_make.append(output)
    job = _Job(to_make, previous, out, staging)
    made = runtime.map(job.make, range(len(to_make)), _PARALLEL_FROM, ordered=False)
    written = []
    for index, sha, wrote in progress(made, "build", len(to_make)):
        output = to_make[index]
        records[output.path] = {"key": output.key, "sha": sha}
        if wrote:
            written.append(output.path)
    return records, sorted(written), sum(1 for output in to_make if output.key is not None)
