"""Search index size for the seed content and for synthetic corpora: raw and gzip bytes of
every shard, and what a reader downloads before the first result (the search page, CSS,
lunr scripts and the newest shards the page loads with it), gzip-compressed as a web server
would send it; and the CPU time of indexing.

Run: .venv/bin/python -m benchmarks.search_size [N ...]   (default: 10000)
"""
from __future__ import annotations

import gzip
import sys
import time
from pathlib import Path

from benchmarks.corpus import entries as synthetic
from builder.content import load_content
from builder.search.analysis import Analyzer, load_lunr_german
from builder.search.compounds import CompoundSplitter
from builder.search.index import FIRST_LOADED, search_files
from builder.sitemodel.listings import newest_first

ROOT = Path(__file__).resolve().parent.parent
# Loaded by the search page besides its shards (sizes from the last build of the seeds in site/).
FIRST_DOWNLOAD = ["assets/suche/lunr.min.js", "assets/suche/lunr.stemmer.support.min.js",
                  "assets/suche/lunr.de.min.js", "assets/suche/analysis.js", "assets/suche/engine.js",
                  "assets/suche/search.js", "assets/style.css", "suche/index.html"]


def measure(label: str, entries) -> None:
    german = load_lunr_german(ROOT / "node_modules/lunr-languages/lunr.de.js")
    splitter = CompoundSplitter(ROOT / ".cache/compounds.marshal")
    started = time.process_time()
    files = search_files(newest_first(entries), Analyzer(german, splitter), ROOT / "node_modules")
    seconds = time.process_time() - started
    splitter.save()
    shards = [name for name in files if "/shard-" in name]  # in the page's order, newest first
    zipped = {name: len(gzip.compress(files[name])) for name in shards}
    site = ROOT / "site"
    static = sum(len(gzip.compress((site / name).read_bytes())) for name in FIRST_DOWNLOAD
                 if (site / name).exists())
    first = shards[:FIRST_LOADED]
    largest = max(shards, key=zipped.get)
    print(f"{label}: {len(entries)} entries, {len(shards)} shards, index "
          f"{sum(len(files[name]) for name in shards) / 1e6:.2f} MB raw, "
          f"{sum(zipped.values()) / 1e6:.2f} MB gzip; largest shard {len(files[largest]) / 1e3:.0f} kB "
          f"raw, {zipped[largest] / 1e3:.0f} kB gzip; before the first result (page, scripts, "
          f"{len(first)} newest shards) {(static + sum(zipped[name] for name in first)) / 1e3:.0f} kB "
          f"gzip, at most {(static + FIRST_LOADED * zipped[largest]) / 1e3:.0f} kB (newest shard full); "
          f"indexing {seconds:.1f} s CPU")


def main(arguments: list[str]) -> None:
    measure("seeds", load_content(ROOT / "content").entries)
    for count in map(int, arguments or ["10000"]):
        measure(f"synthetic {count}", synthetic(count))


if __name__ == "__main__":
    main(sys.argv[1:])
