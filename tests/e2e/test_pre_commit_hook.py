"""The pre-commit hook's own command, as pre-commit runs it (entry + args, no file names),
on a copy of examples/aws: valid as shipped, and a broken snippet fails it at its line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ci_files import PRE_COMMIT_HOOKS, load
from tests.conftest import REPO, scratch_env

pytestmark = pytest.mark.slow


def test_hook_validates_cluster_file_and_snippets(tmp_path: Path, terraform_bin: str) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(REPO / "examples" / "aws", repo / "clusters" / "prod")
    (hook,) = load(PRE_COMMIT_HOOKS)
    argv = [*hook["entry"].split(), "-c", "clusters/prod/cluster.yaml"]  # the user's args
    env = scratch_env(
        tmp_path / "home",
        PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        TF_CLI_CONFIG_FILE=str(tmp_path / "no-such-terraformrc"),
        RAILYARD_TERRAFORM=terraform_bin,
    )

    def hook_run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(argv, cwd=repo, env=env, capture_output=True, text=True, timeout=600)

    done = hook_run()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "valid:" in done.stderr

    snippet = repo / "clusters" / "prod" / "snippets" / "controller.yaml"
    snippet.write_text(snippet.read_text().replace("storage:", "storage: [", 1))
    done = hook_run()
    assert done.returncode == 1
    assert "snippets/controller.yaml:" in done.stderr and "Traceback" not in done.stderr
