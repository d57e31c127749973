"""Bad source files: handled, or one clear error line naming the file, and nothing written."""
from pathlib import Path

import frontmatter
from conftest import digest, digest_subprocess, tree_digest

TEASER = "Kiel: Neues Bürgerportal\n[01.03.2025] Kiel startet ein Portal für Anträge. mehr...\n"


def import_one(project: Path, name: str, data: bytes):
    path = project / "content/sources" / name
    path.write_bytes(data)
    return digest_subprocess("import", str(path), "--into", "out", cwd=project)


def only_entry(project: Path) -> frontmatter.Post:
    [path] = (project / "out").rglob("*.md")
    return frontmatter.load(path)


def test_binary_file_is_one_error_line_and_nothing_is_written(project: Path):
    digest("import")
    before = tree_digest(project / "content/articles")
    (project / "content/sources/bild.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    run = digest_subprocess("import", cwd=project)
    assert run.returncode == 1
    assert run.stderr == ("error: content/sources/bild.txt: binary file (contains NUL bytes), "
                          "not a text page\n")
    assert tree_digest(project / "content/articles") == before


def test_windows_1252_file_is_decoded_and_noted(project: Path):
    run = import_one(project, "alt.txt", TEASER.replace("Bürger", "Bürger").encode("cp1252"))
    assert run.returncode == 0, run.stderr
    assert "alt.txt: 1 items, 1 entries, 0 chrome lines, 2 lines (decoded as Windows-1252" in run.stdout
    assert only_entry(project)["title"] == "Neues Bürgerportal"


def test_undecodable_file_names_file_line_and_field(project: Path):
    run = import_one(project, "kaputt.txt", b"Erste Zeile\nzweite \x81 Zeile \xff\xfe\n")
    assert run.returncode == 1
    assert run.stderr.strip() == ("error: content/sources/kaputt.txt:2: encoding: neither UTF-8 "
                                  "nor Windows-1252 text (byte 0x81)")
    assert not (project / "out").exists()


def test_empty_file_is_noted_not_fatal(project: Path):
    run = import_one(project, "leer.txt", b"")
    assert run.returncode == 0
    assert "leer.txt: 0 items, 0 entries, 0 chrome lines, 0 lines (empty file: no items)" in run.stdout


def test_windows_line_endings_and_non_breaking_spaces_give_the_same_entry(project: Path):
    import_one(project, "unix.txt", TEASER.encode())
    unix = only_entry(project).metadata
    (project / "out").rename(project / "out-unix")
    windows = TEASER.replace("\n", "\r\n").replace("Kiel startet", "Kiel\u00a0startet")
    run = import_one(project, "unix.txt", windows.encode())
    assert run.returncode == 0
    assert only_entry(project).metadata == unix


def test_html_and_script_stay_text(project: Path):
    hostile = ("Kiel: <b>Fett</b> & <script>alert('x')</script>\n"
               "[01.03.2025] Ein <img src=x onerror=alert(1)> Bild & mehr. mehr...\n")
    run = import_one(project, "html.txt", hostile.encode())
    assert run.returncode == 0, run.stderr
    entry = only_entry(project)
    assert entry["title"] == "<b>Fett</b> & <script>alert('x')</script>"
    assert entry["summary"] == "Ein <img src=x onerror=alert(1)> Bild & mehr."
    assert entry["id"].startswith("2025-03-01-kiel-b-fett-b-script-alert")


def test_markdown_characters_in_article_text_are_escaped(project: Path):
    article = ("BonnDigitale Stadt für alle\n"
               "Die Stadt lädt Bürger*innen und Händler*innen ein, #Digitales [hier] zu testen.\n"
               "# Kein Titel, sondern Text, wie auch _dies_ hier.\n")
    import_one(project, "md.txt", article.encode())
    body = only_entry(project).content
    assert "Bürger\\*innen und Händler\\*innen" in body and "\\[hier\\]" in body
    assert "\n\\# Kein Titel, sondern Text, wie auch \\_dies\\_ hier." in body


def test_very_long_line_is_imported_quickly(project: Path):
    long_line = ("Die Stadt Jena baut ihr Portal aus. " * 30000).strip()  # ~1 MB
    run = import_one(project, "lang.txt", long_line.encode())
    assert run.returncode == 0, run.stderr
    entry = only_entry(project)
    assert entry["title"] == "Die Stadt Jena baut ihr Portal aus"
    assert len(entry["summary"]) < 500 and len(entry["id"]) <= 80
    assert len(entry.content) > 1_000_000  # nothing lost: the text is the body


def test_impossible_date_is_flagged_not_invented(project: Path):
    run = import_one(project, "datum.txt", b"Kiel: Portal\n[31.02.2025] Kiel startet. mehr...\n")
    assert run.returncode == 0
    assert "warning: datum.txt: line 1: date: 31.02.2025 is not a calendar date" in run.stderr
    entry = only_entry(project)
    assert "date" not in entry and entry["date_hint"] == "31.02.2025"
    assert "date" in entry["review"]


def test_missing_source_path_is_one_error_line(project: Path):
    run = digest_subprocess("import", "content/sources/fehlt.txt", cwd=project)
    assert run.returncode == 1
    assert run.stderr == "error: content/sources/fehlt.txt: no such file or folder\n"


def test_html_in_an_article_body_is_stored_as_entities(project: Path):
    article = ("KielNeues Portal mit Skript\n"
               "Die Stadt schreibt <script>alert('x')</script> & &amp; in ihr Portal, sagt sie.\n")
    import_one(project, "body.txt", article.encode())
    body = only_entry(project).content
    assert body == "Die Stadt schreibt &lt;script>alert('x')&lt;/script> & &amp;amp; in ihr Portal, sagt sie."


def test_an_invalid_base_url_option_is_blamed_on_the_option_not_on_site_yaml(project: Path):
    digest("import", "-q")
    result = digest("build", "--base-url", "javascript:alert(1)")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        'error: --base-url: "javascript:alert(1)" is not an http(s) URL '
        "(like https://example.org/digest/)"]
    assert not (project / "site").exists()
