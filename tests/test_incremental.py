"""Incremental rebuilds write only what a change affects, and always equal a full build."""
import shutil
from pathlib import Path

import pytest
from conftest import digest, tree_digest

import builder.build
from builder.build import build
from builder.fsutil import recover_interrupted

HAMBURG = "content/articles/2025/2025-01-22-hamburg-neue-digitalstrategie-vorgestellt.md"
UNRELATED = "site/artikel/2015-10-21-internetwoche-koeln-kommunen-fordern-zusammenarbeit/index.html"


def written(result) -> int:
    return int(result.stdout.split("wrote ")[1].split(" of")[0])


def assert_equals_full_build(project: Path) -> None:
    full = project / "full"
    assert digest("build", "--clean", "--out", str(full)).exit_code == 0
    assert tree_digest(project / "site") == tree_digest(full)
    shutil.rmtree(full)


def test_no_change_rebuild_writes_nothing(project: Path):
    digest("import", "-q")
    first = digest("build")
    assert written(first) == int(first.stdout.split(" of ")[1].split(" files")[0])
    inodes = {p: p.stat().st_ino for p in (project / "site").rglob("*") if p.is_file()}
    again = digest("build")
    assert written(again) == 0
    assert {p: p.stat().st_ino for p in (project / "site").rglob("*") if p.is_file()} == inodes


def test_one_edit_writes_only_the_affected_files(project: Path):
    digest("import", "-q")
    digest("build")
    unrelated_inode = (project / UNRELATED).stat().st_ino
    entry = project / HAMBURG
    entry.write_text(entry.read_text().replace("title: Neue Digitalstrategie vorgestellt",
                                               "title: Hamburg legt Strategie vor"))
    paths = build(project / "content", project / "site").written_paths
    search = [path for path in paths if path.startswith("assets/suche/")]
    assert 3 <= len(paths) - len(search) <= 20  # pages and feeds that show the title
    # the search: the entry's document, the index, the buckets of the terms the title lost or
    # gained (with their compound parts), the vocabulary files of new terms
    assert len(search) <= 16
    assert (project / UNRELATED).stat().st_ino == unrelated_inode
    page = project / "site/artikel/2025-01-22-hamburg-neue-digitalstrategie-vorgestellt/index.html"
    assert "Hamburg legt Strategie vor" in page.read_text()
    assert "Hamburg legt Strategie vor" in (project / "site/regionen/hamburg/index.html").read_text()
    documents = (project / "site/assets/suche/d").glob("*.js")  # the search shows the new title
    assert any("Hamburg legt Strategie vor" in document.read_text() for document in documents)
    assert_equals_full_build(project)


def test_series_of_edits_additions_deletions_and_template_changes(project: Path):
    digest("import", "-q")
    digest("build")
    articles = project / "content/articles"
    steps = []

    def edit():
        path = project / HAMBURG
        path.write_text(path.read_text().replace("topics: [Digitalstrategie, Künstliche Intelligenz]",
                                                 "topics: [Open Data]"))

    def add():
        (articles / "2025/neu.md").write_text(
            "---\nid: 2025-12-31-neu\ntitle: Ganz neu\ndate: 2025-12-31\nadded: 2099-01-01\n"
        "regions: [Bayern]\n"
            "places: [München]\ntopics: [Smart City]\nsummary: Neue Meldung zum Jahresende.\n---\nText.\n")

    def delete():
        next(articles.glob("2024/*.md")).unlink()

    def reject():
        path = next(articles.glob("2025/*muenchen*.md"))
        path.write_text(path.read_text().replace("status: published", "status: rejected"))

    def template():
        footer = project / "mytheme/templates/partials/footer.html"
        footer.parent.mkdir(parents=True, exist_ok=True)
        footer.write_text("<footer><p>Neuer Fuß</p></footer>\n")

    def settings():
        path = project / "content/site.yaml"
        path.write_text(path.read_text().replace("entries_per_page: 20", "entries_per_page: 7"))

    def undo_template():
        shutil.rmtree(project / "mytheme/templates")
        (project / "mytheme/templates").mkdir()

    def static():
        (project / "mytheme/static").mkdir(exist_ok=True)
        (project / "mytheme/static/style.css").write_text("body { color: black; }\n")

    def lose_a_file():  # someone deletes a file of the built site by hand
        (project / "site/themen/index.html").unlink()

    (project / "mytheme/templates").mkdir(parents=True)
    for step in (edit, add, delete, reject, template, settings, undo_template, static, lose_a_file):
        step()
        result = digest("build", "--theme", "mytheme")
        assert result.exit_code == 0, (step.__name__, result.output)
        steps.append((step.__name__, written(result)))
        full = project / "full"
        assert digest("build", "--clean", "--theme", "mytheme", "--out", str(full)).exit_code == 0
        assert tree_digest(project / "site") == tree_digest(full), step.__name__
        shutil.rmtree(full)
    assert dict(steps)["edit"] < 30 and dict(steps)["template"] > 100
    assert dict(steps)["static"] == 1 and dict(steps)["lose_a_file"] == 1


def test_a_new_entry_renders_only_the_feeds_it_is_in(project: Path, monkeypatch):
    digest("import", "-q")
    digest("build")
    (project / "content/articles/2025/neu.md").write_text(
        "---\nid: 2025-12-31-neu\ntitle: Ganz neu\ndate: 2025-12-31\nadded: 2099-01-01\n"
        "regions: [Bayern]\n"
        "places: [München]\ntopics: [Smart City]\nsummary: Neue Meldung zum Jahresende.\n---\nText.\n")
    rendered = []
    real_atom = builder.build.atom
    monkeypatch.setattr(builder.build, "atom", lambda *args: rendered.append(args[1]) or real_atom(*args))
    assert digest("build").exit_code == 0
    assert {"feed.xml", "regionen/bayern/feed.xml", "themen/smart-city/feed.xml"} <= set(rendered)
    for path in rendered:  # the others have no dated entry: their `updated` is the digest's
        feed = (project / "site" / path).read_text()
        assert "Ganz neu" in feed or "<entry>" not in feed, path
    assert len(rendered) < len(list((project / "site").rglob("feed.xml"))) / 2
    assert_equals_full_build(project)


def test_clean_rewrites_everything(project: Path):
    digest("import", "-q")
    digest("build")
    result = digest("build", "--clean")
    assert written(result) == int(result.stdout.split(" of ")[1].split(" files")[0])


def test_a_page_rendered_again_with_the_same_bytes_is_not_rendered_a_third_time(project: Path):
    digest("import", "-q")
    content, out = project / "content", project / "site"
    build(content, out)
    settings = content / "site.yaml"
    settings.write_text(settings.read_text().replace("entries_per_page: 20", "entries_per_page: 21"))
    changed = build(content, out)          # every key changed; most bytes did not
    assert changed.rendered > 100 and changed.written < changed.rendered
    assert build(content, out).rendered == 0


def test_parallel_rendering_equals_serial_and_reports_template_errors(project: Path, monkeypatch):
    from builder import build as build_module

    digest("import", "-q")
    assert digest("build", "--clean", "--out", "serial").exit_code == 0
    monkeypatch.setattr(build_module, "_PARALLEL_FROM", 1)
    assert digest("build", "--clean", "--out", "parallel").exit_code == 0
    assert tree_digest(project / "parallel") == tree_digest(project / "serial")
    theme = project / "mytheme/templates"
    theme.mkdir(parents=True)
    (theme / "topic.html").write_text('{% extends "base.html" %}{% block main %}{{ nope.x }}{% endblock %}')
    result = digest("build", "--clean", "--out", "parallel", "--theme", "mytheme")
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert "mytheme/templates/topic.html:1" in line and "nope" in line
    assert tree_digest(project / "parallel") == tree_digest(project / "serial")


def test_an_update_cut_off_halfway_is_completed_by_the_next_build(project: Path, monkeypatch):
    import os

    digest("import", "-q")
    digest("build")
    entry = project / HAMBURG
    entry.write_text(entry.read_text().replace("title: Neue Digitalstrategie vorgestellt",
                                               "title: Hamburg legt Strategie vor"))
    real_replace = os.replace
    moved = []

    def power_cut_after_two_files(source, target):
        if ".site.new" in str(source) and "journal" not in str(source):
            if len(moved) == 2:
                raise KeyboardInterrupt  # the process dies in the middle of the update
            moved.append(target)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", power_cut_after_two_files)
    with pytest.raises(KeyboardInterrupt):
        build(project / "content", project / "site")
    monkeypatch.setattr(os, "replace", real_replace)
    assert len(moved) == 2 and (project / ".site.new/.journal.json").is_file()
    recover_interrupted(project / "site")  # what the next build (or import) does first
    assert not (project / ".site.new").exists()
    assert "Hamburg legt Strategie vor" in (project / "site/regionen/hamburg/index.html").read_text()
    assert digest("build").exit_code == 0
    assert_equals_full_build(project)


def test_places_and_empty_regions_follow_additions_and_deletions(project: Path):
    """A new entry naming one Land gives its places the gazetteer does not know that Land (on
    the place page and in the Land's index) and a first entry of a Land gives it a page and
    links; deleting them takes all that away again. Other places' pages are not written;
    every step equals a full build."""
    digest("import", "-q")
    digest("build")
    site = project / "site"
    # its one entry names three Länder; the gazetteer knows which is its own
    assert "Ort in <a" in (site / "orte/wermelskirchen/index.html").read_text()
    assert not (site / "regionen/sachsen-anhalt").exists()
    place_pages = {p: p.stat().st_ino for p in site.glob("orte/*/index.html")}
    new = project / "content/articles/2025/neu.md"
    new.write_text(
        "---\nid: 2025-12-31-neu\ntitle: Ganz neu\ndate: 2025-12-31\n"
        "regions: [Nordrhein-Westfalen, Bund]\nplaces: [Wermelskirchen, Neuort]\n"
        "topics: [Smart City]\nsummary: Neue Meldung zum Jahresende.\n---\nText.\n")
    anhalt = project / "content/articles/2025/anhalt.md"
    anhalt.write_text(
        "---\nid: 2025-12-30-anhalt\ntitle: Halle digital\ndate: 2025-12-30\n"
        "regions: [Sachsen-Anhalt]\nplaces: [Halle (Saale)]\ntopics: [Smart City]\n"
        "summary: Eine Meldung aus Halle.\n---\nText.\n")
    result = digest("build")
    assert result.exit_code == 0, result.output
    nrw = (site / "regionen/nordrhein-westfalen/index.html").read_text()
    assert ">Wermelskirchen <span" in nrw and ">Neuort <span" in nrw
    assert "nordrhein-westfalen/index.html" in (site / "orte/wermelskirchen/index.html").read_text()
    assert (site / "orte/neuort/feed.xml").is_file()
    assert (site / "regionen/sachsen-anhalt/index.html").is_file()
    assert 'href="sachsen-anhalt/index.html"' in (site / "regionen/index.html").read_text()
    assert "Halle (Saale)" in (site / "regionen/sachsen-anhalt/index.html").read_text()
    rewritten = {p.parent.name for p, inode in place_pages.items() if p.stat().st_ino != inode}
    assert rewritten == {"wermelskirchen"}  # the other places' pages stay as they were
    assert_equals_full_build(project)
    new.unlink()
    anhalt.unlink()
    assert digest("build").exit_code == 0
    assert not (site / "orte/neuort").exists() and not (site / "regionen/sachsen-anhalt").exists()
    assert "sachsen-anhalt/" not in (site / "regionen/index.html").read_text()
    assert "sachsen-anhalt/" not in (site / "index.html").read_text()
    assert ">Neuort <span" not in (site / "regionen/nordrhein-westfalen/index.html").read_text()
    assert_equals_full_build(project)
