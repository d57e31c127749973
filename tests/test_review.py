"""`digest review`: the open review flags with their guessed values and source lines, and
accepting a guess without touching anything else of the entry file."""
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import digest

DILLINGEN = "content/articles/undatiert/die-stadtwerke-dillingen-haben-den-ausbau-eines-lorawan-netzwerkes.md"
DILLINGEN_ID = "die-stadtwerke-dillingen-haben-den-ausbau-eines-lorawan-netzwerkes"
KOELN = "content/articles/2015/2015-10-21-internetwoche-koeln-kommunen-fordern-zusammenarbeit.md"


@pytest.fixture
def imported(project: Path) -> Path:
    assert digest("import", "-q").exit_code == 0
    return project


def source_line(project: Path, file: str, number: int) -> str:
    return (project / "content/sources" / file).read_text(encoding="utf-8").splitlines()[number - 1]


def test_review_lists_each_flag_by_field_with_its_guess_and_source_lines(imported: Path):
    result = digest("review")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    headings = [line for line in lines if not line.startswith(" ")]
    assert [heading.split()[0] for heading in headings[:-1]] == ["title", "kicker", "regions",
                                                                   "places", "topics"]
    assert headings[-1] == "46 open review flags in 43 entries"
    places = lines.index("places (1):")
    assert lines[places + 1:places + 5] == [
        f"  {DILLINGEN}:5",
        "    guessed: Dillingen",
        "    source 003_31b9da3b39713f7d.txt:9: "
        + source_line(imported, "003_31b9da3b39713f7d.txt", 9).strip()[:159] + "…",
        f"    accept: digest review --accept {DILLINGEN} places"]
    # the kicker guessed from a glued heading, beside the page's lines of that item
    kicker = lines.index(f"  {KOELN}:4")
    assert lines[kicker + 1] == "    guessed: Internetwoche Köln"
    assert lines[kicker + 2] == ("    source 001_cb720e2e6aee53d5.txt:3: "
                                 + source_line(imported, "001_cb720e2e6aee53d5.txt", 3).strip())


def test_field_shows_one_kind_of_flag(imported: Path):
    result = digest("review", "--field", "kicker")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "kicker (3):"
    assert "title (" not in result.stdout
    assert result.stdout.splitlines()[-1] == "3 open review flags in 3 entries"
    assert digest("review", "--field", "date").stdout == "no open review flags\n"


def test_accept_takes_one_field_out_and_leaves_every_other_byte(imported: Path):
    entry = imported / DILLINGEN
    before = entry.read_bytes()
    result = digest("review", "--accept", DILLINGEN, "places")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"accepted places of {DILLINGEN}\n"
    assert entry.read_bytes() == before.replace(b"review: [title, places, regions]",
                                                b"review: [title, regions]")
    # by id, the same; the last flag takes the key with it
    assert digest("review", "--accept", DILLINGEN_ID, "regions").exit_code == 0
    assert digest("review", "--accept", DILLINGEN_ID, "title").exit_code == 0
    assert entry.read_bytes() == before.replace(b"review: [title, places, regions]\n", b"")
    assert DILLINGEN not in digest("review").stdout
    assert digest("check", DILLINGEN).exit_code == 0


def test_accept_in_a_hand_written_block_list(project: Path):
    entry = project / "content/articles/2025/hand.md"
    entry.parent.mkdir(parents=True)
    text = ("---\nid: hand\ntitle: Von Hand\nsummary: Ein Satz.\nstatus: draft\nreview:\n"
            "  - title   # geraten\n  - 'summary'\n---\n\nText.\n")
    entry.write_text(text, encoding="utf-8")
    assert digest("review", "--accept", "hand", "summary").exit_code == 0
    assert entry.read_text(encoding="utf-8") == text.replace("  - 'summary'\n", "")
    assert digest("review", "--accept", "hand", "title").exit_code == 0
    assert entry.read_text(encoding="utf-8") == text.replace(
        "review:\n  - title   # geraten\n  - 'summary'\n", "")


def test_accepting_a_flag_that_is_not_open_is_one_error_and_changes_nothing(imported: Path):
    entry = imported / KOELN
    before = entry.read_bytes()
    result = digest("review", "--accept", KOELN, "title")
    assert result.exit_code == 1
    assert result.stderr == (f'error: {KOELN}:16: review: no open review flag "title" '
                             "(open: kicker)\n")
    assert entry.read_bytes() == before
    result = digest("review", "--accept", "kein-eintrag", "title")
    assert result.exit_code == 1
    assert result.stderr == ('error: --accept: "kein-eintrag" is neither an entry file nor '
                             "the id of an entry\n")


def test_edit_opens_the_listed_entries_in_the_editor(imported: Path, monkeypatch):
    opened = imported / "opened.txt"
    editor = imported / "editor.py"
    editor.write_text("import sys\nopen(sys.argv[1], 'w').write('\\n'.join(sys.argv[2:]))\n")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor} {opened}")
    result = digest("review", "--field", "places", "--edit")
    assert result.exit_code == 0, result.output
    assert opened.read_text() == DILLINGEN


def test_review_waits_for_no_one_while_another_command_holds_the_project(imported: Path):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from pathlib import Path; "
         "from builder.projectlock import project_lock\n"
         "with project_lock(Path('.').absolute(), 'digest import'):\n"
         "    print('held', flush=True); sys.stdin.read()"],
        cwd=imported, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env={"PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    try:
        assert holder.stdout.readline() == "held\n"
        before = (imported / DILLINGEN).read_bytes()
        result = digest("review", "--accept", DILLINGEN, "places")
        assert result.exit_code == 1 and "busy: digest import" in result.stderr
        assert (imported / DILLINGEN).read_bytes() == before
    finally:
        holder.communicate("", timeout=30)
