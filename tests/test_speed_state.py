"""The string check of an entry path answers as the check on a `PurePosixPath` does."""
from pathlib import PurePosixPath

from hypothesis import given, settings
from hypothesis import strategies as st

from builder.ingest.state import _is_entry_path


def plain_entry_path(relative: str) -> bool:
    """The check as it was written on a `PurePosixPath`."""
    pure = PurePosixPath(relative)
    return not (not relative or len(relative) > 1024 or "\\" in relative or "\0" in relative
                or pure.is_absolute() or pure.suffix != ".md"
                or any(part in ("", ".", "..") for part in relative.split("/")))


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(["a", "2024", ".", "..", "", "x.md", ".md", "a.md", "md",
                                 "b.md.", "c.MD", "d..md", "\\", "\0", "é.md", " .md"]),
                max_size=5).map("/".join) | st.text(max_size=8) | st.just("a/" * 520 + "b.md"))
def test_the_entry_path_check_answers_as_on_a_pure_path(relative):
    assert _is_entry_path(relative) == plain_entry_path(relative)
