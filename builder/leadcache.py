"""The content words of entries' leads kept in `.cache/` between runs of `digest check`.

Why: reading the words of 10,000 titles and summaries (`builder.duplicates.lead_words`) took
0.65 s of a check; loading them from this cache takes a tenth of that. An entry's words are
stored under the SHA-256 of its file, so an edited entry is read again; the cache holds the
entries of the last run only. `tests/test_leadcache.py` proves the cached words equal to the
computed ones.
"""
from __future__ import annotations

from pathlib import Path

from builder import cache as caches
from builder.duplicates import lead_words
from builder.ingest.similarity import Words
from builder.model import Entry


class LeadWordsCache:
    """`lead_words` of an entry, from the cache file `path` where its file is unchanged;
    `digests` maps entry ids to the SHA-256 of their files."""

    def __init__(self, path: Path | None, digests: dict[str, str]) -> None:
        self.path = path
        self.digests = digests
        self.key = caches.validity_key("lead-words")
        self.stored: dict[str, dict[str, float]] = (caches.read(path, self.key) or {}) if path else {}
        self.used: dict[str, dict[str, float]] = {}

    def __call__(self, entry: Entry) -> Words:
        digest = self.digests[entry.id]
        words = self.stored.get(digest)
        if words is None:
            words = dict(lead_words(entry))
        self.used[digest] = words
        return words

    def save(self) -> None:
        """Keep the words of the entries asked for since loading (if they changed)."""
        if self.path is not None and self.used != self.stored:
            caches.write(self.path, self.key, self.used)
