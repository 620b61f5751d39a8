"""checkov (kubernetes framework) on every manifest the bootstrap module renders: static
pods, add-ons and FLUO, for each fixture cluster. Accepted findings are in
tests/checkov/baseline.yaml with their reasons; a new one fails."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.checkov import run

from .helpers import MANIFEST_DIRS

pytestmark = pytest.mark.slow


def test_manifests_have_no_new_checkov_findings(cluster: dict[str, Any], tmp_path: Path) -> None:
    manifests = tmp_path / "manifests"
    for name, outputs in cluster.items():
        for path, text in outputs["assets"].items():
            if path.startswith(MANIFEST_DIRS) and path.endswith(".yaml"):
                target = manifests / name / path.lstrip("/")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text)
    found = run.findings("kubernetes", manifests, tmp_path / "home")
    assert found, "checkov found nothing at all: is it reading the manifests?"
    run.check_against_baseline("kubernetes", found)
