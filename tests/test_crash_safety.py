"""One writer at a time, and every folder swap recoverable: real processes, killed at every
named point of an import's and a build's swap (builder.faults), and run two at a time."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import digest_subprocess, tree_digest

from builder.faults import BUILD_POINTS, FIRST_IMPORT_POINTS, IMPORT_POINTS
from builder.fsutil import create_file, replace_file

HAMBURG = "2025/2025-01-22-hamburg-neue-digitalstrategie-vorgestellt.md"
MUENCHEN = "2025/2025-02-13-muenchen-fortschreibung-der-digitalisierungsstrategie.md"
KOELN = "2015/2015-10-21-internetwoche-koeln-kommunen-fordern-zusammenarbeit.md"
EDITED_TITLE = "title: Hamburg legt Digitalstrategie vor"


def run(project: Path, *args: str, fault: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "DIGEST_FAULT": fault} if fault else None
    return digest_subprocess(*args, cwd=project, env=env)


def copy_project(source: Path, target: Path) -> Path:
    """A copy with a cache folder of its own (the fixture's cache is shared between tests)."""
    shutil.copytree(source, target, symlinks=True, ignore=shutil.ignore_patterns(".cache"))
    shutil.copytree((source / ".cache").resolve(), target / ".cache")
    return target


@pytest.fixture(scope="module")
def edited(tmp_path_factory, geonames_cache) -> Path:
    """A project after an import and an editor's day (one entry edited, one rejected, one
    deleted), with vocabulary changes that make the next import refresh many entries."""
    from conftest import prepare_project
    project = prepare_project(tmp_path_factory.mktemp("edited"), geonames_cache)
    assert run(project, "import", "-q").returncode == 0
    articles = project / "content/articles"
    hamburg = articles / HAMBURG
    hamburg.write_text(hamburg.read_text().replace("title: Neue Digitalstrategie vorgestellt",
                                                   EDITED_TITLE))
    muenchen = articles / MUENCHEN
    muenchen.write_text(muenchen.read_text().replace("status: published", "status: rejected"))
    (articles / KOELN).unlink()
    topics = project / "content/topics.yaml"
    topics.write_text(topics.read_text().replace("max_topics: 3", "max_topics: 1"))
    return project


def assert_editors_work_kept(articles: Path) -> None:
    assert EDITED_TITLE in (articles / HAMBURG).read_text()
    assert "status: rejected" in (articles / MUENCHEN).read_text()
    assert not (articles / KOELN).exists()


@pytest.fixture(scope="module")
def imported(edited: Path, tmp_path_factory) -> dict[str, dict[str, str]]:
    """The articles folder before and after an import that nothing interrupts."""
    reference = copy_project(edited, tmp_path_factory.mktemp("reference") / "p")
    result = run(reference, "import", "-q")
    assert result.returncode == 0, result.stderr
    assert " refreshed" in result.stdout and "0 refreshed" not in result.stdout
    assert_editors_work_kept(reference / "content/articles")
    return {"before": tree_digest(edited / "content/articles"),
            "after": tree_digest(reference / "content/articles")}


IMPORT_KILLS = [f"kill:{point}" for point in IMPORT_POINTS] + ["kill:import.staging:7",
                                                                "kill:journal.moving:5"]


@pytest.mark.parametrize("fault", IMPORT_KILLS)
def test_an_import_killed_at_any_step_loses_nothing(fault, edited, imported, tmp_path):
    project = copy_project(edited, tmp_path / "p")
    killed = run(project, "import", "-q", fault=fault)
    assert killed.returncode == -9, f"{fault} was never reached: {killed.stderr}"
    check = run(project, "check")          # repairs first, then reads a complete folder
    articles = project / "content/articles"
    state = tree_digest(articles)
    assert state in (imported["before"], imported["after"]), "check saw a half-swapped folder"
    assert "71 entries checked: 0 errors" in check.stdout  # 72 imported, 1 deleted
    assert not [p for p in (project / "content").iterdir() if p.name.startswith(".articles")]
    again = run(project, "import", "-q")
    assert again.returncode == 0, again.stderr
    assert "cut off" in again.stderr or "cut off" in check.stderr
    assert tree_digest(articles) == imported["after"]
    assert_editors_work_kept(articles)


@pytest.mark.parametrize("fault", [f"kill:{point}" for point in FIRST_IMPORT_POINTS]
                         + ["kill:import.staging:9"])
def test_a_first_import_killed_at_any_step_leaves_no_folder_or_a_whole_one(fault, edited, tmp_path):
    """Into a folder that does not exist yet, the staged files become the folder at once."""
    reference = copy_project(edited, tmp_path / "reference")
    assert run(reference, "import", "-q", "--into", "fresh").returncode == 0
    whole = tree_digest(reference / "fresh")
    assert len(whole) == 73  # 72 entries and the import state
    project = copy_project(edited, tmp_path / "p")
    killed = run(project, "import", "-q", "--into", "fresh", fault=fault)
    assert killed.returncode == -9, f"{fault} was never reached: {killed.stderr}"
    assert not (project / "fresh").exists()
    again = run(project, "import", "-q", "--into", "fresh")
    assert again.returncode == 0, again.stderr
    assert tree_digest(project / "fresh") == whole
    assert not [p for p in project.iterdir() if p.name.startswith(".fresh")]


def test_a_build_after_a_killed_import_sees_the_completed_import(edited, imported, tmp_path):
    project = copy_project(edited, tmp_path / "p")
    assert run(project, "import", "-q", fault="kill:journal.moving:3").returncode == -9
    built = run(project, "build", "-q")
    assert built.returncode == 0, built.stderr
    assert tree_digest(project / "content/articles") == imported["after"]
    assert len(list((project / "site/artikel").iterdir())) == 70  # 71, one rejected


def test_what_an_editor_saves_during_an_import_is_never_lost(edited, tmp_path):
    """An edit to an entry the import is about to refresh stops the import (nothing written);
    a file created meanwhile is left alone."""
    project = copy_project(edited, tmp_path / "p")
    articles = project / "content/articles"
    release = tmp_path / "release"
    release.touch()
    holder = start(project, "import", "-q", fault=f"hold:import.planned:{release}")
    try:
        wait_for(Path(f"{release}.held"), holder)
        refreshed = next(path for path in sorted(articles.rglob("*.md"))
                         if path.name not in (Path(HAMBURG).name, Path(MUENCHEN).name))
        saved = refreshed.read_text().replace("status: published", "status: draft")
        refreshed.write_text(saved)
        (articles / "2025" / "von-hand.md").write_text("---\nid: von-hand\n---\n")
        before = tree_digest(articles)
    finally:
        release.unlink()
        out, err = holder.communicate(timeout=120)
    assert holder.returncode == 1 and err.count("\n") == 1, err
    assert "changed while the import ran" in err and refreshed.name in err
    assert tree_digest(articles) == before
    again = run(project, "import", "-q")
    assert again.returncode == 0, again.stderr
    assert refreshed.read_text() == saved
    assert (articles / "2025" / "von-hand.md").exists()


@pytest.fixture(scope="module")
def imported_project(edited: Path, tmp_path_factory) -> Path:
    """The edited project imported."""
    project = copy_project(edited, tmp_path_factory.mktemp("imported") / "p")
    assert run(project, "import", "-q").returncode == 0
    return project


def built_then_edited(imported_project: Path, folder: Path) -> Path:
    """A copy of the project, built (the build records are kept per output folder, so each
    copy builds its own), then one entry edited and one deleted."""
    project = copy_project(imported_project, folder)
    result = run(project, "build", "-q")
    assert result.returncode == 0, result.stderr
    articles = project / "content/articles"
    hamburg = articles / HAMBURG
    hamburg.write_text(hamburg.read_text().replace(EDITED_TITLE, "title: Hamburgs Strategie"))
    next(articles.glob("2024/*.md")).unlink()
    return project


@pytest.fixture(scope="module")
def site_after(imported_project: Path, tmp_path_factory) -> dict[str, str]:
    """The site that a build after the edits makes when nothing interrupts it."""
    reference = built_then_edited(imported_project, tmp_path_factory.mktemp("site") / "p")
    result = run(reference, "build", "-q")
    assert result.returncode == 0, result.stderr
    return tree_digest(reference / "site")


INCREMENTAL_KILLS = ["kill:build.rendered", "kill:journal.written", "kill:journal.moving",
                     "kill:journal.moving:3", "kill:journal.deleting", "kill:build.committed"]
FULL_KILLS = ["kill:swap.staged", "kill:swap.retired", "kill:swap.replaced"]


def test_every_build_point_is_tested():
    tested = {fault.split(":")[1] for fault in INCREMENTAL_KILLS + FULL_KILLS}
    assert tested == set(BUILD_POINTS)


@pytest.mark.parametrize("fault", INCREMENTAL_KILLS + FULL_KILLS)
def test_a_build_killed_at_any_step_is_repaired_by_the_next(fault, imported_project, site_after,
                                                             tmp_path):
    project = built_then_edited(imported_project, tmp_path / "p")
    full = fault in FULL_KILLS  # a --clean build replaces the whole folder in two renames
    killed = run(project, "build", "-q", *(["--clean"] if full else []), fault=fault)
    assert killed.returncode == -9, f"{fault} was never reached: {killed.stderr}"
    again = run(project, "build")
    assert again.returncode == 0, again.stderr
    assert tree_digest(project / "site") == site_after
    assert "wrote 0 of" in run(project, "build").stdout
    assert not [p for p in project.iterdir() if p.name.startswith(".site.")]


def start(project: Path, *args: str, fault: str | None = None) -> subprocess.Popen:
    env = {**os.environ, **({"DIGEST_FAULT": fault} if fault else {})}
    return subprocess.Popen([sys.executable, "-m", "builder", *args], cwd=project, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(path: Path, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)


@pytest.mark.parametrize("first", [("import", "-q"), ("build", "-q")])
def test_a_second_command_is_refused_while_one_runs(first, edited, tmp_path):
    project = copy_project(edited, tmp_path / "p")
    release = tmp_path / "release"
    release.touch()
    point = "import.planned" if first[0] == "import" else "build.rendered"
    holder = start(project, *first, fault=f"hold:{point}:{release}")
    try:
        wait_for(Path(f"{release}.held"), holder)
        for second in (("import", "-q"), ("build", "-q"), ("check",), ("new", "Titel")):
            refused = run(project, *second)
            assert refused.returncode == 1, (second, refused.stdout, refused.stderr)
            assert refused.stderr.count("\n") == 1, refused.stderr
            assert f"busy: digest {first[0]} (pid {holder.pid}" in refused.stderr
    finally:
        release.unlink()
        out, err = holder.communicate(timeout=120)
    assert holder.returncode == 0, err
    assert_editors_work_kept(project / "content/articles")


def test_two_imports_started_together_keep_every_entry_and_edit(edited, imported, tmp_path):
    for attempt in range(3):
        project = copy_project(edited, tmp_path / f"p{attempt}")
        processes = [start(project, "import", "-q") for _ in range(2)]
        results = [(p.wait(timeout=120), p.communicate()[1]) for p in processes]
        for code, err in results:
            assert code == 0 or (code == 1 and "busy: digest import" in err), err
        assert tree_digest(project / "content/articles") == imported["after"]


def test_two_builds_started_together_leave_a_correct_site(imported_project, site_after,
                                                          tmp_path):
    project = built_then_edited(imported_project, tmp_path / "p")
    processes = [start(project, "build", "-q") for _ in range(2)]
    for process in processes:
        code = process.wait(timeout=120)
        assert code == 0 or "busy: digest build" in process.communicate()[1]
    after = run(project, "build")
    assert after.returncode == 0 and "wrote 0 of" in after.stdout, after.stdout + after.stderr
    assert tree_digest(project / "site") == site_after


def test_a_lock_left_by_a_killed_run_is_not_obeyed(edited, tmp_path):
    project = copy_project(edited, tmp_path / "p")
    assert run(project, "import", "-q", fault="kill:import.planned").returncode == -9
    assert "digest import (pid" in (project / ".digest.lock").read_text()
    again = run(project, "import", "-q")
    assert again.returncode == 0, again.stderr
    assert "an earlier run (digest import (pid" in again.stderr
    assert (project / ".digest.lock").read_text() == ""


def test_a_build_with_a_content_error_still_completes_a_cut_off_one(imported_project, site_after,
                                                                    tmp_path):
    project = built_then_edited(imported_project, tmp_path / "p")
    assert run(project, "build", "-q", fault="kill:journal.moving:2").returncode == -9
    broken = project / "content/articles/kaputt.md"
    broken.write_text("---\ntitle: ohne id\n---\n")
    failed = run(project, "build", "-q")
    assert failed.returncode == 1 and "nothing was built" in failed.stderr
    assert not (project / ".site.new").exists()
    broken.unlink()
    assert tree_digest(project / "site") == site_after  # the cut-off update, completed


def test_a_staged_file_has_the_bytes_replace_file_writes_and_never_goes_through_a_link(tmp_path):
    """`create_file`, which stages an import's files, writes what `replace_file` writes, makes
    missing folders, and refuses a path that exists (a file or a link) instead of writing
    through it."""
    data = "---\nid: ä\n---\n\nText\n".encode()
    replace_file(tmp_path / "plain" / "2024" / "a.md", data)
    create_file(str(tmp_path / "staged" / "2024" / "a.md"), data)
    assert (tmp_path / "staged" / "2024" / "a.md").read_bytes() == \
        (tmp_path / "plain" / "2024" / "a.md").read_bytes()
    (tmp_path / "staged" / "link.md").symlink_to(tmp_path / "plain" / "2024" / "a.md")
    for existing in ("2024/a.md", "link.md"):
        with pytest.raises(FileExistsError):
            create_file(str(tmp_path / "staged" / existing), b"other")
    assert (tmp_path / "plain" / "2024" / "a.md").read_bytes() == data
