"""The search index: lunr indexes in shards with stable boundaries, written as scripts.

Each shard is `assets/suche/shard-N.js`, a script that hands its lunr index and the
display data of its entries to the page (`DigestSearch.addShard`). Scripts rather than JSON
files so that search works without `fetch`, also when the site is opened from disk.

Dated entries are cut into shards of `CHUNK` entries counted from the oldest one, so a new
entry only changes the newest shard and an edited entry only its own: an incremental build
indexes one small shard. Undated entries have shards of their own (by title), listed last.
The search page loads the newest `FIRST_LOADED` shards at once, so the reader always has at
least `CHUNK` of the newest entries for the first result, and the others while the reader
types.
"""
from __future__ import annotations

import datetime
import html
import json
import re
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path

from builder.model import Entry
from builder.search.analysis import Analyzer, normalise_text
from builder.search.lunr_index import build_lunr_index
from builder.search.vendor import SCRIPTS
from builder.sitemodel.dates import german_date
from builder.sitemodel.listings import split_undated
from builder.sitemodel.taxonomies import TAXONOMIES

# Field boosts: title (with kicker) above places, regions and topics, above summary, above
# body. Few fields keep the index small: lunr stores every term once per field.
FIELDS = (("title", 10), ("terms", 5), ("summary", 3), ("body", 1))
# Entries per shard: one shard is re-indexed in about 0.1 s, and the two loaded first (at most
# 2 * CHUNK entries) keep the first download below 500 kB gzip (benchmarks/search_size.py).
CHUNK = 300
FIRST_LOADED = 2  # as many newest shards as templates/search.html loads with the page
SHARD_PATH = "assets/suche/shard-{}.js"
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")


def shards(entries: list[Entry]) -> list[tuple[int, list[Entry]]]:
    """(number, entries newest first) of every shard: dated shards newest first, then undated
    ones. Undated shards take the first numbers, so that the dated shards keep theirs while
    entries are added (until the undated entries fill a new shard)."""
    dated_entries, undated_entries = split_undated(entries)
    undated = _chunks(undated_entries)
    from_oldest = _chunks(dated_entries[::-1])
    dated = [(len(undated) + number, part[::-1]) for number, part in enumerate(from_oldest)]
    return dated[::-1] + list(enumerate(undated)) or [(0, [])]


def _chunks(entries: list[Entry]) -> list[list[Entry]]:
    """`entries` cut into lists of CHUNK entries; the last one may be shorter."""
    return [entries[start:start + CHUNK] for start in range(0, len(entries), CHUNK)]


def plain_body(markdown_text: str) -> str:
    """Body text for indexing: Markdown escapes and entities resolved."""
    if "\\" in markdown_text:
        markdown_text = _MARKDOWN_ESCAPE.sub(r"\1", markdown_text)
    return html.unescape(markdown_text)


def _document(position: int, entry: Entry) -> dict:
    """The indexed fields; the ref is the entry's position in its shard (short refs keep the
    inverted index small; the shard's `docs` list maps them back to entries)."""
    values = {"ref": str(position), "title": f"{entry.kicker or ''} {entry.title}",
              "terms": " ".join((*entry.places, *entry.regions, *entry.topics)),
              "summary": entry.summary, "body": plain_body(entry.body)}
    return {key: normalise_text(value) if key != "ref" else value for key, value in values.items()}


# What a result shows (the shard's "fields", then one list per entry): the search script
# reads a value by its field's name; a taxonomy with a facet adds the entry's terms.
DISPLAY_FIELDS = ("id", "title", "kicker", "date", "date_text", "summary",
                  *(taxonomy.name for taxonomy in TAXONOMIES if taxonomy.facet))
_FACETED = tuple(taxonomy for taxonomy in TAXONOMIES if taxonomy.facet)


def _display(entry: Entry) -> list:
    """The values of DISPLAY_FIELDS for one entry: id, title, kicker, ISO date, German date,
    summary, then the terms of each faceted taxonomy (as text)."""
    return [entry.id, entry.title, entry.kicker or "", entry.date.isoformat() if entry.date else "",
            _long_date(entry.date) if entry.date else "", entry.summary,
            *([str(name) for name in taxonomy.terms_of(entry)] for taxonomy in _FACETED)]


@cache
def _long_date(date: datetime.date) -> str:
    """German date of a result ("22. Januar 2025"), formatted once per date."""
    return german_date(date)


def build_index(entries: list[Entry], analyzer: Analyzer) -> str:
    """A serialised lunr index (lunr.js 2.3 format, JSON text) of the entries."""
    documents = [_document(position, entry) for position, entry in enumerate(entries)]
    return build_lunr_index(documents, FIELDS, analyzer.terms)


def shard_script(number: int, index: str, entries: list[Entry]) -> bytes:
    """The script of one shard: its number, its index (JSON text), the names of the display
    fields and its entries' display data, keys in sorted order; `</` is escaped so no text can
    end the script early."""
    docs = json.dumps([_display(entry) for entry in entries], ensure_ascii=False, separators=(",", ":"))
    fields = json.dumps(DISPLAY_FIELDS, separators=(",", ":"))
    payload = f'{{"docs":{docs},"fields":{fields},"index":{index},"shard":{number}}}'
    payload = payload.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"DigestSearch.addShard({payload});\n".encode()


def search_makers(entries: list[Entry], analyzer: Analyzer, node_modules: Path
                  ) -> list[tuple[str, list[Entry] | None, Callable[[], bytes]]]:
    """(site path, entries of the shard or None for a vendored lunr script, maker) for every
    search file, shards in the order of `shards` (the page loads the first ones at once);
    the build calls the makers only for files whose inputs changed. `entries` come newest
    first."""
    makers: list[tuple[str, list[Entry] | None, Callable[[], bytes]]] = [
        (SHARD_PATH.format(number), part, partial(_make_shard, number, part, analyzer))
        for number, part in shards(entries)]
    makers += [(target, None, (node_modules / source).read_bytes) for target, source in SCRIPTS.items()]
    return makers


def _make_shard(number: int, entries: list[Entry], analyzer: Analyzer) -> bytes:
    return shard_script(number, build_index(entries, analyzer), entries)


def search_files(entries: list[Entry], analyzer: Analyzer, node_modules: Path) -> dict[str, bytes]:
    """Site path -> bytes for the index shards and the vendored lunr scripts."""
    return {path: make() for path, _, make in search_makers(entries, analyzer, node_modules)}
