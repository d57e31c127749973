"""The complete gazetteer: every Kreis and small towns with their Land, namesakes resolved by
qualifier, Land, other places, epithet or size (else flagged), and false friends left alone."""
import json
import shutil

import pytest
from conftest import ROOT

from builder.errors import DigestError
from builder.ingest.places import load_gazetteer

# The first two digits of an official key (AGS) name the Land.
LAND_OF_KEY = {
    "01": "Schleswig-Holstein", "02": "Hamburg", "03": "Niedersachsen", "04": "Bremen",
    "05": "Nordrhein-Westfalen", "06": "Hessen", "07": "Rheinland-Pfalz",
    "08": "Baden-Württemberg", "09": "Bayern", "10": "Saarland", "11": "Berlin",
    "12": "Brandenburg", "13": "Mecklenburg-Vorpommern", "14": "Sachsen", "15": "Sachsen-Anhalt",
    "16": "Thüringen",
}
KREISE = ROOT / "node_modules/landkreise-deutschland/data/districts.json"


@pytest.fixture(scope="module")
def gazetteer(geonames_cache):
    return load_gazetteer(ROOT / "content/gazetteer.yaml", geonames_cache)


def where(gazetteer, text: str) -> tuple[list[str], list[str], list[str]]:
    located = gazetteer.locate(text)
    return located.regions, located.places, located.ambiguous


@pytest.mark.parametrize("text, region, place", [
    ("Im Kreis Steinfurt startet das Bürgerportal", "Nordrhein-Westfalen", "Kreis Steinfurt"),
    ("Der Landkreis Steinfurt startet", "Nordrhein-Westfalen", "Kreis Steinfurt"),
    ("Der Ortenaukreis digitalisiert die Zulassung", "Baden-Württemberg", "Ortenaukreis"),
    ("Der Erzgebirgskreis und seine Gemeinden", "Sachsen", "Erzgebirgskreis"),
    ("Landkreis Vorpommern-Rügen: Neues Portal", "Mecklenburg-Vorpommern",
     "Landkreis Vorpommern-Rügen"),
    ("Vorpommern-Rügen baut Glasfaser aus", "Mecklenburg-Vorpommern", "Landkreis Vorpommern-Rügen"),
    ("Die Verwaltung des Märkischen Kreises", "Nordrhein-Westfalen", "Märkischer Kreis"),
    ("Im Landkreis Dillingen a. d. Donau", "Bayern", "Landkreis Dillingen an der Donau"),
    ("Lutherstadt Wittenberg führt die E-Akte ein", "Sachsen-Anhalt", "Lutherstadt Wittenberg"),
    ("Der Landkreis Wittenberg", "Sachsen-Anhalt", "Landkreis Wittenberg"),
    ("Die Gemeinde Brandis startet einen Chatbot", "Sachsen", "Brandis"),
    ("Brandis: Neue Website", "Sachsen", "Brandis"),
    ("Die Gemeinde Oberhof", "Thüringen", "Oberhof"),
    ("In Bad Saarow tagt der Kreistag", "Brandenburg", "Bad Saarow"),
    ("Wyk auf Föhr testet Sensoren", "Schleswig-Holstein", "Wyk auf Föhr"),
    ("Die Gemeinde Oberstdorf", "Bayern", "Oberstdorf"),
    ("Bernkastel-Kues digitalisiert", "Rheinland-Pfalz", "Bernkastel-Kues"),
    ("Die Stadt Tangermünde", "Sachsen-Anhalt", "Tangermünde"),
    ("Die Stadt Meersburg", "Baden-Württemberg", "Meersburg"),
    ("Die Gemeinde Worpswede", "Niedersachsen", "Worpswede"),
    ("Die Stadt Rüdesheim am Rhein", "Hessen", "Rüdesheim am Rhein"),
    ("Die Gemeinde Zingst", "Mecklenburg-Vorpommern", "Zingst"),
    ("Die Gemeinde Perl", "Saarland", "Perl"),
])
def test_kreise_and_small_towns_are_found_in_their_land(gazetteer, text, region, place):
    assert where(gazetteer, text) == ([region], [place], [])


def test_every_kreis_of_the_destatis_list_is_found_in_the_land_its_key_names(gazetteer):
    kreise = [row for row in json.loads(KREISE.read_text(encoding="utf-8"))
              if row["type"] in ("Kreis", "Landkreis", "Regionalverband")]
    assert len(kreise) == 294  # and 107 kreisfreie Städte: 401
    for row in kreise:
        name = row["name"]
        text = name if "kreis" in name.lower() or " " in name and name.split()[0] in (
            "Region", "Städteregion", "Landkreis") else f"{row['type']} {name}"
        regions, places, ambiguous = where(gazetteer, f"Neues aus dem Kreishaus: {text}")
        assert (regions, len(places), ambiguous) == (
            [LAND_OF_KEY[str(row["AGS"]).zfill(5)[:2]]], 1, []), text


@pytest.mark.parametrize("text, region, place", [
    # a qualifier right after the name
    ("Die Stadt Halle (Westf.) führt die E-Akte ein", "Nordrhein-Westfalen", "Halle (Westf.)"),
    ("Die Stadt Halle in Westfalen", "Nordrhein-Westfalen", "Halle (Westf.)"),
    ("Die Gemeinde Essen (Oldb) testet", "Niedersachsen", "Essen (Oldenburg)"),
    ("Die Stadt Wetter (Ruhr) startet", "Nordrhein-Westfalen", "Wetter (Ruhr)"),
    ("Stadtwerke Dillingen a. d. Donau", "Bayern", "Dillingen an der Donau"),
    ("Neustadt/Weinstraße", "Rheinland-Pfalz", "Neustadt an der Weinstraße"),
    ("Die Gemeinde Bergen in Niedersachsen", "Niedersachsen", "Bergen"),
    # the Land named in the text
    ("Baden-Württemberg fördert die Gemeinde Schönau", "Baden-Württemberg", "Schönau"),
    ("Hessens Digitalministerin besucht die Stadt Wetter", "Hessen", "Wetter (Hessen)"),
    # the other places named
    ("Die Städte Halle und Magdeburg kooperieren", "Sachsen-Anhalt", "Halle (Saale)"),
    # an epithet
    ("Die Saalestadt Halle", "Sachsen-Anhalt", "Halle (Saale)"),
    # size: small towns yield to a namesake ten times their size
    ("Die Stadt Hof digitalisiert", "Bayern", "Hof"),
    ("In Münster werden Formate erprobt", "Nordrhein-Westfalen", "Münster"),
])
def test_a_name_shared_by_places_is_resolved_by_context(gazetteer, text, region, place):
    regions, places, ambiguous = where(gazetteer, text)
    assert (regions[:1], places[:1], ambiguous) == ([region], [place], [])


@pytest.mark.parametrize("text, name", [
    ("Die Gemeinde Schönau startet", "Schönau"),   # in Bayern twice, in Baden-Württemberg
    ("Die Stadt Halle plant", "Halle"),            # Saale and Westfalen, both over 15,000
    ("Die Gemeinde Bergen", "Bergen"),             # five Bergen in four Länder
    ("Stadtwerke Dillingen", "Dillingen"),         # Saar and Donau
])
def test_a_name_nothing_decides_is_flagged_not_guessed(gazetteer, text, name):
    assert where(gazetteer, text) == ([], [name], [name])


@pytest.mark.parametrize("text, region, places", [
    ("Die Domstadt setzt auf KI", "Nordrhein-Westfalen", ["Köln"]),
    ("In der Fächerstadt beginnt der Test", "Baden-Württemberg", ["Karlsruhe"]),
    ("Die Isarmetropole stellt vor", "Bayern", ["München"]),
    ("Die Domstadt Fulda plant", "Hessen", ["Fulda"]),  # another place: not Köln
])
def test_epithets_name_their_place(gazetteer, text, region, places):
    assert where(gazetteer, text) == ([region], places, [])


@pytest.mark.parametrize("text", [
    "Gutes Essen in der Kantine",
    "Das Wetter war schlecht",
    "Die Lage der Kommunen ist ernst",
    "Weil die Stadt sparen muss",
    "Knud Brandis berät Kommunen",         # a surname and a small town in Sachsen
    "Hatten die Städte eine Wahl?",         # a stop word and a small town in Niedersachsen
    "Investitionen in Netze und Glasfaser",  # nouns and small towns, after a weak cue
    "Die Wohnung geriet in Brand",
    "Brand\nDie Feuerwehr löscht",          # ... or as a kicker
    "Bürgermeister Horst Meier eröffnet",   # a first name and small towns
])
def test_false_friends_are_not_places_without_a_cue(gazetteer, text):
    assert where(gazetteer, text) == ([], [], [])


@pytest.mark.parametrize("text, region, place", [
    ("Die Stadt Essen", "Nordrhein-Westfalen", "Essen"),
    ("Die Stadt Lage startet", "Nordrhein-Westfalen", "Lage"),
    ("In Wetter startet das Portal", "Nordrhein-Westfalen", "Wetter (Ruhr)"),
])
def test_false_friends_are_places_after_a_cue(gazetteer, text, region, place):
    assert where(gazetteer, text) == ([region], [place], [])


def test_an_edit_of_the_curated_file_applies_at_the_next_load(tmp_path, geonames_cache):
    curated = tmp_path / "gazetteer.yaml"
    shutil.copy(ROOT / "content/gazetteer.yaml", curated)
    assert load_gazetteer(curated, geonames_cache).locate("Die Sprottenstadt").places == []
    text = curated.read_text(encoding="utf-8").replace("epithets:\n", "epithets:\n  Sprottenstadt: Kiel\n")
    curated.write_text(text, encoding="utf-8")
    assert load_gazetteer(curated, geonames_cache).locate("Die Sprottenstadt").places == ["Kiel"]


def test_an_alias_of_an_unknown_place_is_one_located_error(tmp_path, geonames_cache):
    curated = tmp_path / "gazetteer.yaml"
    text = (ROOT / "content/gazetteer.yaml").read_text(encoding="utf-8")
    curated.write_text(text.replace("aliases:\n", "aliases:\n  Schilda: Schildbürgerstadt\n"),
                       encoding="utf-8")
    line = curated.read_text(encoding="utf-8").splitlines().index("  Schilda: Schildbürgerstadt") + 1
    with pytest.raises(DigestError) as raised:
        load_gazetteer(curated, geonames_cache)
    assert f"gazetteer.yaml:{line}" in str(raised.value)
    assert "unknown place 'Schildbürgerstadt'" in str(raised.value)
