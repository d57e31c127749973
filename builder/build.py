"""`digest build`: validate the content, render every page, feed and asset, swap in the site."""
from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import jinja2

from builder.content import load_content
from builder.errors import DigestError, display_path
from builder.fsutil import recover_interrupted, replace_file, staging_path, swap_in
from builder.render import urls
from builder.render.feeds import feeds
from builder.render.pages import pages, render_page
from builder.render.site import build_site
from builder.render.sitemap import robots, sitemap
from builder.render.templates import make_environment, theme_folders
from builder.search.analysis import Analyzer, load_lunr_german
from builder.search.compounds import CompoundSplitter
from builder.search.index import search_files
from builder.settings import load_settings


@dataclass
class BuildResult:
    files: int
    pages: int
    entries: int
    seconds: float


class ContentInvalid(DigestError):
    """The content has errors; each was printed as its own line."""


def render_site(content: Path, base_url: str | None = None, theme: Path | None = None,
                drafts: bool = False) -> dict[str, bytes]:
    """Every output file of the site: site path -> bytes. Raises on invalid content.
    Drafts are left out unless `drafts`."""
    settings = load_settings(content / "site.yaml", base_url)
    loaded = load_content(content)
    if loaded.errors:
        raise ContentInvalid(f"{len(loaded.errors)} errors in the content; nothing was built",
                             problems=loaded.errors)
    site = build_site(loaded.entries, loaded.vocabulary, drafts)
    outputs = search_outputs(site.entries, content)
    search_shards = sorted(path for path in outputs if path.startswith("assets/suche/shard-"))
    environment = make_environment(theme)
    last_modified = {}
    for page in pages(site, settings, search_shards):
        outputs[page.path] = _render(environment, page, site, settings)
        if "entry" in page.context and page.context["entry"].date:
            last_modified[page.path] = page.context["entry"].date.isoformat()
    html_pages = [path for path in outputs if path != urls.NOT_FOUND]
    outputs.update(feeds(site, settings))
    outputs["sitemap.xml"] = sitemap(html_pages, last_modified, settings)
    outputs["robots.txt"] = robots(settings)
    outputs.update(assets(theme))
    return outputs


def search_outputs(entries, content: Path) -> dict[str, bytes]:
    """The search index shards and lunr scripts (from the project's node_modules)."""
    node_modules = find_node_modules(content)
    german = load_lunr_german(node_modules / "lunr-languages" / "lunr.de.js")
    splitter = CompoundSplitter(content.resolve().parent / ".cache" / "compounds.json")
    files = search_files(entries, Analyzer(german, splitter), node_modules)
    splitter.save()
    return files


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


def _render(environment, page, site, settings) -> bytes:
    try:
        return render_page(environment, page, site, settings)
    except jinja2.TemplateSyntaxError as error:
        raise DigestError(f"template error: {error.message}", error.filename, error.lineno) from None
    except jinja2.TemplateError as error:
        frame = _template_frame(error)
        raise DigestError(f"template error: {error}", *frame) from None


def _template_frame(error: Exception) -> tuple[str | None, int | None]:
    """The template file and line where a rendering error happened, if known."""
    location: tuple[str | None, int | None] = (None, None)
    trace = error.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".txt")):
            location = (filename, trace.tb_lineno)
        trace = trace.tb_next
    return location


def write_site(outputs: dict[str, bytes], out: Path) -> None:
    """Write the files to a staging folder and swap it in; on failure `out` is untouched."""
    recover_interrupted(out)
    staging = staging_path(out)
    try:
        staging.mkdir(parents=True)
        for path, data in sorted(outputs.items()):
            replace_file(staging / path, data)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap_in(staging, out)


def build(content: Path, out: Path, base_url: str | None = None,
          theme: Path | None = None, drafts: bool = False) -> BuildResult:
    started = time.perf_counter()
    outputs = render_site(content, base_url, theme, drafts)
    write_site(outputs, out)
    return BuildResult(len(outputs), sum(1 for p in outputs if p.endswith(".html")),
                       sum(1 for p in outputs if p.startswith("artikel/")),
                       time.perf_counter() - started)
