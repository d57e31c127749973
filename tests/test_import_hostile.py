"""Hostile sources: years no digest entry can have, alt text over several lines, two sources
with one name, symbolic link loops. The importer invents no date, loses no line and refuses
what it cannot cite in one line."""
from __future__ import annotations

import datetime
import html
import re
from pathlib import Path

import frontmatter
from conftest import assert_every_line_accounted, digest, digest_subprocess, parse_text, tree_digest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.ingest import dates
from builder.ingest import lines as L
from builder.ingest.dates import ImpossibleDate, parse_german_date
from builder.ingest.lines import Kind, classify
from builder.ingest.moretail import strip_more_tail
from builder.ingest.sources import normalise_line

TEASER = "Kiel: Neues Bürgerportal\n[01.03.2025] Kiel startet ein Portal für Anträge. mehr...\n"
OTHER_TEASER = "Ulm: Neue Plattform\n[02.03.2025] Ulm bündelt Anträge auf einer Plattform. mehr...\n"


def date_or_impossible(text: str):
    try:
        return parse_german_date(text)
    except ImpossibleDate:
        return "impossible"


# --- 1. dates: no century for four digits, no year outside 1900-2100 --------------------------

def test_only_two_digit_years_get_a_century_and_years_outside_1900_to_2100_are_no_date():
    stated = {
        "01.01.0001": "impossible",          # was 2001-01-01
        "5.5.0099": "impossible",            # was 1999-05-05
        "0001-01-01": "impossible",
        "1. Januar 0099": "impossible",
        "Montag, 1. Januar 0001": "impossible",
        "1.1.1899": "impossible",
        "31.12.1899": "impossible",
        "1.1.2101": "impossible",
        "2101-01-01": "impossible",
        "30.02.0001": "impossible",
        "1.2.25": datetime.date(2025, 2, 1),  # two digits: still a century
        "01.02.99": datetime.date(1999, 2, 1),
        "1.1.69": datetime.date(2069, 1, 1),
        "1.1.70": datetime.date(1970, 1, 1),
        "1.1.1900": datetime.date(1900, 1, 1),
        "31.12.2100": datetime.date(2100, 12, 31),
        "21.10.2015": datetime.date(2015, 10, 21),
    }
    assert {text: date_or_impossible(text) for text in stated} == stated


def test_dateparser_path_returns_no_date_outside_1900_to_2100():
    stated = {
        "5 Februar 0099": "impossible",                         # dateparser read year 99
        "5 Februar 1850": "impossible",
        "5 Februar 2150": "impossible",
        "Mittwoch, 5. Februar 1850, 10:30 Uhr": "impossible",
        "Mittwoch, 5. Februar 0001, 10:30 Uhr": "impossible",
        "Mittwoch, 5. Februar 2025, 10:30 Uhr": datetime.date(2025, 2, 5),
        "5 Februar 2025": datetime.date(2025, 2, 5),
    }
    assert {text: date_or_impossible(text) for text in stated} == stated
    for text in ("5 Februar 0099", "5 Februar 1850", "5 Februar 2150"):
        try:
            result = dates._dateparser(text)
        except ImpossibleDate:
            continue
        assert result is None or 1900 <= result.year <= 2100, (text, result)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 31), st.integers(1, 12), st.integers(0, 9999), st.sampled_from([".", ". "]))
def test_a_four_digit_year_is_taken_as_written_or_not_at_all(day, month, year, separator):
    result = date_or_impossible(f"{day}{separator}{month}{separator}{year:04d}")
    if result != "impossible":
        assert result == datetime.date(year, month, day) and 1900 <= year <= 2100


def test_out_of_range_item_dates_stay_in_their_items_undated_and_flagged(project: Path):
    page = ("Montag, 1. Januar 0001\n\n"
            "Kiel: Neues Bürgerportal\n"
            "[01.01.0001] Kiel startet ein Portal für Anträge. mehr...\n\n"
            "Ulm: Alte Akten digital\n"
            "[5.5.0099] Ulm digitalisiert sein Archiv. mehr...\n\n"
            "[1.1.2101] Jena plant ein Bürgerportal für alle Anträge.\n")
    parsed = parse_text(page)
    assert_every_line_accounted(parsed)
    assert parsed.chrome[1].startswith("page date")
    assert [item.date_text for item in parsed.items] == ["01.01.0001", "5.5.0099", "1.1.2101"]
    (project / "hostile").mkdir()
    (project / "hostile/jahre.txt").write_text(page, encoding="utf-8")
    result = digest("import", "hostile/jahre.txt", "--into", "out")
    assert result.exit_code == 0, result.output
    entries = {post["summary"]: post.metadata
               for post in map(frontmatter.load, (project / "out").rglob("*.md"))}
    assert len(entries) == 3
    for entry in entries.values():
        assert "date" not in entry, entry
        assert "date" in entry["review"]
    assert entries["Kiel startet ein Portal für Anträge."]["date_hint"] == "01.01.0001"
    assert entries["Ulm digitalisiert sein Archiv."]["date_hint"] == "5.5.0099"
    assert "warning: jahre.txt: line 3: date: 01.01.0001: year 1 is outside 1900–2100" \
        in result.stderr
    assert {path.parent.name for path in (project / "out").rglob("*.md")} == {"undatiert"}


# --- 2. alt text over several lines: every line of an entry is in the entry --------------------

def squash(text: str | None) -> str:
    """Text without Markdown escapes, entities, punctuation, spaces and case."""
    return re.sub(r"\W+", "", html.unescape((text or "").replace("\\", ""))).casefold()


def kept_text(text: str) -> str:
    """What of a source line an entry keeps in its text fields (the date of a "[date] text"
    line goes to the date fields, a "mehr..." link and markup go nowhere)."""
    kind = classify(text)
    if kind is Kind.DATED:
        return strip_more_tail(L.split_dated(text)[1])[0]
    if kind is Kind.IMAGE:
        return L.image_alt(text) or ""
    if kind is Kind.CREDIT:
        return L.credit_text(text)
    if kind is Kind.BULLET:
        return strip_more_tail(L.bullet_text(text))[0]
    return strip_more_tail(text)[0]


def text_fields(entry: dict) -> list[str]:
    image = entry.get("image") or {}
    return [squash(entry.get("kicker")) + squash(entry.get("title")), squash(entry.get("summary")),
            squash(entry.get("label")), squash(entry.get("body")),
            *(squash(image.get(key)) for key in ("alt", "caption", "credit"))]


def assert_lines_in_their_entries(source: str, owned: dict[int, dict]) -> None:
    """Every non-blank source line said to belong to an entry is in that entry's title,
    kicker, summary, body, label or image fields."""
    raw = source.split("\n")
    for number, entry in owned.items():
        text = normalise_line(raw[number - 1])
        if not text:
            continue
        wanted = squash(kept_text(text))
        assert any(wanted in field for field in text_fields(entry)), \
            f"line {number} {text!r} is not in entry {entry.get('id')}: {entry}"


ALT_PAGES = {
    "article with two alt lines": (
        "Foto vom Rathaus in Jena\n"
        "Blick auf den Marktplatz\n\n"
        "Jena: Neues Portal gestartet\n\n"
        "[01.02.2025] Jena startet ein neues Portal für Bürgerinnen und Bürger.\n\n"
        "Das Portal bündelt Anträge. Es ist ab sofort online.\n"),
    "teaser list with two alt lines": (
        "Foto vom Rathaus in Kiel\n"
        "Blick über den Hafen\n\n"
        "Kiel: Open Data Portal gestartet\n\n"
        "[10.10.2024] Kiel veröffentlicht Daten. mehr...\n\n"
        "Blick auf das Rathaus von Ulm.\n"
        "Porträt der Bürgermeisterin\n\n"
        "Ulm: Neue Stelle\n\n"
        "[09.10.2024] Ulm hat eine Digitalbeauftragte. mehr...\n"),
    "two label-like lines": (
        "bericht\n"
        "interview\n\n"
        "Potsdam: Ein Gespräch über Daten\n\n"
        "[08.10.2024] Ein Gespräch über offene Daten in Potsdam. mehr...\n"),
    "file name, then alt text": (
        "bochum_rathaus_2024\n"
        "Das Bochumer Rathaus im Schnee\n\n"
        "Bochum: E-Akte eingeführt\n\n"
        "[07.10.2024] Bochum führt die E-Akte ein. mehr...\n"),
}


def import_report(project: Path, name: str, text: str):
    """Import one page into its own folder; its entries by id, and line number -> the id of
    the entry the report gives that line to."""
    (project / "hostile").mkdir(exist_ok=True)
    (project / "hostile" / name).write_text(text, encoding="utf-8")
    into = project / "out" / name
    result = digest("import", f"hostile/{name}", "--into", str(into), "--report")
    assert result.exit_code == 0, result.output
    assert "LOST" not in result.stdout
    entries = {post["id"]: {**post.metadata, "body": post.content}
               for post in map(frontmatter.load, into.rglob("*.md"))}
    owners: dict[int, str] = {}
    for line in result.stdout.splitlines():
        match = re.fullmatch(r"  line (\d+)(?:-(\d+))?: entry (\S+)", line)
        if match:
            for number in range(int(match[1]), int(match[2] or match[1]) + 1):
                owners[number] = match[3]
    return entries, owners


def test_every_line_the_report_gives_an_entry_is_in_that_entry(project: Path):
    imported = {}
    for index, (shape, text) in enumerate(ALT_PAGES.items()):
        entries, owners = import_report(project, f"alt{index}.txt", text)
        assert owners, shape
        assert_lines_in_their_entries(text, {n: entries[owner] for n, owner in owners.items()})
        assert_every_line_accounted(parse_text(text))
        imported[shape] = entries
    [jena] = [entry for entry in imported["article with two alt lines"].values()
              if entry.get("image")]
    assert jena["image"] == {"alt": "Foto vom Rathaus in Jena / Blick auf den Marktplatz"}
    assert {entry.get("label") for entry in imported["two label-like lines"].values()} == {"Bericht"}


PLACES = ["Köln", "Jena", "Ulm", "Kiel"]
place = st.sampled_from(PLACES)


@st.composite
def preamble_line(draw) -> str:
    return draw(st.sampled_from([
        f"Foto vom Rathaus in {draw(place)}",
        f"Blick auf das Rathaus von {draw(place)}.",
        "Porträt der Bürgermeisterin",
        "bericht", "interview", "Interview", "Porträt",
        f"{draw(place).lower()}_bild_{draw(st.integers(1, 9))}",
    ]))


@st.composite
def teaser_block(draw) -> list[str]:
    block = []
    for _ in range(draw(st.integers(0, 3))):
        block.append(draw(preamble_line()))
        if draw(st.booleans()):
            block.append("")
    heading = draw(st.sampled_from(["{}: Neues Portal gestartet", "{}Neues Portal gestartet"]))
    block += [heading.format(draw(place)), ""] if draw(st.booleans()) else [heading.format(draw(place))]
    tail = draw(st.sampled_from(["", " mehr...", " Mehr erfahren…"]))
    block.append(f"[{draw(st.integers(1, 28))}.{draw(st.integers(1, 12))}.2024] "
                 f"{draw(place)} startet ein Portal für Anträge.{tail}")
    for _ in range(draw(st.integers(0, 2))):
        block += ["", f"{draw(place)} bündelt Anträge. Das Portal ist ab sofort online."]
    return block + [""]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(teaser_block(), min_size=1, max_size=4))
def test_pages_with_alt_lines_above_headings_keep_every_item_line_in_its_item(blocks):
    text = "\n".join(line for block in blocks for line in block)
    parsed = parse_text(text)
    assert_every_line_accounted(parsed)
    owned = {}
    for item in parsed.items:
        fields = {"kicker": item.kicker, "title": item.title, "summary": item.summary,
                  "label": item.label, "body": "\n".join(item.body), "image": item.image}
        owned.update({number: fields for number in item.lines})
    assert_lines_in_their_entries(text, owned)


# --- 3. two sources with one name; symbolic link loops ----------------------------------------

def test_two_sources_with_the_same_name_are_refused_in_one_line_and_nothing_is_written(
        project: Path):
    for folder, text in (("a", TEASER), ("b", OTHER_TEASER)):
        (project / folder).mkdir()
        (project / folder / "x.txt").write_text(text, encoding="utf-8")
    line = ("error: b/x.txt: another source has the same name (a/x.txt); sources are cited "
            "by file name, rename one\n")
    for args in (("a/x.txt", "b/x.txt"), ("a", "b"), ("a", "b/x.txt"), ("a/x.txt", "b")):
        result = digest("import", *args, "--into", "out")
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", line), args
        assert not (project / "out").exists()
    (project / "content/sources/x.txt").write_text(OTHER_TEASER, encoding="utf-8")
    before = tree_digest(project / "content")
    result = digest("import", "content/sources", "a")
    assert result.exit_code == 1
    assert result.stderr == ("error: a/x.txt: another source has the same name "
                             "(content/sources/x.txt); sources are cited by file name, "
                             "rename one\n")
    assert tree_digest(project / "content") == before
    assert not (project / "content/articles").exists()


def test_the_same_file_given_twice_is_one_source(project: Path):
    (project / "a").mkdir()
    (project / "a/x.txt").write_text(TEASER, encoding="utf-8")
    result = digest("import", "a", "a/x.txt", "a/../a/x.txt", "--into", "out")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("x.txt: 1 items, 1 entries")
    assert "1 sources, 1 entries" in result.stdout


def test_a_symbolic_link_loop_in_the_sources_folder_is_one_error_line(project: Path):
    (project / "content/sources/schleife.txt").symlink_to("schleife.txt")
    line = ("error: content/sources/schleife.txt: symbolic link loop (it never leads to a "
            "file); remove or fix the link\n")
    result = digest("import")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", line)
    assert not (project / "content/articles").exists()
    run = digest_subprocess("import", cwd=project)
    assert (run.returncode, run.stdout, run.stderr) == (1, "", line)
    assert not (project / "content/articles").exists()


def test_a_symbolic_link_loop_given_directly_is_one_error_line(project: Path):
    (project / "ring").symlink_to("kreis")
    (project / "kreis").symlink_to("ring")
    (project / "content/sources/schleife.txt").symlink_to("schleife.txt")
    cases = {
        ("content/sources/schleife.txt",): "content/sources/schleife.txt",
        ("ring",): "ring",
        ("ring/x.txt",): "ring/x.txt",
        ("content/sources/000_c61680506f332573.txt", "kreis"): "kreis",
    }
    for args, shown in cases.items():
        line = f"error: {shown}: symbolic link loop (it never leads to a file); remove or fix the link\n"
        result = digest("import", *args, "--into", "out")
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", line), args
        run = digest_subprocess("import", *args, "--into", "out", cwd=project)
        assert (run.returncode, run.stdout, run.stderr) == (1, "", line), args
        assert not (project / "out").exists()
