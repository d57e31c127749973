"""Runs the site's search engine (analysis.js, engine.js, lunr.js) in Node for the tests."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_node(shards: list[Path] = (), queries: list[str] = (), texts: list[str] = ()) -> dict:
    payload = json.dumps({"root": str(ROOT), "shards": [str(s) for s in shards],
                          "queries": list(queries), "texts": list(texts)})
    done = subprocess.run(["node", str(ROOT / "tests" / "node_search.js")], input=payload,
                          capture_output=True, text=True, timeout=300, check=True)
    return json.loads(done.stdout)


def search(site: Path, queries: list[str]) -> list[list[str]]:
    """Entry ids found for each query, best first, over every shard of a built site."""
    shards = sorted((site / "assets/suche").glob("shard-*.js"),
                    key=lambda p: int(p.stem.split("-")[1]))
    return run_node(shards=shards, queries=queries)["results"]
