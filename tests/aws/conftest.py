"""Running the real `railyard` on the real terraform/ tree (no RAILYARD_HCL_DIR) in the
sandbox, with a copy of examples/aws as the cluster."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from railyard.sandbox import prepare
from tests.conftest import REPO, scratch_env

EXAMPLE = REPO / "examples" / "aws"
MODULE = REPO / "terraform" / "platforms" / "aws"


@dataclass
class Cli:
    """`railyard` run as a user would, in a scratch copy of the example."""

    directory: Path
    env: dict[str, str]

    @property
    def cluster_file(self) -> Path:
        return self.directory / "cluster.yaml"

    @property
    def workdir(self) -> Path:
        return self.directory / ".railyard" / "demo"

    def __call__(
        self, *args: str, timeout: float = 600, answer: str = ""
    ) -> subprocess.CompletedProcess[str]:
        """`answer` is what the person types at a confirmation."""
        return subprocess.run(
            [sys.executable, "-m", "railyard", *args],
            cwd=self.directory,
            env=self.env,
            input=answer,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def ok(self, *args: str, answer: str = "") -> subprocess.CompletedProcess[str]:
        done = self(*args, answer=answer)
        assert done.returncode == 0, f"railyard {' '.join(args)}: {done.stdout}\n{done.stderr}"
        return done

    def refuses(self, expected: str) -> None:
        """`validate` fails with one message that starts with `expected`, no traceback."""
        done = self("validate")
        assert done.returncode == 1
        assert done.stderr.startswith(f"error: {expected}"), done.stderr
        assert "Traceback" not in done.stderr

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args).stdout)

    def planned(self) -> dict[str, Any]:
        """`terraform show -json` of the plan `railyard plan` saved (holds secrets: tests
        only), run with the workspace's own sandbox."""
        env = {**self.env, **prepare(self.workdir / ".sandbox")}
        terraform = self.env["RAILYARD_TERRAFORM"]
        shown = subprocess.run(
            [terraform, f"-chdir={self.workdir}", "show", "-json", "railyard.tfplan"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        return dict(json.loads(shown.stdout))

    def cloud(self) -> dict[str, dict[str, Any]]:
        """The sandbox's fake cloud: type -> id -> attributes."""
        store = json.loads((self.workdir / ".sandbox" / "cloud.json").read_text())
        return {kind: objects for kind, objects in store["objects"].items() if objects}


def make_cli(tmp_path: Path, terraform: str, example: Path = EXAMPLE) -> Cli:
    """`railyard` in a scratch copy of `example` (a directory under examples/)."""
    directory = tmp_path / "cluster"
    shutil.copytree(example, directory)
    env = scratch_env(
        tmp_path / "home",
        TF_CLI_CONFIG_FILE=str(tmp_path / "no-such-terraformrc"),
        RAILYARD_TERRAFORM=terraform,
        RAILYARD_SANDBOX="1",
        COLUMNS="200",
    )
    return Cli(directory=directory, env=env)


@pytest.fixture
def cli(tmp_path: Path, terraform_bin: str) -> Cli:
    return make_cli(tmp_path, terraform_bin)


@pytest.fixture(scope="session")
def example_plan(terraform_bin: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`show -json` of a sandbox plan of examples/aws, made once per session (it holds the
    plan's secrets: it stays in the test's scratch directory)."""
    cli = make_cli(tmp_path_factory.mktemp("example-plan"), terraform_bin)
    cli.ok("plan")
    path = cli.directory / "plan.json"
    path.write_text(json.dumps(cli.planned()))
    return path
