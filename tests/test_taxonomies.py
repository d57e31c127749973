"""Taxonomies are data: regions, topics and years come from their declarations through one
code path, and a fifth taxonomy is a declaration plus its templates."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from builder.content import load_content
from builder.model import REGIONS
from builder.render.feeds import feed_specs
from builder.render.pages import PageRenderer, pages
from builder.render.templates import make_environment
from builder.settings import load_settings
from builder.sitemodel.site import build_site
from builder.sitemodel.taxonomies import PLACE, REGION, TAXONOMIES, TOPIC, YEAR

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
    assert "place" not in site.terms  # declared, but shown nowhere yet


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
    made = {page.path: page for page in pages(site, settings, [])}

    index = render(made["orte/index.html"]).decode()
    linked = re.findall(r'href="([^"]+/index\.html)">([^<]+)</a> <span class="anzahl">', index)
    names = [name for _, name in linked]
    assert names == sorted({place for entry in site.entries for place in entry.places},
                           key=str.casefold)
    for href, name in linked:
        page = made["orte/" + href]
        html = render(page).decode()
        assert f"<h1>{name}</h1>" in html
        expected = {e.id for e in site.entries if name in e.places}
        assert set(re.findall(r'artikel/([^/"]+)/index\.html', html)) == expected
    feeds = {path for path, *_ in feed_specs(site, settings)}
    assert {f"orte/{term.slug}/feed.xml" for term in site.terms["place"]} <= feeds
