"""Taxonomies are data: regions, topics and years come from their declarations through one
code path, and a fifth taxonomy is a declaration plus its templates."""
from __future__ import annotations

import dataclasses
import datetime
import re
from pathlib import Path

from builder.content import load_content
from builder.model import REGIONS, Entry
from builder.placefacts import place_facts
from builder.render.feeds import feed_specs
from builder.render.pages import PageRenderer, pages
from builder.render.templates import make_environment
from builder.search.index import INDEX_PATH
from builder.settings import load_settings
from builder.sitemodel.collation import german_sorted
from builder.sitemodel.site import build_site
from builder.sitemodel.taxonomies import (
    PLACE,
    REGION,
    TAXONOMIES,
    TOPIC,
    YEAR,
    Term,
    kind_of_place,
    land_of_place,
)
from builder.taxonomy import Vocabulary

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


def test_declared_terms_exist_without_entries_and_found_terms_follow_their_order():
    loaded = load_content(CONTENT)
    site = build_site(loaded.entries, loaded.vocabulary)
    assert [term.name for term in site.terms["region"]] == list(REGIONS)
    assert [term.name for term in site.terms["topic"]] == list(loaded.vocabulary.names())
    years = [term.name for term in site.terms["year"]]
    assert years == sorted({year for e in site.entries for year in YEAR.terms_of(e)}, reverse=True)
    assert {2017, 2019} <= set(years) - {e.date.year for e in site.entries if e.date}  # hints
    for taxonomy in (REGION, TOPIC, YEAR):
        for term in site.terms[taxonomy.name]:
            assert term.entries == [e for e in site.entries if term.name in taxonomy.terms_of(e)]
    places = site.terms["place"]
    assert [term.name for term in places] == german_sorted(
        {place for entry in site.entries for place in entry.places})
    for term in places:
        assert term.entries == [e for e in site.entries if term.name in e.places]


def test_a_fifth_taxonomy_is_a_declaration_plus_templates(tmp_path: Path):
    """Places given pages and feeds by their declaration alone: an index of places, a page
    and a feed per place, listing exactly the entries that name it."""
    theme = tmp_path / "theme" / "templates"
    theme.mkdir(parents=True)
    (theme / "places.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>Orte</h1>'
        '{% include "partials/term_index.html" %}{% endblock %}')
    (theme / "place.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>{{ name }}</h1>'
        '{% include "partials/entry_lines.html" %}{% endblock %}')
    places = dataclasses.replace(PLACE, index_template="places.html", term_template="place.html",
                                 feeds=True)
    loaded = load_content(CONTENT)
    site = build_site(loaded.entries, loaded.vocabulary,
                      taxonomies=(*[t for t in TAXONOMIES if t is not PLACE], places))
    settings = load_settings(CONTENT / "site.yaml")
    render = PageRenderer(make_environment(tmp_path / "theme"), site, settings)
    made = {page.path: page for page in pages(site, settings, INDEX_PATH)}

    index = render(made["orte/index.html"]).decode()
    linked = re.findall(r'href="([^"]+/index\.html)">([^<]+)</a> <span class="anzahl">', index)
    names = [name for _, name in linked]
    assert names == german_sorted({place for entry in site.entries for place in entry.places})
    for href, name in linked:
        page = made["orte/" + href]
        html = render(page).decode()
        assert f"<h1>{name}</h1>" in html
        expected = {e.id for e in site.entries if name in e.places}
        assert set(re.findall(r'artikel/([^/"]+)/index\.html', html)) == expected
    feeds = {path for path, *_ in feed_specs(site, settings)}
    assert {f"orte/{term.slug}/feed.xml" for term in site.terms["place"]} <= feeds


def test_german_collation_not_code_points():
    names = ["Kreis Recklinghausen", "Köln", "Zwickau", "Überlingen", "Ulm", "Aachen", "Öhringen",
             "Oberhausen", "Ärzteblatt"]
    assert german_sorted(names) == ["Aachen", "Ärzteblatt", "Köln", "Kreis Recklinghausen",
                                    "Oberhausen", "Öhringen", "Überlingen", "Ulm", "Zwickau"]
    assert sorted(names).index("Kreis Recklinghausen") < sorted(names).index("Köln")  # the bug


def entry(number: int, regions: tuple[str, ...], places: tuple[str, ...], day: int = 1) -> Entry:
    return Entry(id=f"e{number}", title=f"Meldung {number}", summary="Text.", regions=regions,
                 places=places, date=datetime.date(2025, 1, day))


def test_a_places_land_comes_only_from_entries_naming_one_land():
    """For a place the gazetteer does not know, an entry naming several Länder says nothing
    about where it lies (the places of one entry leaked into another Land before); Bund and
    EU are no Länder."""
    many = entry(1, ("Nordrhein-Westfalen", "Rheinland-Pfalz", "Sachsen"),
                 ("Köln", "Kaiserslautern", "Leipzig"))
    koeln = entry(2, ("Nordrhein-Westfalen", "Bund"), ("Köln",))
    unknown = Vocabulary((), 3)
    assert land_of_place(Term("Köln", "koeln", entries=[many, koeln]), unknown) == "Nordrhein-Westfalen"
    assert land_of_place(Term("Kaiserslautern", "kaiserslautern", entries=[many]), unknown) is None
    hessen = entry(3, ("Hessen",), ("Frankfurt",))
    brandenburg = entry(4, ("Brandenburg",), ("Frankfurt",))
    assert land_of_place(Term("Frankfurt", "frankfurt", entries=[hessen, brandenburg]), unknown) is None


def test_the_gazetteer_gives_a_place_its_land_and_kind_and_entries_pick_among_namesakes():
    """Every place the gazetteer knows in one Land gets that Land, whatever its entries name;
    a Kreis is called a Kreis; among namesakes in several Länder the entries decide."""
    many = entry(1, ("Nordrhein-Westfalen", "Rheinland-Pfalz", "Sachsen"),
                 ("Wermelskirchen", "Kreis Recklinghausen", "Neustadt"))
    lower_saxony = entry(2, ("Niedersachsen",), ("Neustadt",))
    names = {"Wermelskirchen", "Kreis Recklinghausen", "Neustadt", "Nirgendwo"}
    facts = place_facts(names, CONTENT, None)
    assert "Nirgendwo" not in facts
    assert {land for land, _ in facts["Neustadt"]} >= {"Niedersachsen", "Thüringen"}
    vocabulary = Vocabulary((), 3, places=facts)
    wermelskirchen = Term("Wermelskirchen", "wermelskirchen", entries=[many])
    assert land_of_place(wermelskirchen, vocabulary) == "Nordrhein-Westfalen"
    assert kind_of_place(wermelskirchen, vocabulary) == "Ort"
    kreis = Term("Kreis Recklinghausen", "kreis-recklinghausen", entries=[many])
    kreis.parent = land_of_place(kreis, vocabulary)
    assert (kreis.parent, kind_of_place(kreis, vocabulary)) == ("Nordrhein-Westfalen", "Kreis")
    neustadt = Term("Neustadt", "neustadt", entries=[many, lower_saxony])
    assert land_of_place(neustadt, vocabulary) == "Niedersachsen"
    assert land_of_place(Term("Neustadt", "neustadt", entries=[many]), vocabulary) is None


def test_region_pages_are_paged_newest_first_each_entry_once_with_only_their_places():
    loaded = load_content(CONTENT)
    site = build_site(loaded.entries, loaded.vocabulary)
    settings = load_settings(CONTENT / "site.yaml").model_copy(
        update={"entries_per_listing_page": 2})
    made = list(pages(site, settings, INDEX_PATH))
    nrw = [page for page in made if page.path.startswith("regionen/nordrhein-westfalen/")]
    assert len(nrw) >= 2  # its own page and older pages
    own = nrw[0]
    assert own.path == "regionen/nordrhein-westfalen/index.html"
    pages_newest_first = [own, *reversed(nrw[1:])]
    listed = [e for page in pages_newest_first for e in page.context["entries"] if e.date]
    listed += [e for e in own.context["entries"] if not e.date]  # the own page has all undated
    expected = [e for e in site.entries if "Nordrhein-Westfalen" in e.regions]
    assert [e.id for e in listed] == [e.id for e in expected]  # each once, newest first
    [(taxonomy, index)] = own.context["index"]
    assert taxonomy == "place"
    names = [name for name, _ in index]
    assert names == german_sorted(names)
    assert names.index("Köln") < names.index("Kreis Recklinghausen")
    for leaked in ("Kaiserslautern", "Leipzig", "Pforzheim", "Saarbrücken", "Wolfsburg"):
        assert leaked not in names
    assert all(page.context["index"] == [] for page in nrw[1:])  # the index is on the own page
    for name, count in index:
        assert count == sum(1 for e in site.entries if name in e.places)


def test_empty_terms_have_no_page_no_feed_and_no_link():
    loaded = load_content(CONTENT)
    site = build_site(loaded.entries, loaded.vocabulary)
    empty = [(t, term) for t in site.taxonomies for term in site.terms[t.name] if not term.entries]
    assert ("region", "Sachsen-Anhalt") in [(t.name, term.name) for t, term in empty]
    settings = load_settings(CONTENT / "site.yaml")
    paths = {page.path for page in pages(site, settings, INDEX_PATH)}
    feeds = {path for path, *_ in feed_specs(site, settings)}
    render = PageRenderer(make_environment(None), site, settings)
    regions = render(next(p for p in pages(site, settings, INDEX_PATH)
                          if p.path == "regionen/index.html")).decode()
    for taxonomy, term in empty:
        assert not any(path.startswith(f"{taxonomy.folder}/{term.slug}/") for path in paths)
        assert f"{taxonomy.folder}/{term.slug}/feed.xml" not in feeds
    assert "sachsen-anhalt" not in regions and "Sachsen-Anhalt" in regions


def test_places_whose_names_give_one_slug_get_their_own_pages():
    loaded = load_content(CONTENT)
    site = build_site([entry(1, ("Sachsen-Anhalt",), ("Halle (Saale)",)),
                       entry(2, ("Sachsen-Anhalt",), ("Halle Saale",)),
                       entry(3, ("Bayern",), ("–",))], loaded.vocabulary)
    assert [(term.name, term.slug) for term in site.terms["place"]] == [
        ("–", "-2"), ("Halle (Saale)", "halle-saale"), ("Halle Saale", "halle-saale-2")]
    paths = [page.path for page in pages(site, load_settings(CONTENT / "site.yaml"), INDEX_PATH)]
    assert len(paths) == len(set(paths))
