"""An entry's file bytes made in the worker that made the entry are those `entry_bytes`
makes of the entry as imported: also for near-duplicates joined and ids made unique."""
from pathlib import Path

from conftest import prepare_project
from test_near_duplicates import BREMEN, KIEL, LEAD, teaser

from builder.ingest.importer import file_bytes, run_import
from builder.ingest.store import Action, entry_bytes
from builder.model import Entry


def test_file_bytes_are_taken_only_for_the_very_entry_they_were_made_of():
    made = [Entry(id=f"eintrag-{number}", title=f"Titel {number}", summary="Text.")
            for number in range(3)]
    written = [((entry, []), entry_bytes(entry)) for entry in made]
    renamed = made[1].model_copy(update={"id": "eintrag-1-abcdef"})
    equal_but_other = Entry(**made[2].model_dump())
    entries = [made[0], renamed, equal_but_other]
    assert file_bytes(entries, written) == [entry_bytes(entry) for entry in entries]


def test_every_imported_file_has_the_bytes_of_its_entry(tmp_path: Path, geonames_cache: Path):
    content = prepare_project(tmp_path, geonames_cache) / "content"
    pages = {"a.txt": teaser("Hamburg: Neue Digitalstrategie vorgestellt", "22.01.2025", LEAD)
             + BREMEN,
             "b.txt": teaser("Hamburg: Senat stellt neue Digitalstrategie vor", "22.01.2025", LEAD)
             + KIEL,
             "c.txt": teaser("Bremen: Neues Serviceportal online", "22.1.2025",
                             "Ganz anderer Text über Kiel und die Kieler Förde, Schulträger und "
                             "eine digitale Stadtverwaltung.")}  # another story, the same id
    for name, text in pages.items():
        (content / "sources" / name).write_text(text, encoding="utf-8")
    result = run_import([content / "sources"], content / "articles", content)
    by_id = {entry.id: entry for entry in result.entries}
    assert any("sources" in entry.review for entry in result.entries)   # a joined story
    assert any(len(entry_id) > len(other) and entry_id.startswith(other)
               for entry_id in by_id for other in by_id)                # an id made unique
    created = [outcome for outcome in result.outcomes if outcome.action is Action.CREATED]
    assert len(created) == len(result.entries)
    for outcome in created:
        assert (content / "articles" / outcome.path).read_bytes() == \
            entry_bytes(by_id[outcome.entry_id])
