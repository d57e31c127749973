"""Entry bodies render exactly as stock Python-Markdown renders them, only faster."""
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown import inlinepatterns

from benchmarks.corpus import entries as synthetic
from builder.content import load_content
from builder.render.markdown_fast import markdown_renderer

ROOT = Path(__file__).resolve().parent.parent
FAST, STOCK = markdown_renderer(), markdown_renderer(fast_patterns=False)
TRICKY = [
    "Ein `code` und ``zwei `Backticks` `` und \\`kein Code\\` und \\\\`doch Code\\\\`.",
    "[Link](https://example.org \"Titel\") und ![Bild](a.png) und !\\[kein Bild] und ![[x]](y)",
    "[Verweis][1], [kurz] und ![Bildverweis][1], !![doppelt](z)\n\n[1]: https://example.org\n[kurz]: /k",
    "Text mit <https://example.org> und <post@example.org>, &amp; &#42; und *kursiv* __fett__.",
    "Zeile mit zwei Leerzeichen  \nneue Zeile; `nicht geschlossen und [nicht geschlossen",
    "- Liste mit `code`\n- und [Link](x)\n\n1. eins\n2. zwei\n\n    eingerückter Code ` [x](y)",
    "Absatz\n# Titel #\nweiter\n---\nText *  *  * und\n> Zitat\n[x]: /y \"T\"\n\n## Zwei\n\n___",
    "E-Akte, Online-Dienst - und -- ein # Zeichen, a > b, [a]: kein Verweis mitten im Satz.",
    "**fett** und _kursiv_ und ***beides*** und snake_case_name und 2 * 3 * 4 und __a__b.",
]


def render(renderer, text: str) -> str:
    return renderer.reset().convert(text)


def test_the_stock_patterns_are_the_ones_the_fast_ones_replace():
    assert inlinepatterns.LINK_RE == inlinepatterns.REFERENCE_RE == r"(?<!\!)\["
    assert inlinepatterns.BACKTICK_RE == r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)"
    emphasis = STOCK.inlinePatterns["em_strong"]
    assert type(emphasis) is inlinepatterns.DelimiterProcessor and emphasis.tokens == ["*", "_"]
    assert [emphasis.delimiters[token].smart for token in emphasis.tokens] == [False, True]


def test_the_stock_block_processors_are_the_ones_the_fast_ones_replace():
    stock_order = [type(processor) for processor in STOCK.parser.blockprocessors]
    fast_order = [type(processor) for processor in FAST.parser.blockprocessors]
    assert [kind if kind in stock_order else kind.__mro__[1] for kind in fast_order] == stock_order
    assert sum(kind not in stock_order for kind in fast_order) == 4


def test_tricky_markdown_renders_the_same():
    for text in TRICKY:
        assert render(FAST, text) == render(STOCK, text), text
    assert "<code>code</code>" in render(FAST, TRICKY[0])


def test_every_seed_and_synthetic_body_renders_the_same():
    bodies = [e.body for e in load_content(ROOT / "content").entries]
    bodies += [e.body for e in synthetic(200)]
    assert all(render(FAST, body) == render(STOCK, body) for body in bodies)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab `\\[]()!<>*_:/\n&#1-", max_size=60))
def test_any_text_of_markdown_characters_renders_the_same(text: str):
    assert render(FAST, text) == render(STOCK, text)
