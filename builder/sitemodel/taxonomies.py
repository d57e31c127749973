"""Taxonomies: the ways entries are grouped into terms, each declared once, as data.

Which terms a taxonomy has, their order, their pages, feeds and links, their incremental
keys and the search's filters all come from one generic code path reading a `Taxonomy`
(`builder.sitemodel.site`, `builder.render.pages`, `builder.render.feeds`,
`builder.search.index`). A new taxonomy is a declaration in `TAXONOMIES` and its templates.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

from builder.model import LANDS, REGIONS, Entry, german_slug
from builder.sitemodel import urls
from builder.sitemodel.collation import german_key
from builder.taxonomy import Vocabulary

if TYPE_CHECKING:
    from _typeshed import SupportsRichComparison

TermName = TypeVar("TermName", bound=Hashable)  # a region's or topic's name (str), a year (int)


@dataclass
class Term(Generic[TermName]):
    """A term of a taxonomy with its entries (newest first)."""
    name: TermName
    slug: str
    description: str = ""
    entries: list[Entry] = field(default_factory=list)
    parent: Hashable | None = None  # the name of its wider term (a place's Land), if known


@dataclass(frozen=True)
class Facet:
    """A filter of the search page over a taxonomy's terms: its URL parameter, its labels,
    and whether its values are listed newest first (years) rather than alphabetically."""
    parameter: str
    label: str
    everything: str                 # the label of "no filter"
    descending: bool = False


@dataclass(frozen=True)
class Taxonomy(Generic[TermName]):
    """One way of grouping entries: what an entry's terms are, which terms exist and in what
    order, and what the site makes of them (its terms are named by `TermName`s: str or int)."""
    name: str                                    # how templates and links name it: "region"
    folder: str                                  # its URL segment (builder.sitemodel.urls)
    terms_of: Callable[[Entry], Iterable[TermName]]
    slug: Callable[[TermName], str]
    # The terms that exist even without entries, in their order (an entry's other terms are
    # dropped); None: the terms are those the entries name, sorted by `order`.
    declared: Callable[[Vocabulary], list[Term[TermName]]] | None = None
    order: Callable[[Term[TermName]], SupportsRichComparison] = lambda term: term.slug
    index_template: str | None = None            # the page listing the terms, if any
    term_template: str | None = None             # a term's own pages, if any
    feeds: bool = False                          # an Atom feed per term
    picker: str | None = None                    # the home page's list of its terms, titled
    lists_undated: bool = False                  # its index also counts the undated entries
    facet: Facet | None = None
    parent: str | None = None                    # the taxonomy of a term's wider term
    # The name of a term's wider term (a term of `parent`), None if not known.
    parent_of: Callable[[Term[TermName], Vocabulary], Hashable | None] | None = None
    # A term's description where the taxonomy derives it (what kind of place it is).
    describe: Callable[[Term[TermName], Vocabulary], str] | None = None

    @property
    def shown(self) -> bool:
        """Whether the site shows the taxonomy anywhere (pages, feeds or search)."""
        return bool(self.term_template or self.feeds or self.facet)


def _regions(_: Vocabulary) -> list[Term[str]]:
    return [Term(name, german_slug(name)) for name in REGIONS]


def _topics(vocabulary: Vocabulary) -> list[Term[str]]:
    return [Term(topic.name, topic.slug, topic.description) for topic in vocabulary.topics]


def _year(entry: Entry) -> tuple[int, ...]:
    """An entry's year: its date's, else the one year its date hint names ("Ausgabe 1/2021",
    "Novemberwochenende 2017"); none for a hint that names no year or several."""
    if entry.date:
        return (entry.date.year,)
    years = set(_YEAR_IN_HINT.findall(entry.date_hint or ""))
    return (int(years.pop()),) if len(years) == 1 else ()


_YEAR_IN_HINT = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


_LANDS = frozenset(LANDS)


def land_of_place(term: Term[str], vocabulary: Vocabulary) -> str | None:
    """The Land of a place: the gazetteer's, where all its namesakes lie in one Land; else,
    among the gazetteer's Länder for it (any Land for a place it does not know), the one that
    the place's entries naming exactly one Land name most often (an entry naming several
    Länder says nothing about which of them its places lie in); None if that is a tie."""
    known = {land for land, _ in vocabulary.places.get(term.name, ())}
    if len(known) == 1:
        return known.pop()
    counts: dict[str, int] = {}
    for entry in term.entries:
        lands = [region for region in entry.regions if region in (known or _LANDS)]
        if len(lands) == 1:
            counts[lands[0]] = counts.get(lands[0], 0) + 1
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


_KIND_LABELS = {"municipality": "Ort", "district": "Kreis", "region": "Region"}


def kind_of_place(term: Term[str], vocabulary: Vocabulary) -> str:
    """What a place is, as its page says it ("Kreis", "Region", "Ort"): the gazetteer's kind
    of it in its Land (`term.parent`); "Ort" for a place the gazetteer does not know."""
    kinds = [kind for land, kind in vocabulary.places.get(term.name, ())
             if term.parent in (None, land)]
    return _KIND_LABELS[kinds[0]] if len(set(kinds)) == 1 else "Ort"


REGION = Taxonomy("region", urls.REGION_FOLDER, lambda entry: entry.regions, german_slug,
                  declared=_regions, index_template="regions.html",
                  term_template="region.html", feeds=True, picker="Nach Land",
                  facet=Facet("region", "Region", "Alle Regionen"))
TOPIC = Taxonomy("topic", urls.TOPIC_FOLDER, lambda entry: entry.topics, german_slug,
                 declared=_topics, index_template="topics.html", term_template="topic.html",
                 feeds=True, picker="Nach Thema", facet=Facet("thema", "Thema", "Alle Themen"))
YEAR = Taxonomy("year", urls.YEAR_FOLDER, _year, str, order=lambda term: -term.name,
                index_template="archive.html", term_template="archive_year.html",
                lists_undated=True, facet=Facet("jahr", "Jahr", "Alle Jahre", descending=True))
# A place's page and feed; its Land's page lists it (`parent`).
PLACE = Taxonomy("place", urls.PLACE_FOLDER, lambda entry: entry.places, german_slug,
                 order=lambda term: german_key(term.name), term_template="place.html",
                 feeds=True, parent="region", parent_of=land_of_place,
                 describe=kind_of_place)

TAXONOMIES: tuple[Taxonomy, ...] = (REGION, TOPIC, YEAR, PLACE)  # in the order of their pages


def group(taxonomy: Taxonomy[TermName], ordered: list[Entry], vocabulary: Vocabulary
          ) -> list[Term[TermName]]:
    """The terms of `taxonomy` with their entries, from newest-first `ordered` entries."""
    declared = taxonomy.declared(vocabulary) if taxonomy.declared else None
    terms: dict[TermName, Term[TermName]] = {term.name: term for term in declared or ()}
    for entry in ordered:
        for name in taxonomy.terms_of(entry):
            term = terms.get(name)
            if term is None:
                if declared is not None:
                    continue  # not a term of the vocabulary
                term = terms[name] = Term(name, taxonomy.slug(name))
            term.entries.append(entry)
    for term in terms.values():
        if taxonomy.parent_of:
            term.parent = taxonomy.parent_of(term, vocabulary)
        if taxonomy.describe:
            term.description = taxonomy.describe(term, vocabulary)
    return declared if declared is not None else _unique_slugs(sorted(terms.values(),
                                                                      key=taxonomy.order))


def _unique_slugs(terms: list[Term[TermName]]) -> list[Term[TermName]]:
    """The terms with slugs made unique: of the names that give one slug ("Halle (Saale)",
    "Halle Saale") the first in order keeps it, the next get "-2", "-3"; a name without any
    letter or digit gets "-" before its number."""
    taken: set[str] = set()
    for term in terms:
        base, number = term.slug, 1
        while term.slug in taken or not term.slug:
            number += 1
            term.slug = f"{base}-{number}" if base else f"-{number}"
        taken.add(term.slug)
    return terms


def children(terms: list[Term], parent: Hashable) -> list[Term]:
    """The terms (of a taxonomy with a `parent`) whose wider term is `parent`, in order."""
    return [term for term in terms if term.parent == parent]
