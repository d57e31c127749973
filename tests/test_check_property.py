"""`digest check` against generated broken entries: it never crashes, never lets a broken
entry pass, and every problem it prints names the broken file, the line and the field."""

import os
import re
from pathlib import Path

from conftest import ROOT
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from builder.content import load_content

VALID = {
    "id": "2025-01-01-test", "title": "Test", "date": "2025-01-01", "regions": "[Bayern]",
    "places": "[München]", "topics": "[Smart City]", "summary": "Ein Test.",
    "sources": "\n- {file: 000_c61680506f332573.txt, line: 1}", "status": "published",
}
BREAKAGES = {
    "drop a required key": lambda e: {k: v for k, v in e.items() if k not in ("title", "summary")},
    "unknown key": lambda e: {**e, "titel": "Tippfehler"},
    "empty title": lambda e: {**e, "title": "''"},
    "title as list": lambda e: {**e, "title": "[a, b]"},
    "regions as text": lambda e: {**e, "regions": "{a: 1}"},
    "impossible date": lambda e: {**e, "date": "2025-02-30"},
    "date as words": lambda e: {**e, "date": "gestern"},
    "unknown region": lambda e: {**e, "regions": "[Bayren]"},
    "unknown topic": lambda e: {**e, "topics": "[Smartcity]"},
    "unsafe id": lambda e: {**e, "id": "'Ein Titel/mit Schrägstrich'"},
    "id with capitals": lambda e: {**e, "id": "2025-01-01-Test"},
    "unknown status": lambda e: {**e, "status": "veröffentlicht"},
    "missing source file": lambda e: {**e, "sources": "\n- {file: gibt-es-nicht.txt, line: 3}"},
    "source line zero": lambda e: {**e, "sources": "\n- {file: 000_c61680506f332573.txt, line: 0}"},
    "yaml syntax": lambda e: {**e, "summary": "[nicht geschlossen"},
    "tab indentation": lambda e: {**e, "sources": "\n\t- x"},
}
# The field that a problem caused by each breakage must name (as `digest check` prints it).
BROKEN_FIELDS = {
    "drop a required key": {"title", "summary"},
    "unknown key": {"titel"},
    "empty title": {"title"},
    "title as list": {"title"},
    "regions as text": {"regions"},
    "impossible date": {"date"},
    "date as words": {"date"},
    "unknown region": {"regions"},
    "unknown topic": {"topics"},
    "unsafe id": {"id"},
    "id with capitals": {"id"},
    "unknown status": {"status"},
    "missing source file": {"sources"},
    "source line zero": {"sources.line"},
    "yaml syntax": {"summary"},
    "tab indentation": {"sources"},
}
RAW_BREAKAGES = {
    "no front matter": lambda text: text.replace("---\n", "", 1),
    "unclosed front matter": lambda text: text.rsplit("---\n", 1)[0],
    "empty front matter": lambda text: "---\n---\nText\n",
    "not utf-8": lambda text: text.encode("utf-8").replace("ü".encode(), b"\xfc").decode("latin-1"),
    "front matter is a list": lambda text: "---\n- a\n- b\n---\n",
}


def render(fields: dict) -> str:
    front = "".join(f"{key}: {value}\n" for key, value in fields.items())
    return "---\n" + front + "---\nText über Münster.\n"


# One line of `digest check`: `file:line: field: message`, or `file:line: message` for a
# problem of the file as a whole (no front matter, bad YAML syntax).
PROBLEM_LINE = re.compile(r"(?P<file>.+?):(?P<line>[0-9]+): "
                          r"(?:(?P<field>[a-z][a-z_.]*): )?(?P<message>\S.*)")
WHOLE_FILE = ("no front matter", "front matter is not closed", "front matter is empty",
              "front matter is not a mapping")


def closing_line(lines: list[str]) -> int:
    """The line (1-based) of the --- that closes the front matter."""
    return next(number for number, line in enumerate(lines, start=1)
                if number > 1 and re.fullmatch(r"-{3,}\s*", line))


def key_blocks(lines: list[str]) -> dict[str, range]:
    """Top-level front matter key -> its lines (1-based): from its own to the next key's or
    to the closing ---."""
    close = closing_line(lines)
    starts = [(number, match.group(1)) for number, line in enumerate(lines[:close - 1], start=1)
              if (match := re.match(r"([A-Za-z_][\w-]*):", line))]
    ends = [number for number, _ in starts[1:]] + [close]
    return {key: range(start, end) for (start, key), end in zip(starts, ends)}


def assert_names_file_line_and_field(shown: str, broken: Path, breakages: list[str],
                                     raw: str | None) -> None:
    """What the user reads: the broken file, a line of it that holds what is broken, and the
    field that is broken."""
    assert "\n" not in shown, shown
    parsed = PROBLEM_LINE.fullmatch(shown)
    assert parsed, f"not `file:line: field: message`: {shown!r}"
    assert Path(os.getcwd(), parsed["file"]).resolve() == broken.resolve(), shown
    line, field, message = int(parsed["line"]), parsed["field"], parsed["message"]
    data = broken.read_bytes()
    lines = data.decode("utf-8", "replace").split("\n")
    assert 1 <= line <= len(lines), shown
    if raw == "not utf-8":
        assert field == "encoding", shown
        assert "\ufffd" in lines[line - 1], shown  # the line with the byte that is not UTF-8
        return
    if raw is not None:  # the file has no front matter to name a field of
        assert field is None and message.startswith(WHOLE_FILE) and line == 1, shown
        return
    expected = set().union(*(BROKEN_FIELDS[name] for name in breakages))
    if message.startswith("YAML syntax error"):
        assert {"yaml syntax", "tab indentation"} & set(breakages), shown
    if message.startswith("duplicate id"):  # the broken entry repeats the good one's id
        expected.add("id")
    assert field in expected, f"{shown!r} should name one of {sorted(expected)}"
    blocks = key_blocks(lines)
    key = field.split(".")[0]
    if message == "required field is missing":
        assert key not in blocks and line == 1, shown  # no line holds it: the front matter's first
    else:
        assert line in blocks[key], f"{shown!r}: {key} stands in lines {blocks[key]}"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(breakages=st.lists(st.sampled_from(sorted(BREAKAGES)), min_size=1, max_size=4, unique=True),
       raw=st.one_of(st.none(), st.sampled_from(sorted(RAW_BREAKAGES))),
       junk=st.text(max_size=30))
def test_broken_entries_are_named_and_never_pass(tmp_path_factory, breakages, raw, junk):
    # a line of dashes in the junk would close an unclosed front matter and make it fields
    assume(not (raw == "unclosed front matter" and "---" in junk))
    content = tmp_path_factory.mktemp("content")
    (content / "sources").mkdir()
    (content / "sources/000_c61680506f332573.txt").write_text("x\n")
    (content / "topics.yaml").write_text((ROOT / "content/topics.yaml").read_text())
    articles = content / "articles/2025"
    articles.mkdir(parents=True)
    (articles / "gut.md").write_text(render(VALID))
    fields = dict(VALID)
    for name in breakages:
        fields = BREAKAGES[name](fields)
    text = render(fields)
    if raw:
        text = RAW_BREAKAGES[raw](text)
    text += junk
    broken = articles / "kaputt.md"
    broken.write_bytes(text.encode("latin-1", "replace") if raw == "not utf-8" else text.encode())
    loaded = load_content(content)                       # never raises
    assert [e.id for e in loaded.entries] == ["2025-01-01-test"]  # the broken one never passes
    named = [p for p in loaded.errors if p.path == broken]
    assert named, (breakages, raw, [str(p) for p in loaded.problems])
    for problem in named:  # as `digest check` prints it
        assert_names_file_line_and_field(str(problem), broken, breakages, raw)
