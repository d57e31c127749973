"""The search index, partitioned by term, written as small scripts the search page adds on
demand (scripts rather than JSON so that search works without `fetch`, also from disk).

- `assets/suche/index.js`: the number of documents, which posting buckets and vocabulary
  files exist, and the values of the faceted taxonomies. Loaded with the page.
- `assets/suche/t/<bucket>.js`: postings of the terms whose hash falls into the bucket
  (`BUCKETS` of them): per term the word forms it was found as, and per document its number,
  its score and which forms it holds. A query loads the buckets of its terms only.
- `assets/suche/v/<prefix>.js`: the terms starting with two letters, for typo and prefix
  matching, and the adjectives of places among them ("hessisch" -> "hess").
- `assets/suche/d/<number>.js`: one document's display data and text, for its snippet;
  loaded for the results on screen.
- `assets/suche/f/<chunk>.js`: the facet values of `FACET_CHUNK` documents, for the filters.

Documents are numbered in the order entries entered the digest (`added`), so a new entry,
dated or not, takes the next number and no existing number shifts: adding it rewrites its own
document file, the last facet chunk, `index.js` and the buckets of its terms. At equal
relevance the page ranks the higher number (the newer addition) first. Scores are BM25 per
term and document without the idf (the page adds it from the document frequency, the length
of the posting list), against fixed typical field lengths instead of the average (which
would change every posting with every entry), rounded to a small logarithmic scale.

The postings are computed column-wise (`builder.search.postings`) from each entry's counted
words, which `builder.search.words` caches per entry file; a posting file's key is a digest of
its terms, forms and numbers, so a rebuild serialises only the buckets that changed.
"""
from __future__ import annotations

import datetime
import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import numpy as np
import orjson

from builder.model import Entry
from builder.search.analysis import Analyzer, tokens
from builder.search.blocks import BlockStore, block_digest, token_digest
from builder.search.compounds import fallback_parts
from builder.search.postings import Postings, Rows, TokenKeys, compute_postings
from builder.search.vendor import SCRIPTS
from builder.search.words import FIELD_NAMES, Analysed, WordStore, plain_body
from builder.sitemodel.dates import german_date
from builder.sitemodel.taxonomies import TAXONOMIES

# Field: (boost, typical length in terms), in the order of FIELD_NAMES. Title (with kicker)
# above places, regions and topics, above summary, above body.
FIELDS = {"title": (10, 8), "terms": (5, 4), "summary": (3, 40), "body": (1, 300)}
assert tuple(FIELDS) == FIELD_NAMES
BUCKETS = 4096     # posting files; more buckets, fewer rewritten by one new entry
FACET_CHUNK = 1000
RARE = 8           # documents: a term in at most this many may be a typo (vocabulary files)
FOLDER = "assets/suche/"
INDEX_PATH = FOLDER + "index.js"
_FACETED = tuple(taxonomy for taxonomy in TAXONOMIES if taxonomy.facet)
_MARKDOWN_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_LINE_MARK = re.compile(r"[ \t]{0,3}(?:#{1,6}\s|>\s?|[-*+]\s|\d+\.\s)")  # heading, quote, list
_LINE_STARTS = frozenset("#>-+0123456789")


def plain_text(markdown_text: str) -> str:
    """The body as a reader sees it, in one line for snippets: link and image texts without
    their addresses, no heading, quote or list marks, no bold or code marks (a single `*`
    may be a gender star)."""
    text = markdown_text
    if "](" in text:
        text = _MARKDOWN_LINK.sub(r"\1", _MARKDOWN_IMAGE.sub(r"\1", text))
    lines = [_LINE_MARK.sub("", line, count=1) if line.lstrip()[:1] in _LINE_STARTS else line
             for line in text.replace("**", "").replace("`", "").split("\n")]
    return _single_spaced(plain_body(" ".join(lines)))


def _single_spaced(text: str) -> str:
    """Runs of spaces, tabs and carriage returns as one space, none at the ends (what
    `" ".join(text.split())` does for these, at a third of its cost on long texts)."""
    if "\t" in text or "\r" in text:
        text = text.replace("\t", " ").replace("\r", " ")
    while "  " in text:
        text = text.replace("  ", " ")
    return text.strip(" ")


def numbered(entries: Iterable[Entry]) -> list[Entry]:
    """Entries in the order of their document numbers: by the day they entered the digest
    (`added`; where it is missing, their date, undated ones first), then undated before dated,
    by date, then by id."""
    return sorted(entries, key=lambda e: (e.added or e.date or datetime.date.min, e.date is not None,
                                          e.date or datetime.date.min, e.id))


def bucket_of(term: str) -> int:
    """The posting bucket of a term: FNV-1a over its characters (as engine.js computes it)."""
    value = 0x811C9DC5
    for character in term:
        value = ((value ^ ord(character)) * 0x01000193) & 0xFFFFFFFF
    return value % BUCKETS


def prefix_of(term: str) -> str:
    """The vocabulary file of a term: its first two characters as hexadecimal code points."""
    return "".join(f"{ord(character):04x}" for character in term[:2])


class SearchIndex:
    """The index of `entries` (any order), made once and serialised file by file. Their words
    come from `words` by the digests of their files (`digests`: entry id -> SHA-256; entries
    without one are tokenised afresh)."""

    def __init__(self, entries: list[Entry], words: WordStore, adjectives: dict[str, str],
                 digests: dict[str, str] | None = None, blocks: BlockStore | None = None) -> None:
        self.documents = numbered(entries)
        self._store = words
        self._adjectives = adjectives
        self._digests = digests or {}
        self._words = words.words_of(self.documents, self._digests)
        self._blocks = blocks or BlockStore()

    @cached_property
    def _analysed(self) -> dict[int, Analysed]:
        """Token number -> its analysis, for the tokens of these documents that are not stop
        words: compound parts completed by the head and tail fallback on the corpus's own
        terms, adjectives of places adding the place's term."""
        analyses = self._store.analyses
        codes = np.concatenate([w[0] for w in self._words]) if self._words else np.zeros(0, np.uint32)
        codes >>= 2  # token numbers (in place: the largest array of a large archive)
        present = np.flatnonzero(np.bincount(codes, minlength=len(analyses))).tolist()
        first = {token: found for token in present if (found := analyses[token])}
        known_terms = {term for found in first.values() for term in (found[1], *found[2])}
        known_forms = {found[0] for found in first.values()}
        stem, places = self._store.analyzer.stem, self.place_terms
        analysed = {}
        for token, (form, term, parts) in first.items():
            extra = [part for part in parts if part != term] or [
                stem(piece) for piece in fallback_parts(form, known_terms, known_forms)]
            if term in places:
                extra.append(places[term])
            analysed[token] = (form, term, tuple(dict.fromkeys(p for p in extra if p != term)))
        return analysed

    @cached_property
    def place_terms(self) -> dict[str, str]:
        """Term of an adjective of a place -> the place's term ("hessisch" -> "hess")."""
        terms = {}
        for adjective, place in self._adjectives.items():
            adjective_term = self._last_term(adjective)
            place_term = self._last_term(place.lower())
            if adjective_term and place_term and adjective_term != place_term:
                terms[adjective_term] = place_term
        return terms

    def _last_term(self, name: str) -> str | None:
        found = self._store.analyzer.analyse(tokens(name)[-1]) if tokens(name) else None
        return found[1] if found else None

    @cached_property
    def _pairs(self) -> dict[int, list[tuple[str, str]]]:
        """Token number -> the (key, form) pairs it is indexed under: its term with its form,
        and each further term with "+" and its form (a compound holding the term)."""
        return {token: [(term, form), *((part, "+" + form) for part in extra)]
                for token, (form, term, extra) in self._analysed.items()}

    @cached_property
    def _bucketed(self) -> list[tuple[int, str]]:
        """Every key of the postings with its bucket, by bucket, then alphabetically."""
        return sorted((bucket_of(key), key) for key in {key for pairs in self._pairs.values()
                                                         for key, _ in pairs})

    @cached_property
    def terms(self) -> list[str]:
        """Every key of the postings, by bucket, then alphabetically (so a bucket's terms are
        neighbours in `postings`)."""
        return [key for _, key in self._bucketed]

    @cached_property
    def forms(self) -> list[str]:
        """Every form of the postings, alphabetically."""
        return sorted({form for pairs in self._pairs.values() for _, form in pairs})

    @cached_property
    def postings(self) -> Postings:
        """The postings, keys numbered as in `terms`, forms as in `forms`."""
        key_number, form_number = self._term_numbers, self._form_numbers
        token_count = len(self._store.tokens)
        counts = np.zeros(token_count, dtype=np.int64)
        starts = np.zeros(token_count, dtype=np.int64)
        keys: list[int] = []
        forms: list[int] = []
        for token, pairs in self._pairs.items():
            starts[token], counts[token] = len(keys), len(pairs)
            keys += [key_number[key] for key, _ in pairs]
            forms += [form_number[form] for _, form in pairs]
        token_keys = TokenKeys(starts, counts, np.array(keys, dtype=np.int64),
                               np.array(forms, dtype=np.int64))
        return compute_postings(self._words, token_keys, len(self.terms), len(self.forms),
                                list(FIELDS.values()), self._block_rows)

    def _block_rows(self, numbers: range, compute: Callable[[], Rows]) -> Rows:
        """The rows of a block of documents: from the block cache if its entries and their
        tokens' keys and forms are unchanged (entries without a digest: computed)."""
        documents = self.documents[numbers.start:numbers.stop]
        digest = None
        if all(entry.id in self._digests for entry in documents):
            tokens = np.concatenate([words[0] for words in self._words[numbers.start:numbers.stop]]) >> 2
            present = np.zeros(len(self._token_digests), dtype=bool)
            present[tokens] = True
            digest = block_digest([self._digests[entry.id] for entry in documents],
                                  self._token_digests[present])
        return self._blocks.rows(digest, numbers.start, compute, self.terms, self.forms,
                                 self._term_numbers, self._form_numbers)

    @cached_property
    def _token_digests(self) -> np.ndarray:
        """Per token number: a digest of its keys and forms (0: none, a stop word)."""
        digests = np.zeros(len(self._store.tokens), dtype=np.uint64)
        for token, pairs in self._pairs.items():
            digests[token] = token_digest(pairs)
        return digests

    @cached_property
    def _form_numbers(self) -> dict[str, int]:
        return {form: number for number, form in enumerate(self.forms)}

    @cached_property
    def buckets(self) -> dict[int, range]:
        """Bucket -> the numbers of its terms in `terms`."""
        grouped: dict[int, range] = {}
        for number, (bucket, _) in enumerate(self._bucketed):
            grouped[bucket] = range(grouped[bucket].start if bucket in grouped else number, number + 1)
        return grouped

    def bucket_postings(self, bucket: int) -> dict[str, list]:
        """The terms of a bucket -> [their forms, their numbers (`Postings`)]."""
        found, forms, terms = self.postings, self.forms, self.terms
        return {terms[k]: [[forms[f] for f in found.forms[found.form_starts[k]:found.form_starts[k + 1]]],
                           found.values[found.value_starts[k]:found.value_starts[k + 1]].tolist()]
                for k in self.buckets[bucket]}

    def bucket_digest(self, bucket: int) -> str:
        """A digest of a bucket's postings, cheaper than making its file."""
        found, numbers = self.postings, self.buckets[bucket]
        first, last = numbers.start, numbers.stop
        digest = hashlib.sha256("\0".join(self.terms[first:last]).encode())
        for k in numbers:
            digest.update(b"\1" + "\0".join(self.forms[f] for f in found.forms[
                found.form_starts[k]:found.form_starts[k + 1]]).encode())
        digest.update(found.values[found.value_starts[first]:found.value_starts[last]].tobytes())
        digest.update(np.diff(found.value_starts[first:last + 1]).tobytes())  # where each term's end
        return digest.hexdigest()

    def documents_of(self, term: str) -> int:
        """In how many documents a term is (0: none, an adjective of a place only)."""
        number = self._term_numbers.get(term)
        return 0 if number is None else int(self.postings.documents[number])

    @cached_property
    def _term_numbers(self) -> dict[str, int]:
        return {term: number for number, term in enumerate(self.terms)}

    @cached_property
    def vocabularies(self) -> dict[str, list[str]]:
        """Prefix file name -> its terms, sorted (the adjectives of places among them, also
        those no entry uses)."""
        grouped: dict[str, list[str]] = defaultdict(list)
        for term in sorted(set(self.terms) | self.place_terms.keys()):
            grouped[prefix_of(term)].append(term)
        return dict(grouped)

    def facet_chunk_key(self, chunk: int) -> str | None:
        """A digest of what a facet chunk is made of: its entries' files and the facet values'
        numbers (None: an entry without a digest)."""
        documents = self.documents[chunk * FACET_CHUNK:(chunk + 1) * FACET_CHUNK]
        if not all(entry.id in self._digests for entry in documents):
            return None
        return hashlib.sha256(f"{self._facet_tables}\0".encode() + "\0".join(
            self._digests[entry.id] for entry in documents).encode()).hexdigest()

    @cached_property
    def _facet_tables(self) -> str:
        return repr([list(table) for table in self.facet_values])

    @cached_property
    def facet_values(self) -> list[dict[str, int]]:
        """Per faceted taxonomy: value -> index, by first appearance in number order."""
        values: list[dict[str, int]] = [{} for _ in _FACETED]
        for entry in self.documents:
            for table, taxonomy in zip(values, _FACETED):
                for name in taxonomy.terms_of(entry):
                    table.setdefault(str(name), len(table))
        return values


def _script(call: str, *arguments) -> bytes:
    """`DigestSearch.<call>(arguments);` with compact JSON arguments (no floats), keys sorted.
    JSON is JavaScript (ES2019, U+2028 included), and in a script file of its own no `</script>`
    in a text ends it. JSON by orjson: the same bytes as the standard library's, at a fifth of
    its time for the index's many numbers and long texts."""
    data = b",".join(orjson.dumps(argument, option=orjson.OPT_SORT_KEYS) for argument in arguments)
    return b"DigestSearch." + call.encode() + b"(" + data + b");\n"


def index_script(index: SearchIndex) -> bytes:
    """index.js: document count, which buckets exist (a hex bitmap), which vocabulary files
    exist, the facet values."""
    bits = bytearray(BUCKETS // 8)
    for bucket in index.buckets:
        bits[bucket // 8] |= 1 << (bucket % 8)
    return _script("setIndex", {"buckets": BUCKETS, "documents": len(index.documents),
                                "facetChunk": FACET_CHUNK, "postings": bits.hex(),
                                "facetNames": [taxonomy.name for taxonomy in _FACETED],
                                "facets": [list(table) for table in index.facet_values],
                                "vocabulary": sorted(index.vocabularies)})


def postings_script(index: SearchIndex, bucket: int) -> bytes:
    """t/<bucket>.js: term -> [forms ("+" before a compound holding the term), values]."""
    return _script("addPostings", bucket, index.bucket_postings(bucket))


def vocabulary_script(index: SearchIndex, prefix: str) -> bytes:
    """v/<prefix>.js: the terms, the rare ones among them (in at most RARE documents: a
    typo in an entry is rare, so the page may offer them for a word it knows), and the place
    terms of the adjectives among them."""
    terms = index.vocabularies[prefix]
    places = index.place_terms
    rare = [term for term in terms if index.documents_of(term) <= RARE]
    return _script("addVocabulary", prefix, {"places": {t: places[t] for t in terms if t in places},
                                             "rare": rare, "terms": terms})


def facets_script(index: SearchIndex, chunk: int) -> bytes:
    """f/<chunk>.js: per document of the chunk, per faceted taxonomy, its value indexes."""
    documents = index.documents[chunk * FACET_CHUNK:(chunk + 1) * FACET_CHUNK]
    return _script("addFacets", chunk, [[[table[str(name)] for name in taxonomy.terms_of(entry)]
                                         for table, taxonomy in zip(index.facet_values, _FACETED)]
                                        for entry in documents])


def document_script(number: int, entry: Entry) -> bytes:
    """d/<number>.js: what a result shows: id, title, kicker, dates, regions, summary, text."""
    return _script("addDocument", number, {
        "id": entry.id, "title": entry.title, "kicker": entry.kicker or "",
        "date": entry.date.isoformat() if entry.date else "",
        "date_text": _long_date(entry.date) if entry.date else "",
        "region": [str(region) for region in entry.regions], "summary": entry.summary,
        "text": plain_text(entry.body)})


@cache
def _long_date(date: datetime.date) -> str:
    """German date of a result ("22. Januar 2025"), formatted once per date."""
    return german_date(date)


@dataclass
class SearchFile:
    """One file of the search: its site path, its maker, and a digest of what it is made of
    where that is cheaper to know than its bytes (None: made at once and compared by bytes)."""
    path: str
    make: Callable[[], bytes]
    content_key: str | None = None


def search_files(entries: list[Entry], words: WordStore, node_modules: Path,
                 adjectives: dict[str, str], digests: dict[str, str] | None = None,
                 blocks: BlockStore | None = None) -> list[SearchFile]:
    """Every file of the search, index.js first (`digests`: entry id -> SHA-256 of its file,
    the key of its words and, with its block's, of its postings in `blocks`). The index is
    computed here, once (before a build forks its workers); the makers only serialise its parts."""
    index = SearchIndex(entries, words, adjectives, digests, blocks)
    digests = digests or {}
    files = [SearchFile(INDEX_PATH, _maker(index_script, index))]
    files += [SearchFile(f"{FOLDER}d/{number}.js", _maker(document_script, number, entry),
                         digests.get(entry.id))
              for number, entry in enumerate(index.documents)]
    files += [SearchFile(f"{FOLDER}f/{chunk}.js", _maker(facets_script, index, chunk),
                         index.facet_chunk_key(chunk))
              for chunk in range(math.ceil(len(index.documents) / FACET_CHUNK))]
    files += [SearchFile(f"{FOLDER}t/{bucket}.js", _maker(postings_script, index, bucket),
                         index.bucket_digest(bucket))
              for bucket in sorted(index.buckets)]
    files += [SearchFile(f"{FOLDER}v/{prefix}.js", _maker(vocabulary_script, index, prefix))
              for prefix in sorted(index.vocabularies)]
    files += [SearchFile(target, (node_modules / source).read_bytes)
              for target, source in SCRIPTS.items()]
    return files


def _maker(function: Callable[..., bytes], *arguments) -> Callable[[], bytes]:
    return lambda: function(*arguments)


def search_bytes(entries: list[Entry], analyzer: Analyzer, node_modules: Path,
                 adjectives: dict[str, str]) -> dict[str, bytes]:
    """Site path -> bytes of every file of the search, words counted afresh."""
    return {file.path: file.make()
            for file in search_files(entries, WordStore(analyzer), node_modules, adjectives)}
