"""Related entries: shared places and topics, nearest in time; remembered between builds."""
from pathlib import Path

import builder.render.site as site_module
from builder.content import load_content
from builder.render.site import build_site

ROOT = Path(__file__).resolve().parent.parent


def test_related_entries_share_a_place_or_topic_and_never_the_entry_itself():
    loaded = load_content(ROOT / "content")
    site = build_site(loaded.entries, loaded.vocabulary)
    for entry in site.entries:
        others = site.related[entry.id]
        assert entry not in others and len(others) <= site_module.RELATED_MAX
        assert all(set(o.places) & set(entry.places) or set(o.topics) & set(entry.topics)
                   for o in others)


def test_the_cache_gives_the_same_lists_and_is_used_only_while_places_and_topics_stay(
        tmp_path: Path, monkeypatch):
    loaded = load_content(ROOT / "content")
    cache = tmp_path / "related.marshal"
    computed = build_site(loaded.entries, loaded.vocabulary).related
    calls = []
    real = site_module.related_entries
    monkeypatch.setattr(site_module, "related_entries", lambda ordered: calls.append(1) or real(ordered))
    assert build_site(loaded.entries, loaded.vocabulary, related_cache=cache).related == computed
    assert build_site(loaded.entries, loaded.vocabulary, related_cache=cache).related == computed
    assert len(calls) == 1  # the second build read the cache
    dated = next(i for i, e in enumerate(loaded.entries) if e.date)
    retitled = [e.model_copy(update={"title": "Neu"}) if i == dated else e
                for i, e in enumerate(loaded.entries)]
    build_site(retitled, loaded.vocabulary, related_cache=cache)
    assert len(calls) == 1  # a new title does not change who is related to whom
    moved = [e.model_copy(update={"topics": ("Open Data",)}) if i == dated else e
             for i, e in enumerate(loaded.entries)]
    expected = build_site(moved, loaded.vocabulary).related
    assert build_site(moved, loaded.vocabulary, related_cache=cache).related == expected
    assert len(calls) == 3  # computed for `expected`, then again: the cache did not fit
