"""A faster Python-Markdown with the same output: raw HTML shown as text, only safe links and
local images (`safe_links`), and equivalent faster patterns and block processors
(`tests/test_markdown.py` renders both ways and compares)."""
from __future__ import annotations

import re
from collections.abc import Iterator

import markdown
from markdown import blockprocessors, inlinepatterns

from builder.render.safe_links import SafeLinksExtension

# Python-Markdown's backtick and link patterns start with a look-behind, which keeps the
# regex engine from skipping ahead to the one character a match must start with; they took
# over half of the time spent on a plain paragraph. These equivalents match the same spans
# with the same groups (`tests/test_markdown.py` renders both ways and compares). The
# backtick and emphasis patterns are, besides, only searched in texts that have their
# characters at all (most paragraphs have none).
_FAST_BACKTICK = r"(?=[\\`])" + inlinepatterns.BACKTICK_RE      # a match starts with \ or `
_FAST_BRACKET = r"\[(?<!\!\[)"                                # "[" not preceded by "!"


class _SearchedIfPresent:
    """A compiled pattern that is searched only in texts containing one of `characters`
    (every match contains one): `in` finds a character many times faster than the regex
    engine can rule out every position of a paragraph."""

    def __init__(self, pattern: re.Pattern, characters: str) -> None:
        self.pattern = pattern
        self.characters = characters

    def finditer(self, text: str, start: int = 0) -> Iterator[re.Match]:
        if any(character in text for character in self.characters):
            return self.pattern.finditer(text, start)
        return iter(())


class _Backtick(inlinepatterns.BacktickInlineProcessor):
    def getCompiledRegExp(self) -> _SearchedIfPresent:  # both kinds of match need a `
        return _SearchedIfPresent(self.compiled_re, "`")


class _Emphasis(inlinepatterns.DelimiterProcessor):
    def getCompiledRegExp(self) -> _SearchedIfPresent:  # a match is one of the delimiters
        return _SearchedIfPresent(self.compiled_re, "".join(self.tokens))


# Four block processors search a whole block with a multi-line pattern that can only match
# where a certain character occurs; most paragraphs have none of them. Looking for that
# character first skips the search (a third of the time of a plain paragraph).
class _HashHeader(blockprocessors.HashHeaderProcessor):
    def test(self, parent, block: str) -> bool:
        return "#" in block and super().test(parent, block)


class _HorizontalRule(blockprocessors.HRProcessor):
    def test(self, parent, block: str) -> bool:
        return max(map(block.count, "-_*")) >= 3 and super().test(parent, block)


class _BlockQuote(blockprocessors.BlockQuoteProcessor):
    def test(self, parent, block: str) -> bool:
        return ">" in block and super().test(parent, block)


class _Reference(blockprocessors.ReferenceProcessor):
    def run(self, parent, blocks: list[str]) -> bool:
        return "]:" in blocks[0] and super().run(parent, blocks)


def markdown_renderer(fast_patterns: bool = True) -> markdown.Markdown:
    """Markdown with raw HTML shown as text and only safe links and local images (see
    `safe_links`); `fast_patterns` swaps in the equivalent faster regular expressions and
    block processors above (registered as the standard ones, same names and order)."""
    renderer = markdown.Markdown(extensions=["sane_lists", SafeLinksExtension()],
                                 output_format="html")
    renderer.preprocessors.deregister("html_block")  # raw HTML blocks become text ...
    renderer.inlinePatterns.deregister("html")       # ... and so does inline HTML
    if fast_patterns:  # the priorities are those of markdown.inlinepatterns.build_inlinepatterns
        patterns = renderer.inlinePatterns
        patterns.register(_Backtick(_FAST_BACKTICK), "backtick", 190)
        patterns.register(inlinepatterns.ReferenceInlineProcessor(_FAST_BRACKET, renderer),
                          "reference", 170)
        patterns.register(inlinepatterns.LinkInlineProcessor(_FAST_BRACKET, renderer), "link", 160)
        patterns.register(inlinepatterns.ShortReferenceInlineProcessor(_FAST_BRACKET, renderer),
                          "short_reference", 130)
        patterns.register(_Emphasis("*", "strong,em", renderer), "em_strong", 60)
        renderer.delimiters.add("_", "strong,em", smart=True)  # as build_inlinepatterns does
        blocks = renderer.parser.blockprocessors  # the priorities of build_block_parser
        blocks.register(_HashHeader(renderer.parser), "hashheader", 70)
        blocks.register(_HorizontalRule(renderer.parser), "hr", 50)
        blocks.register(_BlockQuote(renderer.parser), "quote", 20)
        blocks.register(_Reference(renderer.parser), "reference", 15)
    return renderer
