"""Caches (`builder.cache`): a damaged cache file is a miss with one warning line, never a
failed or different build; `--clean` reads none; a cache written under another key (another
code or package version) is not used; an entry restored from the entry cache is the entry
parsed afresh, `model_fields_set` included."""
import hashlib
import marshal
import os
import shutil
from pathlib import Path

import pytest
from conftest import count_entry_parses, digest, digest_subprocess, prepare_project, tree_digest

import builder.cache
import builder.content
from builder import cache
from builder.content import load_content, read_entry
from builder.taxonomy import load_vocabulary

NOUNS = "xdg/kommunal-digest/german-nouns.marshal"  # the user's cache folder (XDG_CACHE_HOME)

# Every cache file, the command that reads it, and what to remove first so that it is read.
CACHES = {
    "entries": (".cache/entries.marshal", "build", ()),
    "manifest": (".cache/build-*.marshal", "build", ()),
    "compounds": (".cache/compounds.marshal", "build", ()),
    "templates": (".cache/templates/*.marshal", "build", ()),
    "related": (".cache/related.marshal", "build", ()),
    "search-words": (".cache/search-words.marshal", "build", ()),
    "search-blocks": (".cache/search-blocks.marshal", "build", ()),
    "nouns": (NOUNS, "build", (".cache/compounds.marshal", ".cache/search-words.marshal")),
    "gazetteer-index": (".cache/gazetteer-index.marshal", "import", ()),
    "gazetteer-places": (".cache/gazetteer-places.marshal", "import",
                         (".cache/gazetteer-index.marshal",)),
}
DAMAGES = {
    "truncated": lambda data: data[:len(data) // 2],  # (cut off anywhere: a test below)
    "garbage": lambda data: b"this is no cache file\n" * 100,
}


def run(project: Path, command: str, *args: str):
    """`digest build -q` or a fresh `digest import -q` (the articles made again), as a user
    runs it, with the project's own user cache folder."""
    if command == "import":
        shutil.rmtree(project / "content/articles", ignore_errors=True)
    env = dict(os.environ, XDG_CACHE_HOME=str(project / "xdg"))
    return digest_subprocess(command, "-q", *args, cwd=project, env=env)


def made(project: Path, command: str) -> dict[str, str]:
    """What the command made: the site, or the imported articles."""
    return tree_digest(project / ("site" if command == "build" else "content/articles"))


def cache_files(project: Path, pattern: str) -> list[Path]:
    return sorted(project.glob(pattern))


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> dict:
    """A project imported and built once (its caches all written), with what the import and
    the build made and printed."""
    folder = tmp_path_factory.mktemp("caches") / "project"
    (folder.parent / "cache").mkdir()
    prepare_project(folder, folder.parent / "cache")  # copies get a folder of their own
    imported = run(folder, "import")
    assert imported.returncode == 0, imported.stderr
    built = run(folder, "build")
    assert built.returncode == 0 and built.stderr == "", built.stderr
    for name, (pattern, _, _) in CACHES.items():
        assert cache_files(folder, pattern), f"no {name} cache: {pattern}"
    return {"folder": folder, "build": made(folder, "build"), "import": made(folder, "import"),
            "import stderr": imported.stderr}


@pytest.fixture
def copy(original, tmp_path: Path) -> Path:
    """A copy of the original project, caches and all (no links to shared caches)."""
    target = tmp_path / "project"
    shutil.copytree(original["folder"], target, symlinks=False)
    manifest, = cache_files(target, ".cache/build-*.marshal")  # named after the site's path
    site = hashlib.sha256(str((target / "site").resolve()).encode()).hexdigest()[:16]
    manifest.rename(manifest.with_name(f"build-{site}.marshal"))
    return target


def cache_warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "cache" in line]


@pytest.mark.parametrize("damage", DAMAGES)
@pytest.mark.parametrize("name", CACHES)
def test_a_damaged_cache_file_is_rebuilt_with_one_warning(original, copy: Path, name: str,
                                                          damage: str):
    pattern, command, to_remove = CACHES[name]
    for path in to_remove:
        (copy / path).unlink()
    shutil.rmtree(copy / "site")  # the build renders every page: it reads every cache
    damaged = cache_files(copy, pattern)[0]
    damaged.write_bytes(DAMAGES[damage](damaged.read_bytes()))

    result = run(copy, command)

    assert result.returncode == 0, result.stderr
    assert made(copy, command) == original[command]
    warnings = cache_warnings(result.stderr)
    assert len(warnings) == 1 and warnings[0].startswith("warning: "), result.stderr
    assert damaged.name in warnings[0] and "unreadable cache, rebuilt" in warnings[0]
    expected = original["import stderr"] if command == "import" else ""
    assert result.stderr.replace(warnings[0] + "\n", "") == expected
    again = run(copy, command)  # the file was written again: no warning the next time
    assert again.returncode == 0 and cache_warnings(again.stderr) == []
    assert made(copy, command) == original[command]


def test_clean_reads_no_cache(original, copy: Path):
    damaged = [path for pattern in (".cache/*.marshal", ".cache/*.json", ".cache/*/*.marshal",
                                    NOUNS) for path in cache_files(copy, pattern)]
    assert len(damaged) >= 6
    for path in damaged:
        path.write_bytes(b"this is no cache file\n")

    result = run(copy, "build", "--clean")

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # not one of them was read
    assert made(copy, "build") == original["build"]


def test_a_truncated_compound_cache_failed_every_build_before(original, copy: Path):
    """The bug of issue 15: exit 2, "internal error", even with --clean."""
    compounds = copy / ".cache/compounds.marshal"
    compounds.write_bytes(compounds.read_bytes()[:100])
    for args in (("--clean",), ()):
        shutil.rmtree(copy / "site")
        result = run(copy, "build", *args)
        assert result.returncode == 0 and "internal error" not in result.stderr
        assert made(copy, "build") == original["build"]


@pytest.fixture
def parses(monkeypatch) -> list[Path]:
    """The entry files parsed (not taken from the cache), in order."""
    return count_entry_parses(monkeypatch)


def upgrade_a_package(monkeypatch) -> None:
    """As if pydantic had been upgraded: another set of installed packages."""
    installed = cache.installed_packages() + "\npydantic-99.0.0.dist-info"
    monkeypatch.setattr(builder.cache, "installed_packages", lambda: installed)


def test_caches_written_for_other_packages_are_not_used(original, copy: Path, parses,
                                                        monkeypatch):
    monkeypatch.chdir(copy)
    monkeypatch.setenv("XDG_CACHE_HOME", str(copy / "xdg"))
    assert digest("build", "-q").exit_code == 0  # caches of this very code (should it change)
    parses.clear()
    unchanged = digest("build")
    assert unchanged.exit_code == 0 and "wrote 0 of" in unchanged.stdout
    assert parses == []  # every entry from the cache

    upgrade_a_package(monkeypatch)
    result = digest("build")

    assert result.exit_code == 0 and result.stderr == ""  # another key: a miss, no warning
    files = len(original["build"])
    assert f"wrote {files} of {files} files" in result.stdout  # every page rendered again
    assert len(parses) == 72  # every entry parsed again
    assert made(copy, "build") == original["build"]


def test_a_compound_cache_is_used_only_under_its_own_key(original, copy: Path, monkeypatch):
    """A compound cache that lies (every word split into "zzzgift") shows in the search index
    when it has the valid key, and is ignored once the packages differ."""
    monkeypatch.chdir(copy)
    monkeypatch.setenv("XDG_CACHE_HOME", str(copy / "xdg"))
    assert digest("build", "-q").exit_code == 0  # caches of this very code (should it change)
    compounds = copy / ".cache/compounds.marshal"
    key = cache.validity_key("compounds")
    words = cache.read(compounds, key)
    assert words
    cache.write(compounds, key, {word: ["zzzgift"] for word in words})
    (copy / ".cache/search-words.marshal").unlink()  # else the words' analyses come from there

    shutil.rmtree(copy / "site")
    assert digest("build", "-q").exit_code == 0
    postings = (copy / "site/assets/suche/t").glob("*.js")
    assert any(b"zzzgift" in bucket.read_bytes() for bucket in postings)

    upgrade_a_package(monkeypatch)
    shutil.rmtree(copy / "site")
    assert digest("build", "-q").exit_code == 0
    assert made(copy, "build") == original["build"]


# The cache helper itself.

def test_read_gives_what_write_wrote_under_the_same_key_only(tmp_path: Path, capsys):
    path = tmp_path / "sub" / "x.marshal"
    payload = {"a": [1, 2.5, None, ("b", b"c")], "d": {"e"}}
    assert cache.read(path, "k") is None  # missing: a miss, no warning
    cache.write(path, "k", payload)
    assert cache.read(path, "k") == payload
    assert cache.read(path, "other") is None and path.exists()
    path.write_bytes(marshal.dumps((3, "old format", {})))  # by an earlier version
    assert cache.read(path, "k") is None and path.exists()
    assert capsys.readouterr().err == ""
    assert [p.name for p in path.parent.iterdir()] == ["x.marshal"]  # no temporary file left


def test_a_cache_file_cut_off_anywhere_is_a_miss_with_one_warning(tmp_path: Path, capsys):
    path = tmp_path / "x.marshal"
    cache.write(path, "k", {"words": ["digital", "strategie"], "n": 12345678901234567890})
    data = path.read_bytes()
    for length in range(len(data)):
        path.write_bytes(data[:length])
        assert cache.read(path, "k") is None
        warning = capsys.readouterr().err
        assert warning.count("\n") == 1 and "x.marshal: unreadable cache, rebuilt" in warning
        assert not path.exists()  # removed: reported once


def test_validity_key_follows_code_packages_and_settings(monkeypatch):
    key = cache.validity_key("entries", "vocabulary")
    assert key == cache.validity_key("entries", "vocabulary")
    assert key != cache.validity_key("entries", "vocabular", "y")  # parts do not merge
    assert key != cache.validity_key("entries", "other vocabulary")
    upgrade_a_package(monkeypatch)
    assert key != cache.validity_key("entries", "vocabulary")
    monkeypatch.undo()
    monkeypatch.setattr(builder.cache, "code_fingerprint", lambda: "another version")
    assert key != cache.validity_key("entries", "vocabulary")
    assert "pydantic-" in cache.installed_packages()


# The contract of the entry cache.

ENTRIES = {
    "minimal.md": "---\nid: minimal\ntitle: Nur das Nötigste\nsummary: Kurz.\n---\n",
    "complete.md": """---
id: vollstaendig
title: Alle Felder
kicker: Hamburg
date: 2025-02-03
date_hint: Anfang Februar
label: Bericht
regions: [Hamburg, Bund]
places: [Hamburg]
topics: [Smart City]
summary: Jedes Feld ist gesetzt.
sources:
  - {file: SOURCE, line: 3}
  - {file: SOURCE, line: 40}
section: Aus den Ländern
image: {alt: Ein Rathaus, credit: Foto Stadt}
status: draft
review: [title, topics]
---

Ein **Text** mit [Link](https://example.org/).
""",
    "explicit-nulls.md": """---
id: leere-werte
title: Leere Werte
kicker: null
date: null
image: null
regions: []
summary: Gesetzt, aber leer.
status: published
---
Text.
""",
}


def test_an_entry_from_the_cache_is_the_entry_parsed_afresh(project: Path, parses):
    assert digest("import", "-q").exit_code == 0
    content = project / "content"
    sources = content / "sources"
    source = sorted(path.name for path in sources.iterdir())[0]
    for name, text in ENTRIES.items():
        (content / "articles" / name).write_text(text.replace("SOURCE", source))
    store = project / "entries.marshal"
    first = load_content(content, cache=store)
    parses.clear()

    restored = load_content(content, cache=store)

    assert parses == []  # every entry from the cache
    assert first.errors == [] and len(restored.entries) == 75
    vocabulary = load_vocabulary(content / "topics.yaml")
    source_files = frozenset(path.name for path in sources.iterdir())
    fields_sets = set()
    for entry in restored.entries:
        fresh = read_entry(Path(restored.paths[entry.id]), vocabulary, sources,
                           source_files).entry
        assert entry == fresh
        assert entry.model_dump() == fresh.model_dump()
        assert entry.model_dump_json() == fresh.model_dump_json()  # fields in the same order
        assert entry.model_fields_set == fresh.model_fields_set
        for mine, theirs in zip((entry.image, *entry.sources), (fresh.image, *fresh.sources)):
            assert mine == theirs
            if mine is not None:
                assert mine.model_fields_set == theirs.model_fields_set
        fields_sets.add(frozenset(entry.model_fields_set))
    by_id = {entry.id: entry for entry in restored.entries}
    assert by_id["minimal"].model_fields_set == {"id", "title", "summary", "body"}
    assert by_id["vollstaendig"].image.model_fields_set == {"alt", "credit"}
    assert {"kicker", "date", "image", "regions"} <= by_id["leere-werte"].model_fields_set
    assert len(fields_sets) > 3  # entries with and without the optional fields
