"""A deterministic synthetic digest: N entries in the project's own format.

German vocabulary, real places with their Länder, topics from content/topics.yaml, dates
over ten years (some entries undated, some with images). The same N and seed always give
the same entries.
"""
from __future__ import annotations

import datetime
import random
from pathlib import Path

from builder.model import Entry, Image, Source, german_slug, to_markdown
from builder.taxonomy import load_vocabulary

PLACES = [("Köln", "Nordrhein-Westfalen"), ("München", "Bayern"), ("Hamburg", "Hamburg"),
          ("Berlin", "Berlin"), ("Leipzig", "Sachsen"), ("Dresden", "Sachsen"),
          ("Stuttgart", "Baden-Württemberg"), ("Karlsruhe", "Baden-Württemberg"),
          ("Frankfurt am Main", "Hessen"), ("Wiesbaden", "Hessen"), ("Hannover", "Niedersachsen"),
          ("Bremen", "Bremen"), ("Kiel", "Schleswig-Holstein"), ("Rostock", "Mecklenburg-Vorpommern"),
          ("Potsdam", "Brandenburg"), ("Magdeburg", "Sachsen-Anhalt"), ("Erfurt", "Thüringen"),
          ("Mainz", "Rheinland-Pfalz"), ("Saarbrücken", "Saarland"), ("Dortmund", "Nordrhein-Westfalen"),
          ("Nürnberg", "Bayern"), ("Jena", "Thüringen"), ("Ulm", "Baden-Württemberg"),
          ("Münster", "Nordrhein-Westfalen"), ("Kreis Recklinghausen", "Nordrhein-Westfalen")]
NOUNS = ("Verwaltung Digitalisierung Plattform Strategie Rathaus Bürgerportal Förderprogramm "
         "Breitbandausbau Glasfasernetz Datenplattform Onlinedienst Stadtrat Kreistag Haushalt "
         "Schulträger Serviceportal Sicherheitskonzept Rechenzentrum Chatbot Pilotprojekt Leitfaden "
         "Kooperation Zweckverband Ausschreibung Informationssicherheit Bürgerbeteiligung "
         "Verkehrsdaten Mobilitätskonzept Sensorik Stadtwerke Cloud Schnittstelle E-Akte Fachverfahren "
         "Modellregion Innovationslabor Kompetenzzentrum Digitallotsen Bürgerkonto "
         "Registermodernisierung").split()
VERBS = ("startet beschließt plant fördert testet erweitert veröffentlicht modernisiert vernetzt "
         "digitalisiert bündelt stellt vor baut aus prüft vereinbart").split()
FILLERS = ("die der das und mit für im auf neue digitale kommunale gemeinsame zentrale weitere "
           "sichere offene schnelle moderne erste landesweite").split()


def _sentence(rng: random.Random, place: str, words: int) -> str:
    body = [rng.choice(FILLERS) if rng.random() < 0.45 else rng.choice(NOUNS) for _ in range(words)]
    return f"{place} {rng.choice(VERBS)} {' '.join(body)}."


def _text(rng: random.Random, place: str, words: int) -> str:
    sentences, count = [], 0
    while count < words:
        length = rng.randint(8, 18)
        sentences.append(_sentence(rng, place, length))
        count += length + 2
    return " ".join(sentences)


def entries(count: int, seed: int = 7, topics: list[str] | None = None) -> list[Entry]:
    """`count` entries: summary ~40 words, body ~300 words, one region and place, 1-3 topics;
    dates over 2016-2025, every 20th undated, every 7th with an image."""
    rng = random.Random(seed)
    topics = topics or load_vocabulary(Path("content/topics.yaml")).names()
    start = datetime.date(2016, 1, 1)
    result = []
    for number in range(count):
        place, land = rng.choice(PLACES)
        title = f"{rng.choice(NOUNS)} {rng.choice(VERBS)} {rng.choice(FILLERS)} {rng.choice(NOUNS)}"
        date = None if number % 20 == 0 else start + datetime.timedelta(days=rng.randrange(3650))
        slug = german_slug(f"{place} {title} {number}", max_length=70)
        result.append(Entry(
            id=f"{date.isoformat()}-{slug}" if date else slug, title=title, kicker=place,
            date=date, regions=(land,), places=(place,),
            topics=tuple(rng.sample(topics, rng.randint(1, 3))),
            summary=_text(rng, place, 40), body=_text(rng, place, 300),
            sources=(Source(file="synthetisch.txt", line=number + 1),),
            image=Image(alt=f"Blick auf {place}", caption=f"{place} im Bild.", credit="Archiv")
            if number % 7 == 0 else None))
    return result


def write(entries_: list[Entry], articles: Path) -> None:
    """Write entries as files below `articles` (year folders, like the importer)."""
    for entry in entries_:
        folder = articles / (str(entry.date.year) if entry.date else "undatiert")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{entry.id}.md").write_text(to_markdown(entry), encoding="utf-8")
