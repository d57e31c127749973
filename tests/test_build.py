"""`digest build`: pages, links, feeds, reproducibility, atomicity and escaping."""
import datetime
import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from conftest import digest, digest_subprocess, tree_digest
from sitewalk import check_site

from builder.clock import newsroom_today
from builder.content import load_content
from builder.sitemodel.collation import german_sorted

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def built(project: Path) -> Path:
    assert digest("import", "-q").exit_code == 0
    (project / "content/site.yaml").write_text(
        "title: Kommunal-Digest\ndescription: Test\nbase_url: https://example.org/digest/\n"
        "entries_per_page: 20\n")
    result = digest("build")
    assert result.exit_code == 0, result.output
    return project / "site"


def test_every_page_exists(built: Path):
    for path in ("index.html", "undatiert/index.html",
                 "regionen/index.html", "regionen/baden-wuerttemberg/index.html",
                 "regionen/bund/index.html", "regionen/eu/index.html", "themen/index.html",
                 "themen/smart-city/index.html", "archiv/index.html", "archiv/2025/index.html",
                 "archiv/2015/index.html", "404.html", "feed.xml", "regionen/bayern/feed.xml",
                 "themen/bildung/feed.xml", "sitemap.xml", "robots.txt", "assets/style.css",
                 "artikel/2025-01-22-hamburg-neue-digitalstrategie-vorgestellt/index.html"):
        assert (built / path).is_file(), path
    assert len(list(built.glob("artikel/*/index.html"))) == 72


def test_no_broken_internal_link_and_no_request_outside_the_site(built: Path):
    broken, external = check_site(built)
    assert broken == []
    assert external == []


def test_all_internal_links_are_relative_so_sub_paths_and_file_urls_work(built: Path):
    for page in built.rglob("*.html"):
        html = page.read_text()
        hrefs = re.findall(r'<(?!base)[^>]*?(?:href|src)="([^"]*)"', html)
        internal = [h for h in hrefs if not h.startswith("https://example.org/")]
        assert all(not h.startswith("/") for h in internal), page
    canonical = (built / "regionen/bayern/index.html").read_text()
    assert '<link rel="canonical" href="https://example.org/digest/regionen/bayern/">' in canonical
    assert '<base href="/digest/">' in (built / "404.html").read_text()


def test_home_is_newest_first_and_undated_entries_have_their_own_page(built: Path):
    home = (built / "index.html").read_text()
    dates = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)">', home)
    assert len(dates) == 20 and dates == sorted(dates, reverse=True)
    assert "30. Juni 2025" in home
    assert "Meldungen ohne Datum" in home and "undatiert/index.html" in home
    undated = (built / "undatiert/index.html").read_text()
    assert undated.count('class="karte"') == 40 and "<time" not in undated


def test_region_page_lists_its_lands_entries_once_newest_first_and_its_places(built: Path):
    regions = (built / "regionen/index.html").read_text()
    assert regions.count("<li>") >= 18
    assert re.search(r'Nordrhein-Westfalen</a> <span class="anzahl">\d+ Meldungen', regions)
    nrw = (built / "regionen/nordrhein-westfalen/index.html").read_text()
    listing = nrw.split('<ul class="kurzliste">')[1].split("</ul>")[0]
    ids = re.findall(r'artikel/([^/"]+)/index\.html', listing)
    assert len(ids) == len(set(ids)) == 16  # each entry once
    dates = re.findall(r'<time datetime="([\d-]+)">', listing)
    assert dates == sorted(dates, reverse=True) and dates[0].startswith("2025")
    for id in ids:  # only entries of the Land
        entry = (built / f"artikel/{id}/index.html").read_text()
        assert 'href="../../regionen/nordrhein-westfalen/index.html"' in entry, id
    index = nrw.split('<h2 id="verzeichnis-place">')[1].split("</section>")[0]
    places = re.findall(r'<a href="\.\./\.\./orte/[a-z0-9-]+/index\.html">([^<]+) <span', index)
    assert places == german_sorted(places) and len(places) >= 10
    assert places.index("Köln") < places.index("Kreis Recklinghausen")
    assert not {"Kaiserslautern", "Leipzig", "Pforzheim", "Saarbrücken", "Wolfsburg"} & set(places)
    assert '<link rel="alternate" type="application/atom+xml"' in nrw and 'href="feed.xml"' in nrw


def test_every_place_has_a_page_with_its_land_and_a_feed_and_entries_link_it(built: Path):
    koeln = (built / "orte/koeln/index.html").read_text()
    assert "<h1>Köln</h1>" in koeln
    assert 'Ort in <a class="region" href="../../regionen/nordrhein-westfalen/index.html">' in koeln
    assert 'href="feed.xml"' in koeln
    feed = ElementTree.parse(built / "orte/koeln/feed.xml").getroot()
    assert feed.find(f"{ATOM}title").text == "Kommunal-Digest: Köln"
    assert feed.findall(f"{ATOM}entry")
    page = (built / "artikel/2025-02-03-kreis-recklinghausen-info-plattform-zum-smart-city-ansatz"
            "/index.html").read_text()
    assert '<a class="ort" href="../../orte/kreis-recklinghausen/index.html">' in page
    named = {place for entry in built.glob("artikel/*/index.html")
             for place in re.findall(r'<a class="ort" href="\.\./\.\./orte/([^/]+)/', entry.read_text())}
    assert named == {folder.name for folder in (built / "orte").iterdir()}


def test_an_empty_term_has_no_page_and_no_link_and_home_picks_lands_and_topics(built: Path):
    assert not (built / "regionen/sachsen-anhalt").exists()
    regions = (built / "regionen/index.html").read_text()
    assert "<li>Sachsen-Anhalt <span" in regions
    assert not [page for page in built.rglob("*.html") if "sachsen-anhalt/" in page.read_text()]
    home = (built / "index.html").read_text()
    picker = home.split('<h2 id="auswahl-region">Nach Land</h2>')[1].split("</nav>")[0]
    assert 'href="regionen/nordrhein-westfalen/index.html"' in picker
    assert "sachsen-anhalt" not in picker
    assert 'href="themen/smart-city/index.html"' in home.split('id="auswahl-topic"')[1]


def test_entry_page_shows_everything(built: Path):
    page = (built / "artikel/2025-01-22-hamburg-neue-digitalstrategie-vorgestellt/index.html").read_text()
    assert "<h1>Neue Digitalstrategie vorgestellt</h1>" in page
    assert '<p class="kicker">Hamburg</p>' in page
    assert '<time datetime="2025-01-22">22. Januar 2025</time>' in page
    assert "Kommunales Nachrichtenportal, Rubrik Politik (ohne Angabe des Herausgebers), abgerufen " \
        'am <time datetime="2025-03-10">10. März 2025</time>' in page
    assert "Zeile" not in page and ".txt" not in page  # file and line are for editors only
    assert 'href="../../themen/digitalstrategie/index.html"' in page
    assert "Verwandte Meldungen" in page
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1))
    assert data["@type"] == "NewsArticle" and data["datePublished"] == "2025-01-22"
    assert data["headline"] == "Neue Digitalstrategie vorgestellt"
    assert '<meta property="og:type" content="article">' in page


def test_atom_feeds_are_well_formed_with_absolute_ids(built: Path):
    for feed in [built / "feed.xml", *built.glob("*/*/feed.xml")]:
        root = ElementTree.parse(feed).getroot()
        assert root.tag == f"{ATOM}feed"
        for required in ("id", "title", "updated", "author"):
            assert root.find(f"{ATOM}{required}") is not None, (feed, required)
        for entry in root.findall(f"{ATOM}entry"):
            assert entry.find(f"{ATOM}id").text.startswith("https://example.org/digest/artikel/")
            assert entry.find(f"{ATOM}updated") is not None
    main = ElementTree.parse(built / "feed.xml").getroot()
    newest_added = max(entry.added for entry in load_content(built.parent / "content").entries)
    assert main.find(f"{ATOM}updated").text.startswith(newest_added.isoformat())  # the import's day
    assert len(main.findall(f"{ATOM}entry")) == 50  # dated or not: every entry is in feeds


def test_a_new_entry_leads_the_home_page_and_feeds_dated_or_not(built: Path, project: Path):
    """Every entry is first-class: the newest additions lead the home page and the feeds,
    an undated one with an honest "ohne genaues Datum" and its hint; a Land's feed holds
    what its page lists, and each Atom entry says when it entered the digest."""
    later = (newsroom_today() + datetime.timedelta(days=1)).isoformat()  # after the import's day
    new = project / "content/articles/undatiert/neu-ohne-datum.md"
    new.write_text("---\nid: neu-ohne-datum\ntitle: Ulm öffnet ein Datenportal\n"
                   f"date_hint: Frühjahr 2026\nadded: {later}\nregions: [Baden-Württemberg]\n"
                   "summary: Ulm stellt seine Haushaltsdaten offen ins Netz.\n"
                   "sources:\n- {file: 001_cb720e2e6aee53d5.txt, line: 1}\n---\nText.\n")
    assert digest("build").exit_code == 0
    home = (built / "index.html").read_text()
    first = home.index('class="karte"')
    assert home.index("Ulm öffnet ein Datenportal") > first
    assert home.index("Ulm öffnet ein Datenportal") < home.index('class="karte"', first + 1)
    assert "ohne genaues Datum (Frühjahr 2026)" in home
    feed = ElementTree.parse(built / "regionen/baden-wuerttemberg/feed.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert entries[0].find(f"{ATOM}title").text == "Ulm öffnet ein Datenportal"
    assert entries[0].find(f"{ATOM}updated").text.startswith(later)
    assert feed.find(f"{ATOM}updated").text.startswith(later)
    page = (built / "regionen/baden-wuerttemberg/index.html").read_text()
    assert len(entries) == len(set(re.findall(r'href="../../artikel/([^/]+)/', page)))


def test_sitemap_and_robots(built: Path):
    sitemap = (built / "sitemap.xml").read_text()
    assert "<loc>https://example.org/digest/</loc>" in sitemap
    assert "404" not in sitemap
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    listed = {url.findtext(f"{namespace}loc"): url.findtext(f"{namespace}lastmod")
              for url in ElementTree.parse(built / "sitemap.xml").getroot()}
    pages = {path.relative_to(built).as_posix() for path in built.rglob("*.html")} - {"404.html"}
    base = "https://example.org/digest/"
    assert {base + path.removesuffix("index.html") for path in pages} == set(listed)
    for entry in built.glob("artikel/*/index.html"):  # lastmod: the date, where there is one
        published = re.search(r'"datePublished": "([0-9-]+)"', entry.read_text())
        assert listed[base + entry.relative_to(built).parent.as_posix() + "/"] == \
            (published.group(1) if published else None)
    assert (built / "robots.txt").read_text().endswith("Sitemap: https://example.org/digest/sitemap.xml\n")


def test_two_builds_are_byte_identical(project: Path, tmp_path_factory):
    digest("import", "-q")
    first = tmp_path_factory.mktemp("one") / "site"
    second = tmp_path_factory.mktemp("two") / "site"
    assert digest_subprocess("build", "--out", str(first), cwd=project,
                             env={"PATH": "/usr/bin:/bin", "TZ": "Asia/Tokyo", "LANG": "C"}).returncode == 0
    assert digest_subprocess("build", "--out", str(second), cwd=project,
                             env={"PATH": "/usr/bin:/bin", "TZ": "UTC", "LANG": "de_DE.UTF-8",
                                  "PYTHONHASHSEED": "123"}).returncode == 0
    assert tree_digest(first) == tree_digest(second)


def test_invalid_entry_refuses_the_build_and_keeps_the_previous_site(built: Path, project: Path):
    before = tree_digest(built)
    broken = next((project / "content/articles/2025").glob("*.md"))
    broken.write_text(broken.read_text().replace("topics: [", "topics: [Smartcity, "))
    result = digest("build")
    assert result.exit_code == 1
    assert f"{broken.relative_to(project)}:" in result.stderr and 'unknown topic "Smartcity"' in result.stderr
    assert result.stderr.strip().splitlines()[-1] == "error: 1 error in the content; nothing was built"
    assert tree_digest(built) == before
    assert not list(project.glob(".site.*"))


def test_template_error_is_one_line_and_keeps_the_previous_site(built: Path, project: Path):
    before = tree_digest(built)
    theme = project / "mytheme/templates"
    theme.mkdir(parents=True)
    (theme / "topic.html").write_text('{% extends "base.html" %}{% block main %}{{ nope.x }}{% endblock %}')
    result = digest("build", "--theme", "mytheme")
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: ") and "mytheme/templates/topic.html:1" in line and "nope" in line
    assert tree_digest(built) == before


def test_user_theme_overrides_a_template_and_an_asset(built: Path, project: Path):
    theme = project / "mytheme"
    (theme / "templates/partials").mkdir(parents=True)
    (theme / "static").mkdir()
    (theme / "templates/partials/footer.html").write_text("<footer><p>Eigener Fuß</p></footer>\n")
    (theme / "static/style.css").write_text("body { color: red; }\n")
    assert digest("build", "--theme", "mytheme").exit_code == 0
    assert "<p>Eigener Fuß</p>" in (built / "index.html").read_text()
    assert (built / "assets/style.css").read_text() == "body { color: red; }\n"


def test_hostile_text_is_escaped_in_html_feeds_and_json_ld(project: Path):
    hostile = ("Kiel: <script>alert('t')</script> & \"Quote\"\n"
               "[01.03.2025] <img src=x onerror=alert(1)> & mehr. mehr...\n")
    (project / "content/sources/x.txt").write_text(hostile)
    digest("import", "-q")
    assert digest("build").exit_code == 0
    [page] = (project / "site/artikel").glob("2025-03-01-kiel*/index.html")
    html = page.read_text()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; &amp; &#34;Quote&#34;" in html
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    assert "<" not in ld and json.loads(ld)["headline"] == "<script>alert('t')</script> & \"Quote\""
    feed = (project / "site/feed.xml").read_text()
    assert "<script>" not in feed and "&lt;script&gt;" in feed
    root = ElementTree.parse(project / "site/feed.xml").getroot()
    titles = [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]
    assert "Kiel: <script>alert('t')</script> & \"Quote\"" in titles


def test_invalid_settings_are_one_located_error(project: Path):
    (project / "content/site.yaml").write_text("title: X\nbase_url: ftp://nope\nentries_per_page: 0\n")
    result = digest("build")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: content/site.yaml:2: base_url: String should match")


def test_raw_html_written_into_a_body_by_an_editor_shows_as_text(project: Path):
    entry = project / "content/articles/2025/eigen.md"
    entry.parent.mkdir(parents=True)
    entry.write_text("---\nid: 2025-05-05-eigen\ntitle: Eigen\ndate: 2025-05-05\nsummary: S.\n---\n"
                     "Text mit <script>alert(1)</script> und **fett**.\n\n<div onclick=\"x()\">Block</div>\n")
    assert digest("build").exit_code == 0
    html = (project / "site/artikel/2025-05-05-eigen/index.html").read_text()
    assert "<p>Text mit &lt;script&gt;alert(1)&lt;/script&gt; und <strong>fett</strong>.</p>" in html
    assert '&lt;div onclick="x()"&gt;Block&lt;/div&gt;' in html and "<div onclick" not in html


def entry_links(page: Path) -> list[str]:
    return re.findall(r'href="(?:\.\./)+artikel/([^/]+)/index.html"', page.read_text())


def test_large_term_and_year_pages_are_paged_from_the_oldest(project: Path):
    assert digest("import", "-q").exit_code == 0
    settings = project / "content/site.yaml"
    settings.write_text(settings.read_text().replace("entries_per_listing_page: 100",
                                                  "entries_per_listing_page: 3"))
    assert digest("build").exit_code == 0
    topic = project / "site/themen/verwaltungsmodernisierung"
    own, older = topic / "index.html", sorted((topic / "seite").glob("*/index.html"))
    assert [page.parent.name for page in older] == ["1", "2", "3"]  # 12 dated entries: 3 + 3×3
    pages = [own, *reversed(older)]                                 # newest first
    listed = [entry_links(page) for page in pages]
    assert all(len(links) == 3 for links in listed[1:])
    dates = [re.findall(r'datetime="([\d-]+)"', page.read_text()) for page in pages]
    assert all(a >= b for a, b in zip(sum(dates, []), sum(dates, [])[1:]))  # newest to oldest
    in_topic = re.search(r"(\d+) Meldungen, hier die neuesten", own.read_text()).group(1)
    assert sorted(sum(listed, [])) == sorted(set(sum(listed, []))) and len(sum(listed, [])) == int(in_topic)
    assert 'href="seite/3/index.html" rel="next">Ältere Meldungen' in own.read_text()
    assert 'href="../2/index.html" rel="next">Ältere Meldungen' in older[2].read_text()
    assert 'href="../../index.html" rel="prev">Neuere Meldungen' in older[2].read_text()
    assert "Ältere Meldungen</a>" not in older[0].read_text()
    # Numbered as a reader counts: the newest page is 1, the oldest (seite/1) the last
    second = older[2].read_text()
    assert "<p>Seite 2 von 4</p>" in second and "Seite 2 von 4 – Themen" not in own.read_text()
    assert '<a href="../2/index.html" aria-current="page">2</a>' not in second
    assert '<a href="index.html" aria-current="page">2</a>' in second
    assert '<a href="../1/index.html">4</a>' in second and '<a href="../../index.html">1</a>' in second
    year = project / "site/archiv/2025"
    year_pages = [year / "index.html", *sorted((year / "seite").glob("*/index.html"), reverse=True)]
    year_links = sum([entry_links(page) for page in year_pages], [])
    assert len(year_pages) > 2 and all(len(entry_links(page)) == 3 for page in year_pages[1:])
    articles = list((project / "content/articles/2025").glob("*.md"))
    assert len(year_links) == len(set(year_links)) == len(articles)
    inodes = {page: page.stat().st_ino for page in older}
    entry = next(path for path in sorted((project / "content/articles/2025").glob("*.md"))
                 if "Verwaltungsmodernisierung" not in path.read_text())  # not yet in the topic
    entry.write_text(entry.read_text().replace("topics: [", "topics: [Verwaltungsmodernisierung, ", 1)
                     .replace("date: 2025-", "date: 2026-", 1))  # now the newest of the topic
    assert digest("build").exit_code == 0
    assert {page: page.stat().st_ino for page in older} == inodes  # older pages untouched
    assert entry_links(own)[0] == re.search(r"^id: (.+)$", entry.read_text(), re.MULTILINE).group(1)


def test_an_undated_entry_stands_in_the_year_its_hint_names_and_says_so(built: Path):
    year = (built / "archiv/2017/index.html").read_text()
    assert "Ohne genaues Datum" in year and "ohne genaues Datum (Novemberwochenende 2017)" in year
    assert "Novemberwochenende 2017" not in (built / "archiv/2025/index.html").read_text()


def test_impressum_and_datenschutz_come_from_the_settings(built: Path, project: Path):
    """Every German publication needs both pages; they name who publishes (site.yaml) and are
    linked from every page's footer. Without `imprint` in site.yaml there are neither."""
    assert "imprint:" not in (project / "content/site.yaml").read_text()  # the fixture's
    assert not (built / "impressum").exists() and "Impressum" not in (built / "index.html").read_text()
    settings = project / "content/site.yaml"
    settings.write_text(settings.read_text() + "imprint:\n  publisher: Redaktion Testdigest\n"
                        "  address: [Testweg 2, 01234 Teststadt]\n  email: post@test.example\n"
                        "  responsible: Max Muster\n")
    assert digest("build").exit_code == 0
    imprint = (built / "impressum/index.html").read_text()
    assert "Redaktion Testdigest" in imprint and "Testweg 2<br>01234 Teststadt" in imprint
    assert 'href="mailto:post@test.example"' in imprint and "Max Muster" in imprint
    assert "Redaktion Testdigest" in (built / "datenschutz/index.html").read_text()
    entry = next((built / "artikel").glob("*/index.html")).read_text()
    assert 'href="../../impressum/index.html">Impressum</a>' in entry
    assert 'href="../../datenschutz/index.html">Datenschutz</a>' in entry
    settings.write_text(settings.read_text().replace("post@test.example", "keine-adresse"))
    result = digest("build")
    assert result.exit_code == 1 and "site.yaml" in result.stderr and "imprint.email" in result.stderr


def test_an_entry_page_shows_no_box_for_a_picture_it_does_not_have(built: Path):
    page = (built / "artikel/potsdam-impulse-fuer-die-digitalisierung/index.html").read_text()
    assert "Bild:" not in page and "<figure" not in page


def test_a_title_made_from_the_summary_is_not_read_twice(built: Path):
    """A teaser without a heading gets its first sentence as title, or its main clause where
    the sentence is long; right under it the summary goes on from there instead of repeating
    the opening, and nothing is left when the title says it all."""
    undated = (built / "undatiert/index.html").read_text()
    whole = ("Die Stadt Dortmund räumt dem Einsatz von Open-Source-Software grundsätzlich einen "
             "Vorzug gegenüber proprietärer Software ein")
    assert f">{whole}</a>" in undated
    assert undated.count("Die Stadt Dortmund räumt dem Einsatz") == 1
    clause = "Das baden-württembergische Wirtschaftsministerium beginnt seine Informationskampagne zu 5G"
    assert f">{clause}</a>" in undated
    assert '<p class="zusammenfassung">… um Kommunen und Bürger*innen aufzuklären' in undated
    assert undated.count("Das baden-württembergische Wirtschaftsministerium beginnt") == 1
