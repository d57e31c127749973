"""`digest check` against generated broken entries: it never crashes, never lets a broken
entry pass, and always names the broken file."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.content import load_content
from conftest import ROOT

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
RAW_BREAKAGES = {
    "no front matter": lambda text: text.replace("---\n", "", 1),
    "unclosed front matter": lambda text: text.rsplit("---\n", 1)[0],
    "empty front matter": lambda text: "---\n---\nText\n",
    "not utf-8": lambda text: text.encode("utf-8").replace("ü".encode(), b"\xfc").decode("latin-1"),
    "front matter is a list": lambda text: "---\n- a\n- b\n---\n",
}


def render(fields: dict) -> str:
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in fields.items()) + "---\nText über Münster.\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(breakages=st.lists(st.sampled_from(sorted(BREAKAGES)), min_size=1, max_size=4, unique=True),
       raw=st.one_of(st.none(), st.sampled_from(sorted(RAW_BREAKAGES))),
       junk=st.text(max_size=30))
def test_broken_entries_are_named_and_never_pass(tmp_path_factory, breakages, raw, junk):
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
    for problem in named:
        assert str(problem).startswith(f"{problem.path}:{problem.line}:") or "kaputt.md:" in str(problem)
        assert problem.line >= 1
