"""The runtime of a command: the collector off in a batch and back as it was after, worker
processes only where forking is safe, learnt state merged back from them, and an import in
a batch writing what one outside it writes."""
import gc
import os
import signal
import threading
from pathlib import Path

import pytest
from conftest import prepare_project, tree_digest

from builder import runtime as runtime_module
from builder.ingest import importer
from builder.runtime import Runtime


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_off_in_a_batch_and_as_it_was_after(enabled: bool):
    (gc.enable if enabled else gc.disable)()
    runtime = Runtime()
    try:
        with runtime.batch():
            assert not gc.isenabled()
            with runtime.batch():  # a nested batch leaves it to the outer one
                assert not gc.isenabled()
            assert not gc.isenabled()
        assert gc.isenabled() == enabled
        with pytest.raises(RuntimeError), runtime.batch():
            runtime.keep_loaded()
            assert gc.isenabled() and gc.get_freeze_count() > 0
            raise RuntimeError("a failed run")
        assert gc.isenabled() == enabled
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
        gc.enable()


class Learnt:
    """A collector: the words a task saw."""

    def __init__(self) -> None:
        self.words: set[str] = set()
        self._new: set[str] = set()

    def see(self, word: str) -> str:
        if word not in self.words:
            self.words.add(word)
            self._new.add(word)
        return word.upper()

    def take(self) -> set[str]:
        new, self._new = self._new, set()
        return new

    def merge(self, taken: set[str]) -> None:
        self.words |= taken


def test_map_runs_in_worker_processes_in_order_and_merges_what_they_learnt():
    runtime = Runtime(workers=2)
    learnt = Learnt()
    learnt.see("vorher")
    words = [f"wort{number}" for number in range(60)]
    results = list(runtime.map(lambda word: (learnt.see(word), os.getpid()), words, 2, chunk=5,
                               collectors=[learnt]))
    assert [word for word, _ in results] == [word.upper() for word in words]
    pids = {pid for _, pid in results}
    assert pids and os.getpid() not in pids
    assert learnt.words == {"vorher", *words}
    assert sorted(runtime.map(str, range(50), 2, ordered=False)) == sorted(map(str, range(50)))


def test_map_never_forks_alongside_threads_and_waits_for_background_jobs():
    runtime = Runtime(workers=2)
    with runtime.alongside_threads():  # as while `digest serve`'s server runs
        assert {pid for pid in runtime.map(lambda _: os.getpid(), range(20), 2)} == {os.getpid()}
    done = []
    runtime.background(lambda: (threading.Event().wait(0.2), done.append(True)), "job")
    pids = set(runtime.map(lambda _: os.getpid(), range(20), 2))
    assert done == [True] and os.getpid() not in pids  # waited for the job, then forked


def test_small_maps_and_one_core_stay_in_this_process(monkeypatch):
    assert set(Runtime(workers=2).map(lambda _: os.getpid(), range(3), 10)) == {os.getpid()}
    monkeypatch.setattr(runtime_module, "_cores", lambda: 1)
    assert set(Runtime().map(lambda _: os.getpid(), range(30), 2)) == {os.getpid()}


def test_an_import_in_a_batch_writes_what_one_without_it_writes(tmp_path: Path,
                                                               geonames_cache: Path):
    trees = []
    for run, name in ((importer.run_import, "batch"), (importer._run_import, "plain")):
        content = prepare_project(tmp_path / name, geonames_cache) / "content"
        result = run([content / "sources"], content / "articles", content, False, Runtime())
        assert result.outcomes
        trees.append(tree_digest(content / "articles"))
    assert trees[0] == trees[1]


def test_workers_end_quietly_on_the_pools_sigterm_whatever_the_parent_does_with_it():
    """`digest serve` turns SIGTERM into Ctrl-C; its render workers, which the pool ends with
    SIGTERM, must not inherit that (each printed a KeyboardInterrupt traceback)."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    before = signal.signal(signal.SIGTERM, interrupt)
    try:
        defaults = set(Runtime(workers=2).map(
            lambda _: signal.getsignal(signal.SIGTERM) is signal.SIG_DFL, range(40), 2, chunk=5))
    finally:
        signal.signal(signal.SIGTERM, before)
    assert defaults == {True}
