"""What the gazetteer knows of the places entries name: each one's Land and kind.

The build asks this for the places its entries name (a few hundred names), not for the whole
gazetteer: the answer is cached per set of names, gazetteer file and place data, so a build
loads the gazetteer (0.1 s from its own cache, seconds without it) only when those change.
"""
from __future__ import annotations

from pathlib import Path

from builder import cache as caches

# (Land, kind) pairs per place name; kind is "municipality", "district" or "region".
PlaceFacts = dict[str, tuple[tuple[str, str], ...]]
CACHE_FILE = "place-facts.marshal"


def place_facts(names: set[str], content: Path, cache: Path | None) -> PlaceFacts:
    """The (Land, kind) pairs of every name in `names` that the gazetteer (`gazetteer_file`:
    the project's, else the shipped one) and the maintained place data know, names in sorted
    order; names they do not know are left out. Errors of the gazetteer file raise `DigestError`
    with its file, line and field."""
    from builder.ingest.places import data_stamp, gazetteer_file, load_gazetteer

    if not names:
        return {}
    path = gazetteer_file(content)
    key = caches.validity_key("place-facts", path.read_bytes(), data_stamp(path.parent),
                              "\0".join(sorted(names)))
    stored = caches.read(cache / CACHE_FILE, key) if cache else None
    if stored is not None:
        return stored
    found = load_gazetteer(path, cache).lands_and_kinds(names)
    facts = {name: tuple(sorted(found[name])) for name in sorted(found)}
    if cache:
        caches.write(cache / CACHE_FILE, key, facts)
    return facts
