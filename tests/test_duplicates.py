"""Likely duplicates: the same story on the same day (or undated), found without comparing
every pair of a large archive."""
import datetime

from benchmarks.corpus import entries as synthetic
from builder.duplicates import candidate_pairs, lead_words, likely_duplicates
from builder.model import Entry

LEAD = ("Der Stadtrat von Dortmund hat beschlossen: Open-Source-Software hat grundsätzlich "
        "Vorrang vor proprietärer Software in der Dortmunder Verwaltung.")
REWRITTEN = ("Dortmund gibt Open-Source-Software grundsätzlich Vorrang vor proprietärer Software; "
             "so hat es der Stadtrat für die Verwaltung beschlossen.")


def entry(entry_id: str, title: str, summary: str, date: datetime.date | None) -> Entry:
    return Entry(id=entry_id, title=title, summary=summary, date=date)


def test_the_same_story_is_found_on_its_day_or_undated_and_not_on_another_day():
    day = datetime.date(2025, 3, 1)
    original = entry("a", "Dortmund setzt auf Open Source", LEAD, day)
    found = likely_duplicates([original, entry("b", "Vorrang für freie Software", REWRITTEN, day)])
    assert [(pair.first, pair.second, pair.reason) for pair in found] == [(0, 1, "similar text")]
    assert likely_duplicates([original, entry("b", "Vorrang für freie Software", REWRITTEN, None)])
    assert likely_duplicates([original, entry("b", "Dortmund setzt auf Open Source!",
                                              "Ganz andere Worte.", day)])[0].reason == "similar title"
    later = entry("b", "Vorrang für freie Software", REWRITTEN, day + datetime.timedelta(days=1))
    assert likely_duplicates([original, later]) == []
    other = entry("b", "Köln testet Strafzettel im Supermarkt",
                  "Im Frühjahr startet in Köln ein Pilotprojekt für Strafzettel.", day)
    assert likely_duplicates([original, other]) == []


def test_a_large_archive_compares_few_pairs():
    """Half of 4,000 entries undated, all of them sharing the words of one field: comparing
    each undated one with every entry would be 6 million pairs."""
    archive = [item if number % 2 else item.model_copy(update={"date": None})
               for number, item in enumerate(synthetic(4000, topics=["Smart City", "Open Data",
                                                                     "Mobilität"]))]
    pairs = candidate_pairs(archive, [lead_words(item) for item in archive])
    assert len(pairs) < 2 * len(archive)
