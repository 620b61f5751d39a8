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

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args).stdout)

    def cloud(self) -> dict[str, dict[str, Any]]:
        """The sandbox's fake cloud: type -> id -> attributes."""
        store = json.loads((self.workdir / ".sandbox" / "cloud.json").read_text())
        return {kind: objects for kind, objects in store["objects"].items() if objects}


def make_cli(tmp_path: Path, terraform: str) -> Cli:
    directory = tmp_path / "cluster"
    shutil.copytree(EXAMPLE, directory)
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
