"""Running the real `railyard` on the real terraform/ tree in the sandbox, with a copy of
examples/azure as the cluster (the same runner as tests/aws)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.aws.conftest import Cli, make_cli
from tests.conftest import REPO

EXAMPLE = REPO / "examples" / "azure"
MODULE = REPO / "terraform" / "platforms" / "azure"


def make_azure_cli(tmp_path: Path, terraform: str) -> Cli:
    return make_cli(tmp_path, terraform, EXAMPLE)


@pytest.fixture
def cli(tmp_path: Path, terraform_bin: str) -> Cli:
    return make_azure_cli(tmp_path, terraform_bin)
