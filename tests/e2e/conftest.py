"""Running the real `railyard` command against the stand-in platforms in the sandbox."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, scratch_env

CLUSTER = """\
name: demo
platform: aws
ssh_authorized_keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGc4 demo"]
aws:
  region: eu-central-1
  dns_zone: example.com
  dns_zone_id: Z123ABC
  ssh_cidrs: [203.0.113.0/24]
controllers:
  count: 3
  snippets:
    - |
      systemd:
        units:
        - name: helloworld.service
          dropins:
          - name: 10-helloworld.conf
            contents: |
              [Install]
              WantedBy=multi-user.target
worker_pools:
  - name: general
    count: 2
  - name: spot
    count: 1
    spot_price: 0.05
    taints: ["spot=true:NoSchedule"]
"""


@dataclass
class Cli:
    """Runs `railyard` as a user would, in a scratch directory with a cluster file."""

    directory: Path
    env: dict[str, str]
    hcl_dir: Path

    @property
    def cluster_file(self) -> Path:
        return self.directory / "cluster.yaml"

    @property
    def workdir(self) -> Path:
        return self.directory / ".railyard" / "demo"

    def argv(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "railyard", *args]

    def start(self, *args: str) -> subprocess.Popen[str]:
        """`railyard ARGS` in the background, stdin closed, its output captured (for the
        tests that signal it, fill its disk or race it)."""
        return subprocess.Popen(
            self.argv(*args),
            cwd=self.directory,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def __call__(
        self, *args: str, input: str | None = None, timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.argv(*args),
            cwd=self.directory,
            env=self.env,
            input=input if input is not None else "",
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def ok(self, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
        done = self(*args, input=input)
        assert done.returncode == 0, f"railyard {' '.join(args)}: {done.stdout}\n{done.stderr}"
        return done

    def add_to_platform(self, name: str, hcl: str) -> None:
        """Extend the stand-in aws platform (a private copy) with extra HCL."""
        (self.hcl_dir / "platforms" / "aws" / name).write_text(hcl)


def _cli(tmp_path: Path, terraform: str, extra_env: dict[str, str]) -> Cli:
    hcl_dir = tmp_path / "hcl"
    shutil.copytree(FIXTURES / "hcl", hcl_dir)  # links become files: each test may edit its copy
    directory = tmp_path / "cluster"
    directory.mkdir()
    (directory / "cluster.yaml").write_text(CLUSTER)
    env = scratch_env(
        tmp_path / "home",
        TF_CLI_CONFIG_FILE=str(tmp_path / "no-such-terraformrc"),
        RAILYARD_HCL_DIR=str(hcl_dir),
        RAILYARD_TERRAFORM=terraform,
        RAILYARD_SANDBOX="1",
        COLUMNS="200",
        **extra_env,
    )
    return Cli(directory=directory, env=env, hcl_dir=hcl_dir)


@pytest.fixture
def cli(tmp_path: Path, terraform_bin: str) -> Cli:
    return _cli(tmp_path, terraform_bin, {})


def lines_containing(text: str, words: Sequence[str]) -> list[str]:
    return [line for line in text.splitlines() if all(word in line for word in words)]
