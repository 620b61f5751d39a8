"""Running the real `railyard` on the real terraform/ tree in the sandbox, with a copy of
examples/gcp as the cluster (the aws tests' Cli, on another example)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.aws.conftest import Cli, make_cli
from tests.conftest import REPO

EXAMPLE = REPO / "examples" / "gcp"
MODULE = REPO / "terraform" / "platforms" / "gcp"


def make_gcp_cli(tmp_path: Path, terraform: str) -> Cli:
    return make_cli(tmp_path, terraform, EXAMPLE)


@pytest.fixture
def cli(tmp_path: Path, terraform_bin: str) -> Cli:
    return make_gcp_cli(tmp_path, terraform_bin)
