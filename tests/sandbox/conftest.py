"""Fixtures for the sandbox tests: a prepared sandbox and a terraform runner using it."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from railyard.sandbox import prepare
from tests.conftest import scratch_env

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class Sandboxed:
    """A copy of a fixture module, a sandbox for it and a way to run terraform there."""

    terraform: str
    workdir: Path
    sandbox_dir: Path
    env: dict[str, str]

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [self.terraform, f"-chdir={self.workdir}", *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=300,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"terraform {' '.join(args)} exited {result.returncode}\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result


def make_sandboxed(terraform: str, fixture: str, root: Path) -> Sandboxed:
    workdir = root / "work"
    shutil.copytree(FIXTURES / fixture, workdir)
    sandbox_dir = workdir / ".sandbox"
    env = scratch_env(root / "home", **prepare(sandbox_dir))
    return Sandboxed(terraform, workdir, sandbox_dir, env)


@pytest.fixture
def sandboxed(terraform_bin: str, tmp_path: Path) -> Callable[[str], Sandboxed]:
    """sandboxed("fixture-dir") -> a fresh sandboxed copy of that fixture module."""
    return lambda fixture: make_sandboxed(terraform_bin, fixture, tmp_path)
