"""The batch runtime turns the cyclic collector off for a run and puts it back as it was;
an import in it writes what one outside it writes."""
import gc
from pathlib import Path

import pytest
from conftest import prepare_project, tree_digest

from builder.ingest import importer
from builder.runtime import BatchRuntime


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_off_in_the_run_and_as_it_was_after(enabled: bool):
    (gc.enable if enabled else gc.disable)()
    try:
        with BatchRuntime():
            assert not gc.isenabled()
            with BatchRuntime():  # a nested run leaves it to the outer one
                assert not gc.isenabled()
            assert not gc.isenabled()
        assert gc.isenabled() == enabled
        with pytest.raises(RuntimeError), BatchRuntime():
            raise RuntimeError("a failed run")
        assert gc.isenabled() == enabled
    finally:
        gc.enable()


def test_an_import_in_the_runtime_writes_what_one_without_it_writes(tmp_path: Path,
                                                                   geonames_cache: Path):
    trees = []
    for run, name in ((importer.run_import, "runtime"), (importer._run_import, "plain")):
        content = prepare_project(tmp_path / name, geonames_cache) / "content"
        result = run([content / "sources"], content / "articles", content, False)
        assert result.outcomes
        trees.append(tree_digest(content / "articles"))
    assert trees[0] == trees[1]
