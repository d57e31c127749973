"""`digest new`: a new, valid draft entry (dated today or on a given day) with a unique id."""
from __future__ import annotations

import datetime
import difflib
import re
from pathlib import Path

from builder.clock import newsroom_today
from builder.content import suggest_topic
from builder.errors import DigestError, display_path
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


def parse_day(text: str, option: str) -> datetime.date:
    """A day written YYYY-MM-DD; anything else (or no such day) is one error naming `option`."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    raise DigestError(f'"{text}" is not a day (YYYY-MM-DD, like 2025-03-01)', field=option)


def _existing_ids(articles: Path) -> dict[str, str]:
    """The ids of the entry files with their paths (see `entry_files`; unreadable ones, such
    as a FIFO, are `digest check`'s to report)."""
    ids: dict[str, str] = {}
    for name in entry_files(articles)[0]:
        entry_id = (read_front_matter(name) or {}).get("id")
        if isinstance(entry_id, str):
            ids.setdefault(entry_id, name)
    return ids


def new_entry(content: Path, title: str, regions: tuple[str, ...] = (), places: tuple[str, ...] = (),
              topics: tuple[str, ...] = (), kicker: str | None = None, summary: str | None = None,
              today: datetime.date | None = None, source_url: str | None = None,
              publisher: str | None = None, date: datetime.date | None = None,
              force: bool = False) -> Path:
    """Write a draft entry dated `date` (default: today) and return its path; never
    overwrites a file or reuses an id. An entry with the same id (same title and date) is an
    error unless `force`, which numbers the new one (…-2). With `source_url`, the entry cites
    that web page (retrieved today, by `publisher`)."""
    if not title.strip():
        raise DigestError("the title must not be empty", field="title")
    today = today or newsroom_today()
    date = date or today
    sources = () if source_url is None else (_url_source(source_url, publisher, today),)
    _require(regions, REGIONS, "--region")
    vocabulary = load_vocabulary(content / "topics.yaml")
    for topic in topics:
        if topic not in vocabulary.names():
            hint = suggest_topic(topic, vocabulary) or f" (known: {', '.join(vocabulary.names())})"
            raise DigestError(f'unknown value "{topic}"{hint}', field="--topic")
    articles = content / "articles"
    taken = _existing_ids(articles)
    slug = german_slug(" ".join(filter(None, (kicker, title))), max_length=80)
    if not slug:
        raise DigestError("the title has no letters or digits to make an id from", field="title")
    base = f"{date.isoformat()}-{slug}"
    folder = articles / str(date.year)
    entry_id, number = base, 1
    while entry_id in taken or (folder / f"{entry_id}.md").exists():
        if not force:
            existing = taken.get(entry_id) or folder / f"{entry_id}.md"
            raise DigestError(f"{display_path(Path(existing))} already has this title and date: "
                              "choose a different title, or give --force to write a second entry")
        number += 1
        entry_id = f"{base}-{number}"
    entry = Entry(id=entry_id, title=title.strip(), kicker=kicker, date=date, added=today,
                  regions=regions, places=places, topics=topics, summary=summary or title.strip(),
                  sources=sources, status="draft",
                  review=() if summary else ("summary",), body=PLACEHOLDER_BODY)
    path = folder / f"{entry_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as file:  # "x": fail rather than overwrite
        file.write(to_markdown(entry))
    return path
