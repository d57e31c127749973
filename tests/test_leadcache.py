"""The lead words cache of `digest check` gives what computing them gives."""
from pathlib import Path

from benchmarks.corpus import entries as synthetic
from builder.duplicates import lead_words, likely_duplicates
from builder.leadcache import LeadWordsCache
from builder.model import to_markdown


def test_cached_lead_words_equal_computed_ones_and_an_edit_is_read_again(tmp_path: Path):
    entries = synthetic(300, topics=["Smart City", "Open Data", "Mobilität"])
    twin = entries[5].model_copy(update={"id": "zwilling", "title": entries[5].title + " heute"})
    entries.append(twin)  # a likely duplicate, so the comparison below is not of two empties
    digests = {entry.id: str(hash(to_markdown(entry))) for entry in entries}
    path = tmp_path / "lead-words.marshal"
    first = LeadWordsCache(path, digests)
    assert [first(entry) for entry in entries] == [lead_words(entry) for entry in entries]
    first.save()
    cached = LeadWordsCache(path, digests)
    assert len(cached.stored) == len(entries)
    assert [cached(entry) for entry in entries] == [lead_words(entry) for entry in entries]
    assert likely_duplicates(entries, cached) == likely_duplicates(entries) != []
    edited = entries[0].model_copy(update={"summary": "Rostock eröffnet ein Bürgerbüro."})
    digests[edited.id] = "changed"
    assert LeadWordsCache(path, digests)(edited) == lead_words(edited) != lead_words(entries[0])

