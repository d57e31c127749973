"""The README's screenshots are made by docs/screenshots.py from a built site."""
import struct
import sys
from contextlib import chdir
from pathlib import Path

from conftest import ROOT, digest, prepare_project

sys.path.insert(0, str(ROOT / "docs"))
from screenshots import shots  # noqa: E402  (a script of the docs folder, not a package)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_every_page_kind_is_shot_at_phone_and_desktop_width(tmp_path: Path, geonames_cache: Path,
                                                            browser):
    project = prepare_project(tmp_path / "project", geonames_cache)
    with chdir(project):
        assert digest("import", "-q").exit_code == 0
        assert digest("build", "-q").exit_code == 0
    written = shots(project / "site", tmp_path / "shots", browser)
    names = {path.name for path in written}
    for page in ("home", "entry", "region", "place", "topic", "search"):
        assert {f"{page}-360.png", f"{page}-1280.png"} <= names
    assert {"home-360-dark.png", "entry-1280-dark.png"} <= names
    assert png_size(tmp_path / "shots/home-360.png") == (360, 740)
    assert png_size(tmp_path / "shots/search-1280.png") == (1280, 800)
