"""The npm packages the site is made with (installed from package-lock.json): where the
project's node_modules is, and which of its files the search uses."""
from __future__ import annotations

from pathlib import Path

from builder.errors import DigestError

# Site path -> file in node_modules: the scripts of the German stemmer the search page loads
# (lunr-languages on lunr.js; the index itself is our own, builder/search/index.py).
SCRIPTS = {
    "assets/suche/lunr.min.js": "lunr/lunr.min.js",
    "assets/suche/lunr.stemmer.support.min.js": "lunr-languages/min/lunr.stemmer.support.min.js",
    "assets/suche/lunr.de.min.js": "lunr-languages/min/lunr.de.min.js",
}
LUNR_GERMAN = "lunr-languages/lunr.de.js"  # stop words and trimmer the index is made with


def find_node_modules(content: Path) -> Path:
    """node_modules beside the content folder, else the one of this checkout."""
    for folder in (content.resolve().parent, Path(__file__).resolve().parents[2]):
        if (folder / "node_modules" / "lunr").is_dir():
            return folder / "node_modules"
    raise DigestError("node_modules with lunr not found: run `npm ci` (`make site` does)")


def used_files(node_modules: Path) -> list[Path]:
    """Every file of node_modules that a build reads."""
    return [node_modules / source for source in (*SCRIPTS.values(), LUNR_GERMAN)]
