"""The CI files railyard ships are valid for their CI systems (check-jsonschema's vendored
schemas, offline), and the pre-commit hook runs `railyard validate` on a cluster file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.ci_files import ACTION, GITHUB_WORKFLOW, GITLAB_CI, PRE_COMMIT_HOOKS, load

CHECK_JSONSCHEMA = str(Path(sys.executable).parent / "check-jsonschema")


@pytest.mark.parametrize(
    ("path", "schema"),
    [
        (ACTION, "vendor.github-actions"),
        (GITHUB_WORKFLOW, "vendor.github-workflows"),
        (GITLAB_CI, "vendor.gitlab-ci"),
    ],
)
def test_ci_file_matches_its_schema(path: Path, schema: str) -> None:
    done = subprocess.run(
        [CHECK_JSONSCHEMA, "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_check_jsonschema_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "workflow.yml"
    broken.write_text(GITHUB_WORKFLOW.read_text().replace("runs-on:", "runs_on:", 1))
    done = subprocess.run(
        [CHECK_JSONSCHEMA, "--builtin-schema", "vendor.github-workflows", str(broken)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1


def test_examples_pin_one_release_and_use_the_action() -> None:
    workflow = GITHUB_WORKFLOW.read_text()
    drift_steps = load(GITHUB_WORKFLOW)["jobs"]["drift"]["steps"]
    assert any(str(s.get("uses", "")).startswith("OWNER/railyard@v") for s in drift_steps)
    assert "--no-lock" in ACTION.read_text() and "--no-lock" in GITLAB_CI.read_text()
    assert "$GITHUB_STEP_SUMMARY" in workflow and "--shard" in GITLAB_CI.read_text()


def test_pre_commit_hook_runs_railyard_validate() -> None:
    (hook,) = load(PRE_COMMIT_HOOKS)
    assert hook["id"] == "railyard-validate"
    assert hook["language"] == "python"  # pre-commit installs this repository with pip
    assert hook["entry"].split()[:2] == ["railyard", "validate"]
    assert hook["pass_filenames"] is False
