"""The directly written front matter text (`builder.entry_yaml.fast_dump`) is libyaml's text."""
import datetime

import frontmatter
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.entry_yaml import FlowDict, FlowList, direct_text, plain_dump
from builder.model import Entry, Image, Source, styled_front_matter, to_markdown

# What makes YAML quote, escape or fold a string, among ordinary German text.
AWKWARD = list("abcÄöüß XYZ0129 .,:;#-?!'\"[]{}&*|>%@`~\t\n\xa0\u2028\ufeff😀–„“")
texts = st.text(alphabet=st.sampled_from(AWKWARD), max_size=260) | st.sampled_from(
    ["yes", "No", "null", "~", "2024-01-02", "1e3", "0x1F", ".5", "12", "- a", "a: b", "#x",
     "...", "---", "a #b", "a:", "x" * 150, " " * 3, "It's", "x " * 60, " y" * 60, "x" * 95 + " "])


def block_front_matter(texts: list[str]) -> dict:
    """A front matter mapping with `texts` in every place that holds text on lines of its own."""
    first, second, third = texts
    return {"id": "e", "title": first, "kicker": second, "date": datetime.date(2024, 1, 2),
            "summary": third + " " + first, "image": {"alt": second, "credit": third},
            "status": "draft"}


def flow_front_matter(texts: list[str], number: int) -> dict:
    """A front matter mapping with `texts` in every place that holds text in a one-line list
    or mapping."""
    first, second, third = texts
    return {"id": "e", "title": "T", "regions": FlowList([first, "Bayern"]),
            "places": FlowList([second, third]), "summary": "S",
            "sources": [FlowDict({"file": first, "line": number}),
                        FlowDict({"file": "b.txt", "line": 3})],
            "review": FlowList(["title", third])}


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(texts, min_size=3, max_size=3), st.integers(1, 10**6))
def test_direct_text_is_libyamls_text_or_nothing(values, number):
    for data in (block_front_matter(values), flow_front_matter(values, number)):
        text = direct_text(data)
        assert text is None or text == plain_dump(data)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from("Dieser Satz ist lang, sehr lang: er 'faltet' sich  um # x".split(" ")
                                + ["", "Übermorgen", "z" * 40]), min_size=1, max_size=80))
def test_long_lines_fold_where_libyaml_folds_them(words):
    """Long summaries are the common case: they must be written directly, and folded alike."""
    text = " ".join(words).strip() or "x"
    data = {"summary": text, "image": {"alt": text}}
    assert direct_text(data) == plain_dump(data) or not all(words)


def test_one_line_collections_near_the_width():
    """Around the width, libyaml breaks one-line collections between items and at spaces."""
    for length in range(70, 110):
        for items in (["a" * length, "b c d"], ["a b " * (length // 4), "c"],
                      ["a" * (length - 20), "b" * 5, "c d e f g h"]):
            for data in ({"places": FlowList(items)},
                         {"sources": [FlowDict({"file": " ".join(items), "line": 7})]}):
                text = direct_text(data)
                assert text is None or text == plain_dump(data), (length, items)


def test_every_shipped_entry_is_written_directly_and_equal():
    """The trick serves real entries: no shipped entry needs the slow way, and each one's
    text is the same either way."""
    entries = [Entry(**post.metadata, body=post.content) for post in
               map(frontmatter.load, sorted((ROOT / "content/articles").rglob("*.md")))]
    assert len(entries) >= 70
    for entry in entries:
        data = styled_front_matter(entry)
        assert direct_text(data) == plain_dump(data), entry.id


def test_an_entry_with_a_multiline_value_takes_the_slow_way_and_reads_back():
    entry = Entry(id="x", title="Zwei\nZeilen", summary="Tab\tund 😀",
                  sources=(Source(file="a.txt", line=1),),
                  image=Image(alt="Bild"))
    data = styled_front_matter(entry)
    assert direct_text(data) is None
    assert to_markdown(entry).startswith("---\n" + plain_dump(data))
