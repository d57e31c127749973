"""What a reader downloads per query, and what the index costs to build, for the seed content
and synthetic archives: the gzip bytes of every file a query loads for a complete ranked
result list and the documents of the first screen of results (the search page, CSS, scripts,
index.js, then the index files the site's engine asks for, run in Node), also with the facets
the filters count (which a large archive loads when the reader turns to the filters),
the CPU time of computing and serialising the index (median of three builds), how many
index files one added newest entry rewrites, and (with --latency) the time from pressing Enter to the complete
result list in headless Chromium, the index served over loopback under the seed site's search
page (a fresh browser context per query: nothing cached).

Run: .venv/bin/python -m benchmarks.search_size [--latency] [N ...]   (default: 10000)
"""
from __future__ import annotations

import datetime
import gzip
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import entries as synthetic
from builder.content import load_content
from builder.ingest.places import gazetteer_file, place_adjectives
from builder.model import Entry
from builder.search.analysis import Analyzer, load_lunr_german
from builder.search.compounds import CompoundSplitter
from builder.search.index import FOLDER, INDEX_PATH, search_bytes

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from searchnode import run_node  # noqa: E402  (the tests' Node runner of the engine)
from sitecheck import chromium, serve  # noqa: E402

# Loaded with the search page (sizes from the last build of the seeds in site/).
PAGE = ["suche/index.html", "assets/style.css", "assets/suche/lunr.min.js",
        "assets/suche/lunr.stemmer.support.min.js", "assets/suche/lunr.de.min.js",
        "assets/suche/analysis.js", "assets/suche/engine.js", "assets/suche/search.js"]
QUERIES = ["Digitalisierung", "Verwaltung", "Strategie", "Haushalt", "hessische", "Münchner",
           "Verwaltungsdigitalisierng", "Schule", "Glasfaser Köln", "Rechenzentrum Leipzig",
           "Open Data", "Dig", "Bürger:innen", "Quantenkryptographie"]
SHOWN = 20  # results on the first screen
RUNS = 3    # index builds measured per size
ANSWERED = ("q => { var s = document.getElementById('suche-status').textContent;"
            " return s.indexOf('„' + q + '“') >= 0 && s.indexOf('noch geladen') < 0; }")


def index_files(entries: list[Entry]) -> tuple[dict[str, bytes], float]:
    """The search's files of `entries` and the CPU seconds they took."""
    german = load_lunr_german(ROOT / "node_modules/lunr-languages/lunr.de.js")
    splitter = CompoundSplitter(ROOT / ".cache/compounds.marshal")
    analyzer = Analyzer(german, splitter)
    adjectives = place_adjectives(gazetteer_file(ROOT / "content"),
                                  sorted({place for entry in entries for place in entry.places}))
    analyzer.terms("vorwärmen")  # load the noun list outside the measurement
    started = time.process_time()
    files = search_bytes(entries, analyzer, ROOT / "node_modules", adjectives)
    seconds = time.process_time() - started
    splitter.save()
    return files, seconds


def newest(entries: list[Entry]) -> Entry:
    """An entry newer than all of `entries`, like the others in its words."""
    template = max((e for e in entries if e.date), key=lambda e: e.date)
    return template.model_copy(update={"id": "2099-01-01-neueste-meldung", "title": "Neueste Meldung",
                                       "date": datetime.date(2099, 1, 1)})


def is_index_file(name: str) -> bool:
    """Whether a search file is part of the index (not a script of the page)."""
    return name == INDEX_PATH or name.startswith(FOLDER) and "/" in name.removeprefix(FOLDER)


def latencies(index: dict[str, bytes], queries: list[str]) -> list[float]:
    """Seconds from Enter to the complete result list (first screen shown) per query."""
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        shutil.copytree(ROOT / "site", site, ignore=shutil.ignore_patterns("d", "f", "t", "v", "artikel"))
        for name, data in index.items():
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            (site / name).write_bytes(data)
        seconds = []
        with serve(site, "/digest/") as base, chromium() as browser:
            for query in queries:
                context = browser.new_context()
                page = context.new_page()
                page.goto(base + "suche/index.html")
                page.wait_for_function("window.DigestSearch && document.getElementById('suche-status')"
                                       ".textContent.indexOf('Suchbegriff') >= 0")
                page.fill("#suchfeld", query)
                started = time.perf_counter()
                page.press("#suchfeld", "Enter")
                page.wait_for_function(ANSWERED, arg=query, polling="raf")
                seconds.append(time.perf_counter() - started)
                context.close()
        return seconds


def measure(label: str, entries: list[Entry], latency: bool = False) -> None:
    built = [index_files(entries) for _ in range(RUNS)]
    files, seconds = built[0][0], statistics.median(took for _, took in built)
    del built
    index = {name: data for name, data in files.items() if is_index_file(name)}
    site = ROOT / "site"
    page = sum(len(gzip.compress((site / name).read_bytes())) for name in PAGE if (site / name).exists())
    zipped = {name.removeprefix(FOLDER): len(gzip.compress(data)) for name, data in index.items()}
    with tempfile.TemporaryDirectory() as folder:
        for name, data in index.items():
            path = Path(folder) / name.removeprefix(FOLDER)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        loaded = run_node(Path(folder), QUERIES, shown=SHOWN)["files"]
        counted = run_node(Path(folder), QUERIES, shown=SHOWN, facets=True)["files"]
    sizes = [page + sum(zipped[name] for name in names) for names in loaded]
    with_facets = [page + sum(zipped[name] for name in names) for names in counted]
    added, _ = index_files([*entries, newest(entries)])
    rewritten = [name for name in added if is_index_file(name) and files.get(name) != added[name]]
    postings = [name for name in index if "/t/" in name]
    print(f"{label}: {len(entries)} entries, {len(index)} index files "
          f"({sum(map(len, index.values())) / 1e6:.1f} MB raw, {sum(zipped.values()) / 1e6:.1f} MB gzip), "
          f"built in {seconds:.2f} s CPU (median of {RUNS})")
    for query, names, size, counts in zip(QUERIES, loaded, sizes, with_facets):
        print(f"  {query!r}: {size / 1e3:.0f} kB gzip in {len(names) + len(PAGE)} files "
              f"({counts / 1e3:.0f} kB with the filters' counts)")
    print(f"  per query: median {statistics.median(sizes) / 1e3:.0f} kB, most {max(sizes) / 1e3:.0f} kB; "
          f"with the filters' counts median {statistics.median(with_facets) / 1e3:.0f} kB, "
          f"most {max(with_facets) / 1e3:.0f} kB")
    if latency:
        times = latencies(index, QUERIES)
        for query, took in zip(QUERIES, times):
            print(f"  {query!r}: {took * 1e3:.0f} ms from Enter to the results in Chromium")
        print(f"  latency: median {statistics.median(times) * 1e3:.0f} ms, most {max(times) * 1e3:.0f} ms")
    print(f"  one added entry rewrites {len(rewritten)} of {len(index)} index files "
          f"({100 * len(rewritten) / len(index):.1f} %), of them "
          f"{sum('/t/' in n for n in rewritten)} of {len(postings)} posting files")


def main(arguments: list[str]) -> None:
    latency = "--latency" in arguments
    counts = [int(argument) for argument in arguments if argument != "--latency"]
    measure("seeds", load_content(ROOT / "content").entries, latency)
    for count in counts or [10000]:
        measure(f"synthetic {count}", synthetic(count), latency)


if __name__ == "__main__":
    main(sys.argv[1:])
