"""Topics match keywords on the search's German analysis (inflections, compounds, no letters
inside unrelated words), the import report says why, and editors' corrections suggest
keywords (`digest suggest-keywords`)."""
import re
from pathlib import Path

import frontmatter
from conftest import digest

# Written for these tests: one teaser per item, in the dated teaser layout of the seeds.
PAGE = """\
Landkreis: Glasfaserausbau geht voran
[03.03.2025] Der Landkreis schließt weitere Gewerbegebiete an das Glasfasernetz an. mehr...

Digitalpakt: Schulträgern fehlt Personal
[04.03.2025] Viele Schulträger rufen die Mittel nicht ab, weil Administratoren fehlen. mehr...

Kreis: Schülerinnen lernen Programmieren
[04.03.2025] In einer AG lernen Schülerinnen und Schüler das Programmieren. mehr...

Rathaus: Neue Informationssicherheitsbeauftragte
[05.03.2025] Die Stadt hat erstmals eine Informationssicherheitsbeauftragte bestellt. mehr...

Kiel: Kieler Woche mit Kinderfest
[06.03.2025] Die Kieler Woche beginnt mit einem Kinderfest am Hafen. mehr...

Haushalt: Stadt will Schulden halbieren
[07.03.2025] Die Stadt will ihre Schulden bis 2030 halbieren, sagt der Kämmerer. mehr...

Wirtschaft: Business-Frühstück der Wirtschaftsförderung
[10.03.2025] Unternehmen treffen sich zum Austausch über Fachkräfte. mehr...
"""
VOCABULARY = """\
max_topics: 3
topics:
  - {name: Netze, slug: netze, keywords: [Glasfaser]}
  - {name: Schulen, slug: schulen, keywords: [Schule]}
  - {name: Sicherheit, slug: sicherheit, keywords: [Sicherheit]}
  - {name: KI, slug: ki, keywords: [KI]}
  - {name: Verkehr, slug: verkehr, keywords: [Bus]}
"""


def import_page(project: Path, text: str) -> dict[str, list[str]]:
    """Import one source page alone; title -> topics of its entries."""
    (project / "content/sources/page.txt").write_text(text, encoding="utf-8")
    result = digest("import", "content/sources/page.txt")
    assert result.exit_code == 0, result.output
    posts = map(frontmatter.load, (project / "content/articles").rglob("*.md"))
    return {post["title"]: post.get("topics", []) for post in posts}


def test_a_keyword_matches_compounds_but_not_letters_inside_unrelated_words(project: Path):
    (project / "content/topics.yaml").write_text(VOCABULARY, encoding="utf-8")
    topics = import_page(project, PAGE)
    assert topics["Glasfaserausbau geht voran"] == ["Netze"]           # Glasfaser | ausbau
    assert topics["Schulträgern fehlt Personal"] == ["Schulen"]         # Schul | trägern
    assert topics["Schülerinnen lernen Programmieren"] == ["Schulen"]   # Schüler: Schule
    assert topics["Neue Informationssicherheitsbeauftragte"] == ["Sicherheit"]
    assert topics["Kieler Woche mit Kinderfest"] == []                  # KI: not Kiel, Kinder
    assert topics["Stadt will Schulden halbieren"] == []                # Schule: not Schulden
    assert topics["Business-Frühstück der Wirtschaftsförderung"] == []  # Bus: not Business


def test_the_vocabulary_of_the_digest_is_precise_on_unrelated_words(project: Path):
    topics = import_page(project, PAGE)
    assert topics["Stadt will Schulden halbieren"] == ["Finanzen & Förderung"]  # not Bildung
    assert topics["Business-Frühstück der Wirtschaftsförderung"] == []  # no funding, no bus
    assert topics["Kieler Woche mit Kinderfest"] == []
    assert topics["Glasfaserausbau geht voran"] == ["Infrastruktur & Netze"]
    assert topics["Neue Informationssicherheitsbeauftragte"] == ["IT-Sicherheit"]
    assert "Bildung" in topics["Schulträgern fehlt Personal"]


def test_a_keyword_of_only_stop_words_is_one_clear_error(project: Path):
    topics = project / "content/topics.yaml"
    topics.write_text(VOCABULARY.replace("[Bus]", "[Bus, für alle]"), encoding="utf-8")
    result = digest("import")
    assert result.exit_code == 1
    assert result.stderr == ("error: content/topics.yaml: keywords: keyword 'für alle' has "
                             "only stop words, it can never match\n")
    assert not (project / "content/articles").exists()


def test_the_report_says_which_keywords_matched_which_words_where(project: Path):
    result = digest("import", "--report")
    assert result.exit_code == 0, result.output
    reasons = [line for line in result.stdout.split("== topics\n")[1].splitlines()
               if line.startswith("  ")]
    hamburg = "  2025-01-22-hamburg-neue-digitalstrategie-vorgestellt: "
    assert hamburg + ('Digitalstrategie 5: title "Digitalstrategie" (Digitalstrategie), '
                      'summary "Digitalstrategie" (Digitalstrategie)') in reasons
    assert hamburg + ('Künstliche Intelligenz 2: summary "Künstliche Intelligenz" '
                      '(künstliche Intelligenz)') in reasons
    brandenburg = "  2024-12-19-brandenburg-ozg-umsetzung-auf-kurs: "
    assert brandenburg + ('Finanzen & Förderung 2: summary "Fördermittel" (Förder*) '
                          '(not given)') in reasons
    assert "  2025-05-15-dstgb-digitalausschuss-konstituiert-sich: no keyword matched " \
           "(review: topics)" in reasons
    given: dict[str, list[str]] = {}
    for line in reasons:
        if given_topic := re.fullmatch(r"  (\S+): (.+?) \d+: .*(?<!\(not given\))", line):
            given.setdefault(given_topic[1], []).append(given_topic[2])
    posts = map(frontmatter.load, (project / "content/articles").rglob("*.md"))
    assert {post["id"]: post["topics"] for post in posts if post.get("topics")} == given


def set_topics(path: Path, topics: list[str]) -> None:
    """Edit an entry's topics as an editor would."""
    post = frontmatter.load(path)
    old = f"topics: [{', '.join(post['topics'])}]" if post.get("topics") else "summary: "
    new = f"topics: [{', '.join(topics)}]" + ("" if post.get("topics") else "\nsummary: ")
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


LEAKS = """\
Bürgeramt: Datenleck bei Meldedaten
[03.03.2025] Durch ein Datenleck waren Meldedaten von Einwohnern im Netz abrufbar. mehr...

Landkreis: Datenleck im Jobcenter
[04.03.2025] Ein Datenleck im Jobcenter betraf die Akten von 2.000 Kunden. mehr...

Gemeinde: Sicherheitslücke schuf Datenleck
[05.03.2025] Über eine Sicherheitslücke im Portal entstand ein Datenleck. mehr...

Stadtrat: Mehr Sicherheit am Spielplatz
[06.03.2025] Der Stadtrat lässt den Spielplatz am Bahnhof beleuchten. mehr...

Kreistag: Neue Radwege
[07.03.2025] Der Kreistag hat neue Radwege beschlossen. mehr...
"""


def test_suggest_keywords_learns_from_the_topics_editors_corrected(project: Path):
    (project / "content/topics.yaml").write_text(VOCABULARY, encoding="utf-8")
    import_page(project, LEAKS)
    files = {frontmatter.load(path)["title"]: path
             for path in (project / "content/articles").rglob("*.md")}
    set_topics(files["Datenleck bei Meldedaten"], ["Sicherheit"])  # the importer missed them
    set_topics(files["Datenleck im Jobcenter"], ["Sicherheit"])
    set_topics(files["Mehr Sicherheit am Spielplatz"], [])         # not IT security
    result = digest("suggest-keywords", "--limit", "1")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Sicherheit: editors gave it to 2 entries and took it from 1 entry (as the importer "
        "would set it now)",
        '  add "Datenleck": in 3 entries with the topic (2 given by hand), 0 without',
        '  check Sicherheit: matched "Sicherheit" in 1 entry editors took the topic from',
        "5 imported entries compared, 3 topic corrections found",
    ]
