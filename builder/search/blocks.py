"""The rows of the postings per block of documents, cached: a speed trick (a test in
`tests/test_search_ranking.py` proves postings merged from cached blocks equal to postings
computed afresh, also after entries, places and the vocabulary changed).

A block is `postings.BLOCK` documents in number order. Its rows (each key, document and form
it holds, with the score step) depend only on its documents' words and on the keys and forms
their tokens are indexed under, not on other documents (BM25 without the idf, against fixed
field lengths). So a block is cached by a digest of its entries' files and of its tokens' keys
and forms, with keys and forms written out (not numbered: their numbers shift with every new
term), and a rebuild after editing or adding an entry computes one block and merges the
others from `.cache/search-blocks.marshal`.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import numpy as np

from builder import cache
from builder.search.postings import Rows, distinct_with_index

Stored = tuple[list[str], list[str], bytes, bytes, bytes, bytes]  # keys, forms; key, document, form, step


class BlockStore:
    """Rows of blocks by digest; read from `cache_file` unless `read` is False (`digest build
    --clean`), written by `save` with the blocks used since. Without a cache file, nothing is
    kept between runs."""

    def __init__(self, cache_file: Path | None = None, read: bool = True) -> None:
        self._cache_file = cache_file
        self._key = cache.validity_key("search-blocks")
        stored = cache.read(cache_file, self._key) if cache_file and read else None
        self._blocks: dict[str, Stored] = stored or {}
        self._used: set[str] = set()
        self._dirty = False
        self.reused = 0  # blocks taken from the cache in this run

    def rows(self, digest: str | None, first: int, compute: Callable[[], Rows], keys: list[str],
             forms: list[str], key_numbers: dict[str, int], form_numbers: dict[str, int]) -> Rows:
        """The rows of the block of documents from `first`: cached under `digest`, else
        computed (keys and forms numbered as in `keys` and `forms`) and kept (unless `digest`
        is None)."""
        stored = self._blocks.get(digest) if digest else None
        if stored is not None:
            self.reused += 1
            rows = _numbered(stored, first, key_numbers, form_numbers)
        else:
            rows = compute()
            if digest:
                self._blocks[digest] = _written_out(rows, first, keys, forms)
                self._dirty = True
        if digest:
            self._used.add(digest)
        return rows

    def save(self) -> None:
        """Write the cache with the blocks used since it was read (best effort)."""
        unused = self._blocks.keys() - self._used
        if self._cache_file and (self._dirty or unused):
            for digest in unused:
                del self._blocks[digest]
            cache.write(self._cache_file, self._key, self._blocks)
            self._dirty = False


def block_digest(entry_digests: list[str], token_digests: np.ndarray) -> str:
    """The digest of a block: its entries' file digests in order, and the sum of the digests
    of its tokens' keys and forms (`token_digests`, one uint64 per distinct token)."""
    digest = hashlib.sha256("\0".join(entry_digests).encode())
    digest.update(int(token_digests.sum(dtype=np.uint64)).to_bytes(8, "little"))
    return digest.hexdigest()


def token_digest(pairs: list[tuple[str, str]]) -> int:
    """A 64-bit digest of what a token is indexed under: its (key, form) pairs."""
    return int.from_bytes(hashlib.blake2b("\0".join(f"{key}\1{form}" for key, form in pairs).encode(),
                                          digest_size=8).digest(), "little")


def _written_out(rows: Rows, first: int, keys: list[str], forms: list[str]) -> Stored:
    key, document, form, step = rows
    used_keys, key_index = distinct_with_index(key)
    used_forms, form_index = distinct_with_index(form)
    return ([keys[k] for k in used_keys.tolist()], [forms[f] for f in used_forms.tolist()],
            key_index.astype(np.uint32).tobytes(), (document - first).astype(np.uint32).tobytes(),
            form_index.astype(np.uint32).tobytes(), step.astype(np.uint8).tobytes())


def _numbered(stored: Stored, first: int, key_numbers: dict[str, int], form_numbers: dict[str, int]) -> Rows:
    keys, forms, key, document, form, step = stored
    key_map = np.array([key_numbers[k] for k in keys], dtype=np.int32)
    form_map = np.array([form_numbers[f] for f in forms], dtype=np.int32)
    return (key_map[np.frombuffer(key, dtype=np.uint32)],
            np.frombuffer(document, dtype=np.uint32).astype(np.int32) + first,
            form_map[np.frombuffer(form, dtype=np.uint32)],
            np.frombuffer(step, dtype=np.uint8))
