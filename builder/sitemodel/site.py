"""The site model: the shown entries, their terms in every taxonomy and their related
entries, computed once per build from the content."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builder.model import Entry
from builder.sitemodel.listings import newest_first
from builder.sitemodel.related import related_with_cache
from builder.sitemodel.taxonomies import TAXONOMIES, Taxonomy, Term, group
from builder.taxonomy import Vocabulary


@dataclass
class Site:
    """The shown entries and their groupings."""
    entries: list[Entry]                      # newest first, undated last
    taxonomies: tuple[Taxonomy, ...]          # those the site shows, in the order of their pages
    terms: dict[str, list[Term]]              # taxonomy name -> its terms
    related: dict[str, list[Entry]]


def build_site(entries: list[Entry], vocabulary: Vocabulary, drafts: bool = False,
               related_cache: Path | None = None,
               taxonomies: tuple[Taxonomy, ...] = TAXONOMIES) -> Site:
    """Group the published entries (and drafts, if asked) in every one of `taxonomies` the
    site shows, and find related entries (remembered in `related_cache`, if given, between
    builds). Rejected entries never appear."""
    shown = ("published", "draft") if drafts else ("published",)
    ordered = newest_first([e for e in entries if e.status in shown])
    visible = tuple(taxonomy for taxonomy in taxonomies if taxonomy.shown)
    terms = {taxonomy.name: group(taxonomy, ordered, vocabulary) for taxonomy in visible}
    return Site(ordered, visible, terms, related_with_cache(ordered, related_cache))
