"""checkov on the platform modules (terraform framework) and on a sandbox plan of the aws
example (terraform_plan framework). Accepted findings are in tests/checkov/baseline.yaml
with their reasons; a new one fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.checkov import run
from tests.conftest import REPO

pytestmark = pytest.mark.slow


def test_platform_modules_have_no_new_checkov_findings(tmp_path: Path) -> None:
    found = run.findings("terraform", REPO / "terraform" / "platforms", tmp_path / "home")
    assert found, "checkov found nothing at all: is it reading the modules?"
    run.check_against_baseline("terraform", found)


def test_example_plan_has_no_new_checkov_findings(example_plan: Path, tmp_path: Path) -> None:
    found = run.findings("terraform_plan", example_plan, tmp_path / "home")
    assert found, "checkov found nothing at all: is it reading the plan?"
    run.check_against_baseline("terraform_plan", found)
