"""The Jinja2 environment: theme lookup (a user theme overrides any default file), German
dates (`builder.sitemodel.dates`), and Markdown with raw HTML shown as text
(`builder.render.markdown_fast`)."""
from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

from builder import cache
from builder.render.markdown_fast import markdown_renderer
from builder.sitemodel.dates import german_date, german_month

DEFAULT_THEME = Path(__file__).resolve().parent.parent.parent / "themes" / "default"


def theme_folders(user_theme: Path | None) -> list[Path]:
    """Theme folders in lookup order: the user's theme first, then the default theme."""
    return ([user_theme] if user_theme else []) + [DEFAULT_THEME]


class _MarkdownFilter:
    """Renders entry bodies; one parser, reset between documents."""

    def __init__(self) -> None:
        self._renderer = markdown_renderer()

    def __call__(self, text: str) -> Markup:
        html = self._renderer.reset().convert(text)
        return Markup(html)


def make_environment(user_theme: Path | None, compiled: Path | None = None) -> jinja2.Environment:
    """A strict environment: an undefined name or a template error fails the build. Every
    build makes a new one, so templates need not be checked for changes on each use. With
    `compiled`, templates compiled once are kept there (by the checksum of their source)."""
    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(folder / "templates"))
                                  for folder in theme_folders(user_theme)])
    environment = jinja2.Environment(loader=loader, autoescape=True, trim_blocks=True,
                                     lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                                     keep_trailing_newline=True, auto_reload=False,
                                     bytecode_cache=_bytecode_cache(compiled))
    environment.filters.update(date_de=german_date, month_de=german_month,
                               markdown=_MarkdownFilter(), after_title=summary_after_title)
    return environment


_DERIVED_TITLE = 40  # a shorter title at the start of the summary is a word of it, not its opening


def summary_after_title(summary: str, title: str) -> str:
    """The summary as read right after its entry's title: where the title is the summary's
    opening (a headline made of its first sentence, main clause or words), the summary goes
    on from there instead of saying the opening twice: the next sentence after a whole one,
    "… um Kommunen aufzuklären." after a clause or a cut; empty if the title says it all."""
    opening = title.removesuffix(" …")
    rest = summary[len(opening):]
    if len(opening) < _DERIVED_TITLE or not summary.startswith(opening) or rest[:1].isalnum():
        return summary
    if rest[:1] in (".", "!", "?"):
        return rest[1:].lstrip()
    rest = rest.lstrip(" ,;:")
    return "… " + rest if rest else ""


def _bytecode_cache(folder: Path | None) -> jinja2.BytecodeCache | None:
    """The cache of compiled templates in `folder` (none without a folder)."""
    return None if folder is None else _CompiledTemplates(folder)


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates, one `builder.cache` file per template in `folder` (valid for the
    same code and packages; Jinja checks the template's source checksum). All of them are read
    when the environment is made, before render workers fork: a damaged file is reported once,
    not once per worker."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.key = cache.validity_key("templates")
        self.compiled: dict[str, bytes] = {}  # Jinja's bucket key -> the bucket's bytes
        for path in sorted(folder.glob("*.marshal")) if folder.is_dir() else ():
            data = cache.read(path, self.key)
            if isinstance(data, bytes):
                self.compiled[path.stem] = data

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:  # Jinja drops it if the template's source changed
            try:
                bucket.bytecode_from_string(self.compiled[bucket.key])
            except Exception:  # bytes damaged inside a readable file: compile again
                bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        cache.write(self.folder / f"{bucket.key}.marshal", self.key, bucket.bytecode_to_string())
