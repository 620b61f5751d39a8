"""A fleet in the sandbox, driven by the shipped CI files' own commands.

Cluster files from examples/ sit under one directory; the example GitHub workflow's `clusters`
step lists them (its JSON is the drift matrix), each is applied, one is changed behind
terraform's back, and the action's drift step, run once per matrix entry, reports exactly
that one (exit 2, a failing JUnit case, a drift section in its step summary) and the others
clean. The reports railyard prints validate against their published schemas.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from railyard.report.schemas import report_schema
from tests.ci_files import ACTION, GITHUB_WORKFLOW, load, run_step, step
from tests.conftest import REPO, scratch_env

pytestmark = pytest.mark.slow

MUTATED = "module.cluster.aws_vpc.network"


# Directory under clusters/ -> the example it copies.
FLEET = {"aws": "aws", "metal": "bare-metal", "packet": "packet"}


@dataclass
class Fleet:
    root: Path  # the repository's root: the workflow's commands run here
    env: dict[str, str]

    def railyard(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "railyard", *args],
            cwd=self.root,
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=900,
        )

    def ok(self, *args: str) -> subprocess.CompletedProcess[str]:
        done = self.railyard(*args)
        assert done.returncode == 0, f"railyard {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
        return done


@pytest.fixture
def fleet(tmp_path: Path, terraform_bin: str) -> Fleet:
    root = tmp_path / "repo"
    for directory, example in FLEET.items():
        shutil.copytree(REPO / "examples" / example, root / "clusters" / directory)
    workflow_env = {name: str(value) for name, value in load(GITHUB_WORKFLOW)["env"].items()}
    env = scratch_env(
        tmp_path / "home",
        PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}",  # `railyard`, as installed
        **workflow_env,
        TF_CLI_CONFIG_FILE=str(tmp_path / "no-such-terraformrc"),
        RAILYARD_TERRAFORM=terraform_bin,
        RAILYARD_SANDBOX="1",
    )
    return Fleet(root=root, env=env)


def _validate(report: str, document: Any) -> None:
    errors = jsonschema.Draft202012Validator(report_schema(report)).iter_errors(document)
    assert [error.message for error in errors] == []


def test_nightly_drift_over_a_fleet_reports_the_one_cluster_that_drifted(
    fleet: Fleet, tmp_path: Path
) -> None:
    workflow = load(GITHUB_WORKFLOW)
    outputs = tmp_path / "github-output"
    listed = run_step(
        step(workflow["jobs"]["clusters"]["steps"], "clusters"),
        {},
        {**fleet.env, "GITHUB_OUTPUT": str(outputs)},
        fleet.root,
    )
    assert listed.returncode == 0, listed.stderr
    (line,) = outputs.read_text().splitlines()
    key, _, value = line.partition("=")
    matrix = json.loads(value)
    assert key == "matrix"
    assert [(c["path"], c["platform"]) for c in matrix] == [
        ("clusters/aws/cluster.yaml", "aws"),
        ("clusters/metal/cluster.yaml", "bare-metal"),
        ("clusters/packet/cluster.yaml", "packet"),
    ]
    assert len({c["slug"] for c in matrix}) == len(matrix)

    for cluster in matrix:
        applied = fleet.ok("apply", "--auto-approve", "-c", cluster["path"])
        log = applied.stdout + applied.stderr  # as a CI log gets it: no colours, no redraws
        assert "\x1b" not in log and "\r" not in log and "created" in log
    fleet.ok("sandbox", "mutate", MUTATED, "tags.Name=changed-by-hand", "-c", matrix[0]["path"])

    drift_step = step(load(ACTION)["runs"]["steps"], "drift")
    codes = {}
    for cluster in matrix:
        junit = fleet.root / f"{cluster['slug']}.xml"
        summary = tmp_path / f"summary-{cluster['slug']}.md"
        context = {
            "inputs.cluster": cluster["path"],
            "inputs.junit-file": junit.name,
            "inputs.no-lock": "true",
        }
        step_env = {
            **fleet.env,
            "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_OUTPUT": str(tmp_path / f"output-{cluster['slug']}"),
        }
        done = run_step(drift_step, context, step_env, fleet.root)
        assert done.returncode in (0, 2), done.stderr
        codes[cluster["path"]] = done.returncode
        exit_output = (tmp_path / f"output-{cluster['slug']}").read_text()
        assert exit_output == f"exit-code={done.returncode}\n"

        suite = ET.parse(junit).getroot().find("testsuite")
        assert suite is not None
        failed = [
            str(case.get("name"))
            for case in suite.iter("testcase")
            if case.find("failure") is not None
        ]
        markdown = summary.read_text()
        assert markdown.startswith(f"## {cluster['name']} (`{cluster['path']}`)")
        if done.returncode == 2:
            assert failed == [MUTATED]
            assert "### Drift: 1 of" in markdown and MUTATED in markdown
        else:
            assert failed == [] and int(str(suite.get("tests"))) > 0
            assert "### No drift" in markdown
    assert codes == {
        "clusters/aws/cluster.yaml": 2,
        "clusters/metal/cluster.yaml": 0,
        "clusters/packet/cluster.yaml": 0,
    }

    # Every report's JSON matches its published schema, on real clusters.
    drifted = fleet.railyard("drift", "--format", "json", "-c", matrix[0]["path"])
    assert drifted.returncode == 2
    _validate("drift", json.loads(drifted.stdout))
    for cluster in matrix:
        _validate("status", json.loads(fleet.ok("status", "--json", "-c", cluster["path"]).stdout))
        _validate("plan", json.loads(fleet.ok("plan", "--json", "-c", cluster["path"]).stdout))

    # The pull-request job's plan step, on the clean cluster: its summary says so.
    summary = tmp_path / "plan-summary.md"
    planned = run_step(
        step(workflow["jobs"]["plan"]["steps"], "plan"),
        {"matrix.path": matrix[1]["path"]},
        {**fleet.env, "GITHUB_STEP_SUMMARY": str(summary)},
        fleet.root,
    )
    assert planned.returncode == 0, planned.stderr
    assert summary.read_text() == (
        f"## metal (`{matrix[1]['path']}`)\n\n"
        "### No changes\n\nThe infrastructure matches the configuration.\n\n"
    )
