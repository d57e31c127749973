"""What readers learn about a source: the publisher, original address and retrieval date of
each raw page in `content/sources` (from `content/source-pages.yaml`), and of each web page an
entry cites. File names and line numbers are for editors (`digest check`), never for readers."""
from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

from builder.errors import DigestError
from builder.model import Entry, Source, plausible_date, web_url
from builder.yamlfile import load_located, validate_located

FILE_NAME = "source-pages.yaml"


class SourcePage(BaseModel):
    """One raw page of content/sources: who published it, where it was and when it was
    retrieved (the last two only where known)."""
    model_config = ConfigDict(extra="forbid", frozen=True)
    publisher: str = Field(min_length=1)
    url: str | None = None
    retrieved: datetime.date | None = None

    _url = field_validator("url")(web_url)
    _retrieved = field_validator("retrieved")(plausible_date)


class _SourcePagesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pages: dict[str, SourcePage] = Field(default_factory=dict)


@dataclass(frozen=True)
class Citation:
    """A source as readers see it."""
    publisher: str
    url: str | None = None
    retrieved: datetime.date | None = None


@dataclass(frozen=True)
class SourcePages:
    """The metadata of the source pages, by file name (relative to content/sources)."""
    pages: dict[str, SourcePage] = field(default_factory=dict)

    def citation(self, source: Source) -> Citation | None:
        """What readers see of one source (None: a source page without metadata)."""
        if source.url is not None:
            return Citation(source.publisher or urlsplit(source.url).hostname or source.url,
                            source.url, source.retrieved)
        page = self.pages.get(source.file or "")
        return None if page is None else Citation(page.publisher, page.url, page.retrieved)

    def citations(self, entry: Entry) -> list[Citation]:
        """An entry's sources as readers see them, each once, in the entry's order."""
        found = (self.citation(source) for source in entry.sources)
        return list(dict.fromkeys(citation for citation in found if citation is not None))

    def fingerprint(self) -> str:
        """Changes whenever what readers see of any source page does."""
        text = repr(sorted((name, page.model_dump(mode="json"))
                           for name, page in self.pages.items()))
        return hashlib.sha256(text.encode()).hexdigest()


def load_source_pages(content: Path, source_files: Iterable[str]) -> SourcePages:
    """Load and validate `content/source-pages.yaml` (none: no metadata); an error names the
    file, line and field, also for a page that is not in content/sources."""
    path = content / FILE_NAME
    if not path.exists():
        return SourcePages()
    located = load_located(path)
    parsed = validate_located(_SourcePagesFile, located, path)
    known = set(source_files)
    for name in parsed.pages:
        if name not in known:
            raise DigestError(f'no source page "{name}" in {content / "sources"}', path,
                              located.line_of(("pages", name)), "pages")
    return SourcePages(dict(parsed.pages))
