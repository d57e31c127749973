"""The search page in headless Chromium."""
import re
from contextlib import chdir
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from conftest import digest, prepare_project
from playwright.sync_api import expect
from searchnode import files_loaded
from sitecheck import axe_violations, serve

from builder.search import index

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yaml").read_text())
HOSTILE = "<img src=x onerror=window.__angriff=1> Angriff"
WORDS_ENTRY = ("---\nid: 2025-07-01-woerter\ntitle: Politik und Projekt\ndate: 2025-07-01\n"
               "regions: [Bayern]\ntopics: [Bildung]\nsummary: Pflege, Quelle und Typ im Test.\n---\n"
               "Die G7 tagten 2024 über 5G im «Rathaus» für 3 Millionen Euro, sagte sie.\n")
HOSTILE_BODY = "Im Text steht </script><script>window.__angriff=2</script> und ein Zeilen\u2028trenner."
HOSTILE_ENTRY = (f"---\nid: 2025-07-02-angriff\ntitle: '{HOSTILE}'\ndate: 2025-07-02\n"
                 f"summary: Ein Titel mit HTML.\n---\n{HOSTILE_BODY}\n")


@pytest.fixture(scope="module")
def site(tmp_path_factory, geonames_cache) -> Path:
    """The seeds plus an entry with words readers type and one with a hostile title."""
    project = prepare_project(tmp_path_factory.mktemp("project"), geonames_cache)
    with chdir(project):
        assert digest("import", "-q").exit_code == 0
        own = project / "content/articles/2025"
        (own / "woerter.md").write_text(WORDS_ENTRY)
        (own / "angriff.md").write_text(HOSTILE_ENTRY)
        result = digest("build", "--base-url", "https://example.org/digest/")
        assert result.exit_code == 0, result.output
    return project / "site"


@pytest.fixture(scope="module")
def many_facet_chunks_site(site) -> Path:
    """The same project built with facet chunks of ten entries: a "large" archive, whose
    filters count the results only once the reader turns to them."""
    out = site.parent / "site-many-chunks"
    with chdir(site.parent), pytest.MonkeyPatch.context() as patch:
        patch.setattr(index, "FACET_CHUNK", 10)
        result = digest("build", "--out", str(out))
        assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def search_page(site, browser_page):
    errors: list[str] = []
    browser_page.on("pageerror", lambda error: errors.append(str(error)))
    with serve(site, "/digest/") as base:
        browser_page.base = base
        browser_page.errors = errors
        yield browser_page
    assert errors == []


def found_ids(page) -> list[str]:
    """The ids of all results: shows more results while the page offers them."""
    button = page.locator("#mehr-treffer button")
    while button.is_visible():
        count = page.locator("#treffer li").count()
        button.click()
        expect(page.locator("#treffer li")).not_to_have_count(count)
    hrefs = page.locator("#treffer h2 a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return [href.split("/")[-2] for href in hrefs]


def type_query(page, text: str) -> None:
    """Type into the search field and wait until the page has answered: a moment after the
    last key it puts the query into the address and lists the results, in one step; then
    wait until no index file is still loading."""
    page.fill("#suchfeld", text)
    page.wait_for_function("text => new URLSearchParams(location.search).get('q') === text", arg=text)
    expect(page.locator("#suche-status")).not_to_contain_text("noch geladen")


def wait_for_results(page, query: str) -> None:
    """Wait until the status line answers `query` with every index file it needs (after a page
    load with `?q=`, a search from the header or Enter in the field)."""
    status = page.locator("#suche-status")
    expect(status).to_contain_text(f"„{query}“")
    expect(status).not_to_contain_text("noch geladen")


def test_typing_shows_the_expected_entries_with_highlights(search_page):
    search_page.goto(search_page.base + "suche/index.html")
    assert "Suchbegriff" in search_page.locator("#suche-status").inner_text()
    type_query(search_page, "Digitalstrategie")
    assert found_ids(search_page)[0] == "2025-01-22-hamburg-neue-digitalstrategie-vorgestellt"
    first = search_page.locator("#treffer li").first
    assert first.locator("time").inner_text() == "22. Januar 2025"
    assert "Hamburg" in first.locator(".meta").inner_text()
    assert first.locator("mark").first.inner_text() == "Digitalstrategie"
    assert search_page.locator("#suche-status").get_attribute("role") == "status"
    count = len(found_ids(search_page))  # with the entries whose topic is "Digitalstrategie"
    status = search_page.locator("#suche-status").inner_text()
    assert status.startswith(f"{count} Treffer für „Digitalstrategie“")


def index_scripts(page) -> list[str]:
    """The index files the page has added as scripts, relative to assets/suche/."""
    return page.evaluate("Array.from(document.scripts, s => s.getAttribute('src'))"
                         ".filter(src => src && /assets\\/suche\\/[a-z]\\//.test(src))"
                         ".map(src => src.replace(/^.*assets\\/suche\\//, ''))")


def test_a_query_loads_only_the_index_files_it_needs(site, search_page):
    search_page.goto(search_page.base + "suche/index.html")
    assert index_scripts(search_page) == []  # index.js comes with the page, nothing else
    type_query(search_page, "Digitalstrategie")
    loaded = index_scripts(search_page)
    found = found_ids(search_page)
    documents = [name for name in loaded if name.startswith("d/")]
    assert len(documents) == len(found) <= 20  # the documents of the results shown
    assert sorted(set(loaded) - set(documents)) == sorted(
        name for name in files_loaded(site, ["Digitalstrategie"])[0] if not name.startswith("d/")
        and name != "index.js")  # the same postings, vocabulary and facets as in Node
    assert len([name for name in loaded if name.startswith("t/")]) <= 5
    assert len(list((site / "assets/suche/t").iterdir())) > 500  # of many


def test_a_large_archive_counts_the_filters_once_the_reader_turns_to_them(many_facet_chunks_site,
                                                                          browser_page):
    with serve(many_facet_chunks_site, "/digest/") as base:
        browser_page.goto(base + "suche/index.html")
        type_query(browser_page, "Digitalisierung")
        found = found_ids(browser_page)
        assert not [name for name in index_scripts(browser_page) if name.startswith("f/")]
        assert browser_page.locator("#filter-region option").all_inner_texts() == ["Alle Regionen"]
        browser_page.focus("#filter-region")
        expect(browser_page.locator("#filter-region option").first).to_have_text(
            f"Alle Regionen ({len(found)})")
        assert [name for name in index_scripts(browser_page) if name.startswith("f/")]
        bayern = next(o for o in browser_page.locator("#filter-region option").all_inner_texts()
                      if o.startswith("Bayern ("))
        browser_page.select_option("#filter-region", "Bayern")
        expect(browser_page.locator("#suche-status")).to_contain_text(
            bayern.split("(")[1].rstrip(")") + " Treffer")


@pytest.mark.parametrize("where", ["disk", "sub-path"])
def test_body_snippets_highlight_the_compound_that_matched(site, browser_page, where):
    """"Strategie" finds "Digitalisierungsstrategie" in a body: the snippet shows that word."""
    errors: list[str] = []
    browser_page.on("pageerror", lambda error: errors.append(str(error)))
    with serve(site, "/digest/") as base:
        start = (site / "suche/index.html").as_uri() if where == "disk" else base + "suche/index.html"
        browser_page.goto(start + "?q=Strategie")
        wait_for_results(browser_page, "Strategie")
        snippets = browser_page.locator("#treffer .auszug")
        marked = snippets.locator("mark").all_inner_texts()
        texts = snippets.all_inner_texts()
    assert any(word.lower().endswith("strategie") and word.lower() != "strategie" for word in marked)
    assert any(text.startswith("… ") for text in texts)  # cut from the body, around the match
    body = next(t for t in texts if "Digitalisierungsstrategie" in t or "Digitalstrategie" in t)
    assert len(body) < 300
    assert errors == []


@pytest.mark.parametrize("number", range(len(QUERIES)), ids=[q["query"] for q in QUERIES])
def test_german_query_list_in_the_browser(site, search_page, number):
    query = QUERIES[number]
    unrelated = set(query.get("unrelated", ()))
    assert all((site / "artikel" / entry / "index.html").is_file() for entry in unrelated)  # on the site
    search_page.goto(search_page.base + "suche/index.html")
    type_query(search_page, query["query"])
    found = set(found_ids(search_page))
    assert set(query["expect"]) <= found
    assert not unrelated & found
    if query.get("exactly"):
        assert found == set(query["expect"])


@pytest.mark.parametrize("word", ["Politik", "Projekt", "Pflege", "Quelle", "Typ", "G7", "2024",
                                  "5G", "«Rathaus»", "Euro,", "Millionen"])
def test_every_word_is_findable(search_page, word):
    search_page.goto(search_page.base + "suche/index.html?q=" + word.replace(",", "%2C"))
    wait_for_results(search_page, word)
    assert "2025-07-01-woerter" in found_ids(search_page)


def test_filters_narrow_and_counts_follow_the_query(search_page):
    search_page.goto(search_page.base + "suche/index.html")
    type_query(search_page, "Digitalisierung")
    everything = found_ids(search_page)
    options = search_page.locator("#filter-region option").all_inner_texts()
    assert options[0] == f"Alle Regionen ({len(everything)})"
    bayern = next(o for o in options if o.startswith("Bayern ("))
    count = int(bayern.split("(")[1].rstrip(")"))
    search_page.select_option("#filter-region", "Bayern")
    status = search_page.locator("#suche-status")
    expect(status).to_have_text(re.compile(f"^{count} Treffer für „Digitalisierung“"))
    narrowed = found_ids(search_page)
    assert len(narrowed) == count and 0 < count < len(everything)
    for meta in search_page.locator("#treffer .meta").all_inner_texts():
        assert "Bayern" in meta
    search_page.select_option("#filter-jahr", "2025")
    assert all(d.startswith("2025") for d in search_page.locator("#treffer time").evaluate_all(
        "times => times.map(t => t.getAttribute('datetime'))"))


def test_query_and_filters_live_in_the_url_and_survive_a_reload(search_page):
    search_page.goto(search_page.base + "suche/index.html")
    type_query(search_page, "Verwaltung")
    search_page.select_option("#filter-thema", "Verwaltungsmodernisierung")
    expect(search_page).to_have_url(re.compile(r"thema=Verwaltungsmodernisierung"))
    wait_for_results(search_page, "Verwaltung")  # the filter's files, then the list drawn anew
    params = parse_qs(urlsplit(search_page.url).query)
    assert params == {"q": ["Verwaltung"], "thema": ["Verwaltungsmodernisierung"]}
    before = found_ids(search_page)
    assert before
    search_page.reload()
    wait_for_results(search_page, "Verwaltung")
    assert search_page.input_value("#suchfeld") == "Verwaltung"
    assert search_page.input_value("#filter-thema") == "Verwaltungsmodernisierung"
    assert found_ids(search_page) == before


def test_header_search_on_any_page_leads_to_results(search_page):
    search_page.goto(search_page.base + "regionen/bayern/index.html")
    search_page.fill("#kopf-suche", "Open Data")
    search_page.press("#kopf-suche", "Enter")
    search_page.wait_for_url("**/suche/index.html?q=Open+Data")
    wait_for_results(search_page, "Open Data")
    bertelsmann = "die-bertelsmann-stiftung-veroeffentlicht-mit-der-wissenschaftlichen-des-difu"
    assert bertelsmann in found_ids(search_page)


def test_search_works_from_disk(site, browser_page):
    browser_page.goto((site / "index.html").as_uri())
    browser_page.fill("#kopf-suche", "Strasse")
    browser_page.press("#kopf-suche", "Enter")
    browser_page.wait_for_url((site / "suche/index.html").as_uri() + "?q=Strasse")
    wait_for_results(browser_page, "Strasse")
    assert "thueringen-foerdergelder-fuer-verwaltungsdigitalisierung" in found_ids(browser_page)


def test_a_hostile_title_stays_text(search_page):
    search_page.goto(search_page.base + "suche/index.html?q=Angriff")
    wait_for_results(search_page, "Angriff")
    assert search_page.locator("#treffer h2").first.inner_text() == HOSTILE
    assert search_page.locator("#treffer img").count() == 0
    assert search_page.evaluate("window.__angriff") is None


def test_a_hostile_body_stays_text_in_its_snippet(search_page):
    """The body's `</script>` and line separator (U+2028) travel in the index files as they are."""
    search_page.goto(search_page.base + "suche/index.html?q=trenner")
    wait_for_results(search_page, "trenner")
    snippet = search_page.locator("#treffer li", has_text="Angriff").locator("p.auszug").inner_text()
    assert "</script><script>window.__angriff=2</script>" in snippet and "\u2028trenner" in snippet
    assert search_page.evaluate("window.__angriff") is None


@pytest.mark.parametrize("query", [":", "*", "~", "+", "-", '"', '"Digital', "Bürger*", "a:b",
                                   "title:Test", "+Köln -Bonn", "Stadt~2", "^3", "\\", "%", "   "])
def test_odd_queries_never_throw(search_page, query):
    search_page.goto(search_page.base + "suche/index.html")
    type_query(search_page, query)
    assert search_page.locator("#suche-status").inner_text()


def test_no_result_and_empty_states_say_what_to_try(search_page):
    search_page.goto(search_page.base + "suche/index.html?q=Quantenkryptographie")
    wait_for_results(search_page, "Quantenkryptographie")
    status = search_page.locator("#suche-status").inner_text()
    assert status.startswith("Keine Treffer für „Quantenkryptographie“") and "Regionen" in status
    assert found_ids(search_page) == []


def test_results_page_passes_axe(search_page):
    search_page.goto(search_page.base + "suche/index.html?q=Digitalisierung&region=Bayern")
    wait_for_results(search_page, "Digitalisierung")
    assert search_page.locator("#treffer li").count() > 0
    assert axe_violations(search_page) == []


def test_fully_usable_by_keyboard(search_page):
    search_page.goto(search_page.base + "suche/index.html")
    search_page.keyboard.press("Tab")  # skip link
    for _ in range(12):  # the site title and the navigation come first
        search_page.keyboard.press("Tab")
        if search_page.evaluate("document.activeElement.id") == "suchfeld":
            break
    assert search_page.evaluate("document.activeElement.id") == "suchfeld"
    search_page.keyboard.type("Hamburg")
    # the page answers typing a moment after the last key (then the address holds the
    # query); only then Enter, so that no late answer rebuilds the list under the focus
    expect(search_page).to_have_url(re.compile(r"\?q=Hamburg$"))
    search_page.keyboard.press("Enter")
    wait_for_results(search_page, "Hamburg")
    for _ in range(8):
        search_page.keyboard.press("Tab")
        if search_page.evaluate("document.activeElement.closest('#treffer') !== null"):
            break
    with search_page.expect_navigation():
        search_page.keyboard.press("Enter")
    assert "/artikel/" in search_page.url


def test_without_javascript_the_page_says_so_and_links_the_index_pages(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((site / "suche/index.html").as_uri())
    notice = page.locator("#ohne-js")
    assert notice.is_visible() and "JavaScript" in notice.inner_text()
    assert [a.get_attribute("href") for a in notice.locator("a").all()] == [
        "../regionen/index.html", "../themen/index.html", "../archiv/index.html"]
    assert not page.locator("#suchformular").is_visible()
    context.close()
