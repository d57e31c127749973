"""Runs the site's search engine (analysis.js, engine.js, lunr-languages' stemmer) in Node for
the tests and benchmarks, loading only the index files each query needs."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_node(index: Path | None = None, queries: list[str] = (), texts: list[str] = (),
             shown: int | None = None, facets: bool = False) -> dict:
    """{"results": ids per query, "files": index files per query, "terms": terms per text};
    `index` is the folder of index.js, `shown` how many results' documents are loaded (all
    by default), `facets` whether the facets of all results are loaded also where the page
    loads them only when the reader turns to the filters (a large archive)."""
    payload = json.dumps({"root": str(ROOT), "index": str(index or ""), "queries": list(queries),
                          "texts": list(texts), "facets": facets,
                          **({"shown": shown} if shown is not None else {})})
    done = subprocess.run(["node", str(ROOT / "tests" / "node_search.js")], input=payload,
                          capture_output=True, text=True, timeout=600, check=True)
    return json.loads(done.stdout)


def search(site: Path, queries: list[str]) -> list[list[str]]:
    """Entry ids found for each query, best first, over a built site."""
    return run_node(site / "assets/suche", queries)["results"]


def files_loaded(site: Path, queries: list[str], shown: int = 20, facets: bool = False
                 ) -> list[list[str]]:
    """The index files (relative to assets/suche/) each query loads for a complete ranked
    result list, the documents of the first `shown` results and, as the page does (or with
    `facets`), the facets of all results."""
    return run_node(site / "assets/suche", queries, shown=shown, facets=facets)["files"]
