"""`digest new`: a new, valid draft entry with today's date and a unique id."""
from __future__ import annotations

import datetime
import difflib
from pathlib import Path

from builder.clock import newsroom_today
from builder.errors import DigestError
from builder.model import REGIONS, Entry, Source, german_slug, to_markdown, web_url
from builder.taxonomy import load_vocabulary
from builder.userfiles import entry_files
from builder.yamlfile import read_front_matter

PLACEHOLDER_BODY = "Text der Meldung."  # the body of a new entry, until the editor writes it


def _require(values: tuple[str, ...], known: tuple[str, ...], option: str) -> None:
    for value in values:
        if value not in known:
            close = difflib.get_close_matches(value, known, n=1, cutoff=0.5)
            hint = f' (did you mean "{close[0]}"?)' if close else f" (known: {', '.join(known)})"
            raise DigestError(f'unknown value "{value}"{hint}', field=option)


def _url_source(url: str, publisher: str | None, today: datetime.date) -> Source:
    """The source of a web page read today; a bad address or empty publisher is one error."""
    publisher = publisher.strip() if publisher is not None else None
    if publisher == "":
        raise DigestError("the publisher must not be empty", field="--publisher")
    try:
        web_url(url)
    except ValueError as error:
        raise DigestError(str(error), field="--source-url") from None
    return Source(url=url, publisher=publisher, retrieved=today)


def _existing_ids(articles: Path) -> set[str]:
    """The ids of the entry files (see `entry_files`; unreadable ones, such as a FIFO, are
    `digest check`'s to report)."""
    metas = (read_front_matter(name) or {} for name in entry_files(articles)[0])
    return {meta["id"] for meta in metas if isinstance(meta.get("id"), str)}


def new_entry(content: Path, title: str, regions: tuple[str, ...] = (), places: tuple[str, ...] = (),
              topics: tuple[str, ...] = (), kicker: str | None = None, summary: str | None = None,
              today: datetime.date | None = None, source_url: str | None = None,
              publisher: str | None = None) -> Path:
    """Write a draft entry and return its path; never overwrites a file or reuses an id.
    With `source_url`, the entry cites that web page (retrieved today, by `publisher`)."""
    if not title.strip():
        raise DigestError("the title must not be empty", field="title")
    today = today or newsroom_today()
    sources = () if source_url is None else (_url_source(source_url, publisher, today),)
    _require(regions, REGIONS, "--region")
    _require(topics, load_vocabulary(content / "topics.yaml").names(), "--topic")
    articles = content / "articles"
    taken = _existing_ids(articles)
    slug = german_slug(" ".join(filter(None, (kicker, title))), max_length=80)
    if not slug:
        raise DigestError("the title has no letters or digits to make an id from", field="title")
    base = f"{today.isoformat()}-{slug}"
    entry_id, number = base, 1
    while entry_id in taken or (articles / str(today.year) / f"{entry_id}.md").exists():
        number += 1
        entry_id = f"{base}-{number}"
    entry = Entry(id=entry_id, title=title.strip(), kicker=kicker, date=today, added=today,
                  regions=regions, places=places, topics=topics, summary=summary or title.strip(),
                  sources=sources, status="draft",
                  review=() if summary else ("summary",), body=PLACEHOLDER_BODY)
    path = articles / str(today.year) / f"{entry_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as file:  # "x": fail rather than overwrite
        file.write(to_markdown(entry))
    return path
