"""Related entries: shared places and topics, nearest in time; remembered between builds."""
import datetime
import random
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import builder.sitemodel.related as site_module
from builder.content import load_content
from builder.model import Entry, german_slug
from builder.sitemodel.site import build_site
from builder.taxonomy import Topic, Vocabulary

ROOT = Path(__file__).resolve().parent.parent


def test_related_entries_share_a_place_or_topic_and_never_the_entry_itself():
    loaded = load_content(ROOT / "content")
    site = build_site(loaded.entries, loaded.vocabulary)
    for entry in site.entries:
        others = site.related[entry.id]
        assert entry not in others and len(others) <= site_module.RELATED_MAX
        assert all(set(o.places) & set(entry.places) or set(o.topics) & set(entry.topics)
                   for o in others)


def test_the_cache_gives_the_same_lists_and_ranks_again_only_entries_near_a_change(
        tmp_path: Path, monkeypatch):
    loaded = load_content(ROOT / "content")
    cache = tmp_path / "related.marshal"
    computed = build_site(loaded.entries, loaded.vocabulary).related
    ranked = []
    real = site_module._ranked
    monkeypatch.setattr(site_module, "_ranked", lambda ordered, signatures, indexes:
                        ranked.append(len(indexes)) or real(ordered, signatures, indexes))
    assert build_site(loaded.entries, loaded.vocabulary, related_cache=cache).related == computed
    assert build_site(loaded.entries, loaded.vocabulary, related_cache=cache).related == computed
    assert ranked == [len(computed)]  # the second build read the cache
    dated = next(i for i, e in enumerate(loaded.entries) if e.date)
    retitled = [e.model_copy(update={"title": "Neu"}) if i == dated else e
                for i, e in enumerate(loaded.entries)]
    build_site(retitled, loaded.vocabulary, related_cache=cache)
    assert ranked == [len(computed)]  # a new title does not change who is related to whom
    moved = [e.model_copy(update={"topics": ("Open Data",)}) if i == dated else e
             for i, e in enumerate(loaded.entries)]
    expected = build_site(moved, loaded.vocabulary).related
    assert build_site(moved, loaded.vocabulary, related_cache=cache).related == expected
    assert 0 < ranked[-1] < len(computed)  # only entries near the moved one were ranked again


PLACES, TOPICS = ("Köln", "Bonn", "Aachen"), ("Smart City", "Open Data", "Breitband")
VOCABULARY = Vocabulary(tuple(Topic(name=name, slug=german_slug(name)) for name in TOPICS), 3)
FIRST_DAY = datetime.date(2024, 1, 1)


def made_up_entry(rng: random.Random, number: int) -> Entry:
    """An entry with few places, topics and days, so that postings are long and ties many."""
    day = rng.choice([None, *range(60)])
    return Entry(id=f"e-{number}", title=rng.choice(["Alpha", "Beta", "Gamma"]), summary="Kurz.",
                 date=None if day is None else FIRST_DAY + datetime.timedelta(day),
                 places=tuple(rng.sample(PLACES, rng.randint(0, 2))),
                 topics=tuple(rng.sample(TOPICS, rng.randint(0, 2))))


def archive_and_edit(seed: int) -> tuple[list[Entry], list[Entry]]:
    """An archive of 40-140 entries, and the same archive after adding, removing, changing
    (date, title, places, topics) or un-publishing a few of them."""
    rng = random.Random(seed)
    count = rng.randint(40, 140)
    before = [made_up_entry(rng, number) for number in range(count)]
    after = list(before)
    for step in range(rng.randint(1, 4)):
        at = rng.randrange(len(after))
        edit = rng.choice(["add", "remove", "change", "draft"])
        if edit == "add":
            after.append(made_up_entry(rng, count + step))
        elif edit == "remove":
            del after[at]
        elif edit == "change":
            after[at] = made_up_entry(rng, 0).model_copy(update={"id": after[at].id})
        else:
            after[at] = after[at].model_copy(update={"status": "draft"})
    return before, after


@given(st.integers(0, 2**32))
@settings(max_examples=300, deadline=None)
def test_after_edits_the_cache_gives_the_lists_a_full_ranking_gives(seed: int) -> None:
    before, after = archive_and_edit(seed)
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder) / "related.marshal"
        build_site(before, VOCABULARY, related_cache=cache)
        updated = build_site(after, VOCABULARY, related_cache=cache).related
    assert updated == build_site(after, VOCABULARY).related
