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
"""
from __future__ import annotations

import datetime
import html
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from builder.model import Entry
from builder.search.analysis import Analyzer, normalise_text, tokens
from builder.search.compounds import fallback_parts
from builder.search.vendor import SCRIPTS
from builder.sitemodel.dates import german_date
from builder.sitemodel.taxonomies import TAXONOMIES

# Field: (boost, typical length in terms). Title (with kicker) above places, regions and
# topics, above summary, above body.
FIELDS = {"title": (10, 8), "terms": (5, 4), "summary": (3, 40), "body": (1, 300)}
K1, B = 1.2, 0.75
SCORE_STEPS = 16   # a stored score q stands for exp(q / SCORE_STEPS) - 1
BUCKETS = 4096     # posting files; more buckets, fewer rewritten by one new entry
FACET_CHUNK = 1000
RARE = 8           # documents: a term in at most this many may be a typo (vocabulary files)
FOLDER = "assets/suche/"
INDEX_PATH = FOLDER + "index.js"
_FACETED = tuple(taxonomy for taxonomy in TAXONOMIES if taxonomy.facet)
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")
_MARKDOWN_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_LINE_MARK = re.compile(r"[ \t]{0,3}(?:#{1,6}\s|>\s?|[-*+]\s|\d+\.\s)")  # heading, quote, list
_LINE_STARTS = frozenset("#>-+0123456789")
_HYPHENATED = re.compile(r"[^\s-]+(?:-[^\s-]+)+")


def plain_body(markdown_text: str) -> str:
    """Body text for indexing: Markdown escapes and entities resolved."""
    if "\\" in markdown_text:
        markdown_text = _MARKDOWN_ESCAPE.sub(r"\1", markdown_text)
    return html.unescape(markdown_text)


def plain_text(markdown_text: str) -> str:
    """The body as a reader sees it, in one line for snippets: link and image texts without
    their addresses, no heading, quote or list marks, no bold or code marks (a single `*`
    may be a gender star)."""
    text = markdown_text
    if "](" in text:
        text = _MARKDOWN_LINK.sub(r"\1", _MARKDOWN_IMAGE.sub(r"\1", text))
    lines = [_LINE_MARK.sub("", line, count=1) if line.lstrip()[:1] in _LINE_STARTS else line
             for line in text.replace("**", "").replace("`", "").split("\n")]
    return " ".join(plain_body(" ".join(lines)).split())


def index_tokens(text: str) -> list[str]:
    """The words a text is indexed by: its `tokens`, and each hyphenated word also joined
    ("E-Government" also as "egovernment"), as readers type it either way."""
    words = tokens(text)
    if "-" in text:
        words += [word.replace("-", "") for word in _HYPHENATED.findall(text.lower())]
    return words


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


def _fields(entry: Entry) -> dict[str, str]:
    """The indexed texts of an entry, in the order of FIELDS."""
    return {"title": f"{entry.kicker or ''} {entry.title}",
            "terms": " ".join((*entry.places, *entry.regions, *entry.topics)),
            "summary": entry.summary, "body": plain_body(entry.body)}


Analysed = tuple[str, str, tuple[str, ...]]  # form, term, further terms (parts, place)


@dataclass
class _Posting:
    """One term's posting while it is built: its forms, its values, the last document number."""
    forms: dict[str, int] = field(default_factory=dict)  # form -> index, by first appearance
    values: list[int] = field(default_factory=list)      # delta, score step, form index, ...
    last: int = 0
    documents: int = 0


class SearchIndex:
    """The index of `entries` (any order), made once and serialised file by file."""

    def __init__(self, entries: list[Entry], analyzer: Analyzer, adjectives: dict[str, str]) -> None:
        self.documents = numbered(entries)
        self._analyzer = analyzer
        self._adjectives = adjectives

    @cached_property
    def _counted(self) -> list[list[Counter]]:
        """Per document and field: token -> count."""
        return [[Counter(index_tokens(normalise_text(text))) for text in _fields(entry).values()]
                for entry in self.documents]

    @cached_property
    def _analysed(self) -> dict[str, Analysed | None]:
        """Every distinct token -> its analysis, compound parts completed by the head and tail
        fallback on the corpus's own terms, adjectives of places adding the place's term."""
        analyser = self._analyzer
        words = {token for document in self._counted for counts in document for token in counts}
        first = {token: analyser.analyse(token) for token in words}
        known_terms = {term for found in first.values() if found for term in (found[1], *found[2])}
        known_forms = {found[0] for found in first.values() if found}
        places = self.place_terms
        analysed: dict[str, Analysed | None] = {}
        for token, found in first.items():
            if not found:
                analysed[token] = None
                continue
            form, term, parts = found
            extra = [part for part in parts if part != term] or [
                analyser.stem(piece) for piece in fallback_parts(form, known_terms, known_forms)]
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
        found = self._analyzer.analyse(tokens(name)[-1]) if tokens(name) else None
        return found[1] if found else None

    @cached_property
    def postings(self) -> dict[str, _Posting]:
        """Term -> its posting, documents in number order (the hot loop of a build: one step
        per document and term, hence the flat code)."""
        pairs_of = {token: ((term, form), *((part, "+" + form) for part in extra)) if found else ()
                    for token, found in self._analysed.items()
                    for form, term, extra in [found or ("", "", ())]}
        (b0, t0), (b1, t1), (b2, t2), (b3, t3) = FIELDS.values()
        plus = K1 + 1
        log1p = math.log1p
        postings: dict[str, _Posting] = defaultdict(_Posting)
        for number, document in enumerate(self._counted):
            frequencies: dict[str, list] = {}  # term -> [count per field..., forms...]
            lengths = [0, 0, 0, 0]
            for column, counts in enumerate(document):
                length = 0
                for token, count in counts.items():
                    pairs = pairs_of[token]
                    if pairs:
                        length += count
                        for key, shown in pairs:
                            entry = frequencies.get(key)
                            if entry is None:
                                entry = frequencies[key] = [0, 0, 0, 0, shown]
                            elif shown not in entry:  # the counts are numbers, never a form
                                entry.append(shown)
                            entry[column] += count
                lengths[column] = length
            n0, n1, n2, n3 = (K1 * (1 - B + B * length / typical)
                              for length, typical in zip(lengths, (t0, t1, t2, t3)))
            for key, entry in frequencies.items():
                c0, c1, c2, c3 = entry[:4]
                score = ((b0 * c0 / (c0 + n0) if c0 else 0) + (b1 * c1 / (c1 + n1) if c1 else 0) +
                         (b2 * c2 / (c2 + n2) if c2 else 0) + (b3 * c3 / (c3 + n3) if c3 else 0))
                step = max(1, round(log1p(score * plus) * SCORE_STEPS))
                posting = postings[key]
                values, forms = posting.values, posting.forms
                delta = number - posting.last if values else number
                posting.last = number
                posting.documents += 1
                for shown in entry[4:]:
                    index = forms.get(shown)
                    if index is None:
                        index = forms[shown] = len(forms)
                    values += (delta, step, index)
                    delta = 0
        return dict(postings)

    @cached_property
    def buckets(self) -> dict[int, list[str]]:
        """Bucket -> its terms, sorted."""
        grouped: dict[int, list[str]] = defaultdict(list)
        for term in sorted(self.postings):
            grouped[bucket_of(term)].append(term)
        return dict(grouped)

    @cached_property
    def vocabularies(self) -> dict[str, list[str]]:
        """Prefix file name -> its terms, sorted (the adjectives of places among them, also
        those no entry uses)."""
        grouped: dict[str, list[str]] = defaultdict(list)
        for term in sorted(self.postings.keys() | self.place_terms.keys()):
            grouped[prefix_of(term)].append(term)
        return dict(grouped)

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
    """`DigestSearch.<call>(arguments);` with JSON arguments, keys sorted, `</` escaped so that
    no text ends the script early."""
    text = ",".join(json.dumps(argument, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
                    for argument in arguments)
    text = text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"DigestSearch.{call}({text});\n".encode()


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
    postings = index.postings
    return _script("addPostings", bucket, {term: [list(postings[term].forms), postings[term].values]
                                           for term in index.buckets[bucket]})


def vocabulary_script(index: SearchIndex, prefix: str) -> bytes:
    """v/<prefix>.js: the terms, the rare ones among them (in at most RARE documents: a
    typo in an entry is rare, so the page may offer them for a word it knows), and the place
    terms of the adjectives among them."""
    terms = index.vocabularies[prefix]
    places, postings = index.place_terms, index.postings
    rare = [term for term in terms if term in postings and postings[term].documents <= RARE]
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
    """One file of the search: its site path, the entry a document file is made of (None for
    files made from the whole index, or vendored), and its maker."""
    path: str
    entry: Entry | None
    make: Callable[[], bytes]


def search_files(entries: list[Entry], analyzer: Analyzer, node_modules: Path,
                 adjectives: dict[str, str]) -> list[SearchFile]:
    """Every file of the search, index.js first. The index is computed here, once (before a
    build forks its workers); the makers only serialise its parts."""
    index = SearchIndex(entries, analyzer, adjectives)
    files = [SearchFile(INDEX_PATH, None, _maker(index_script, index))]
    files += [SearchFile(f"{FOLDER}d/{number}.js", entry, _maker(document_script, number, entry))
              for number, entry in enumerate(index.documents)]
    files += [SearchFile(f"{FOLDER}f/{chunk}.js", None, _maker(facets_script, index, chunk))
              for chunk in range(math.ceil(len(index.documents) / FACET_CHUNK))]
    files += [SearchFile(f"{FOLDER}t/{bucket}.js", None, _maker(postings_script, index, bucket))
              for bucket in sorted(index.buckets)]
    files += [SearchFile(f"{FOLDER}v/{prefix}.js", None, _maker(vocabulary_script, index, prefix))
              for prefix in sorted(index.vocabularies)]
    files += [SearchFile(target, None, (node_modules / source).read_bytes)
              for target, source in SCRIPTS.items()]
    return files


def _maker(function: Callable[..., bytes], *arguments) -> Callable[[], bytes]:
    return lambda: function(*arguments)


def search_bytes(entries: list[Entry], analyzer: Analyzer, node_modules: Path,
                 adjectives: dict[str, str]) -> dict[str, bytes]:
    """Site path -> bytes of every file of the search."""
    return {file.path: file.make() for file in search_files(entries, analyzer, node_modules, adjectives)}
