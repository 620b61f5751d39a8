"""The packet platform module, run as a Terraform shop would: a small root module
(fixtures/cluster) with a copy of terraform/ beside it, against the sandbox's stand-ins."""

from __future__ import annotations

import shutil
from pathlib import Path

from railyard.sandbox import prepare
from tests.conftest import REPO, scratch_env
from tests.sandbox.conftest import Sandboxed

MODULE = REPO / "terraform" / "platforms" / "packet"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "cluster"


def make_cluster(terraform: str, root: Path) -> Sandboxed:
    """A scratch copy of the fixture, terraform/ as its hcl/, and a sandbox for it."""
    workdir = root / "work"
    shutil.copytree(FIXTURE, workdir)
    shutil.copytree(REPO / "terraform", workdir / "hcl")
    sandbox_dir = workdir / ".sandbox"
    env = scratch_env(root / "home", **prepare(sandbox_dir))
    return Sandboxed(terraform, workdir, sandbox_dir, env)
