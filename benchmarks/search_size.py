"""Search index size for the seed content and for synthetic corpora: raw and gzip bytes of
every shard, and what a reader downloads before the first result (the search page, CSS,
lunr scripts and the first shard), gzip-compressed as a web server would send it.

Run: .venv/bin/python -m benchmarks.search_size [N ...]   (default: 10000)
"""
from __future__ import annotations

import gzip
import sys
import time
from pathlib import Path

from benchmarks.corpus import entries as synthetic
from builder.content import load_content
from builder.render.site import newest_first
from builder.search.analysis import Analyzer, load_lunr_german
from builder.search.compounds import CompoundSplitter
from builder.search.index import search_files

ROOT = Path(__file__).resolve().parent.parent
FIRST_DOWNLOAD = ["assets/suche/lunr.min.js", "assets/suche/lunr.stemmer.support.min.js",
                  "assets/suche/lunr.de.min.js", "assets/suche/analysis.js", "assets/suche/engine.js",
                  "assets/suche/search.js", "assets/style.css", "suche/index.html"]


def measure(label: str, entries) -> None:
    german = load_lunr_german(ROOT / "node_modules/lunr-languages/lunr.de.js")
    splitter = CompoundSplitter(ROOT / ".cache/compounds.json")
    started = time.perf_counter()
    files = search_files(newest_first(entries), Analyzer(german, splitter), ROOT / "node_modules")
    seconds = time.perf_counter() - started
    splitter.save()
    shards = sorted((name for name in files if "/shard-" in name),
                    key=lambda name: int(name.rsplit("-", 1)[1].split(".")[0]))
    raw = sum(len(files[name]) for name in shards)
    zipped = sum(len(gzip.compress(files[name])) for name in shards)
    site = ROOT / "site"
    static = sum(len(gzip.compress((site / name).read_bytes())) for name in FIRST_DOWNLOAD
                 if (site / name).exists() and "shard" not in name)
    first = static + len(gzip.compress(files[shards[0]]))
    print(f"{label}: {len(entries)} entries, {len(shards)} shards, index {raw / 1e6:.2f} MB raw, "
          f"{zipped / 1e6:.2f} MB gzip; first shard {len(files[shards[0]]) / 1e3:.0f} kB raw, "
          f"{len(gzip.compress(files[shards[0]])) / 1e3:.0f} kB gzip; before the first result "
          f"{first / 1e3:.0f} kB gzip; indexing {seconds:.1f} s")


def main(arguments: list[str]) -> None:
    measure("seeds", load_content(ROOT / "content").entries)
    for count in map(int, arguments or ["10000"]):
        measure(f"synthetic {count}", synthetic(count))


if __name__ == "__main__":
    main(sys.argv[1:])
