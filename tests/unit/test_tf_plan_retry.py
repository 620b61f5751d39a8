"""A plan whose provider dropped its connection mid-call is tried once more, and only once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from railyard.terraform.binary import TerraformBinary
from railyard.terraform.diagnostics import TerraformError
from railyard.terraform.runner import Terraform

DROPPED = {
    "@level": "error",
    "type": "diagnostic",
    "diagnostic": {
        "severity": "error",
        "summary": "Plugin error",
        "detail": "The plugin returned an unexpected error from "
        "plugin6.(*GRPCProvider).UpgradeResourceState: rpc error: code = Internal desc = "
        "unexpected EOF",
    },
}
OTHER = {**DROPPED, "diagnostic": {"severity": "error", "summary": "Invalid reference"}}
PLANNED = {
    "type": "planned_change",
    "change": {"resource": {"addr": "null_resource.a", "module": ""}, "action": "create"},
}


def fake_terraform(tmp_path: Path, failures: list[dict[str, object]]) -> Terraform:
    """A terraform whose first len(failures) plans fail with those diagnostics."""
    script = tmp_path / "terraform"
    counter = tmp_path / "plans"
    lines = []
    for index, diagnostic in enumerate(failures):
        lines.append(
            f'if [ "$(cat {counter} 2>/dev/null || echo 0)" = {index} ]; then\n'
            f"  echo {index + 1} > {counter}\n  echo '{json.dumps(diagnostic)}'\n  exit 1\nfi\n"
        )
    script.write_text("#!/bin/sh\n" + "".join(lines) + f"echo '{json.dumps(PLANNED)}'\nexit 2\n")
    script.chmod(0o755)
    binary = TerraformBinary(path=script, version=(1, 0, 3), flavor="terraform")
    return Terraform(binary=binary, workdir=tmp_path, notify=lambda message: None)


def plans_run(tmp_path: Path) -> int:
    return len(list((tmp_path / "logs").glob("*-plan*.log")))


def test_a_dropped_provider_connection_is_planned_once_more(tmp_path: Path) -> None:
    run = fake_terraform(tmp_path, [DROPPED]).plan(tmp_path / "p.tfplan")
    assert run.has_changes and [c.resource.addr for c in run.changes] == ["null_resource.a"]
    assert plans_run(tmp_path) == 2


def test_a_second_drop_is_reported(tmp_path: Path) -> None:
    with pytest.raises(TerraformError, match="unexpected EOF"):
        fake_terraform(tmp_path, [DROPPED, DROPPED]).plan(tmp_path / "p.tfplan")
    assert plans_run(tmp_path) == 2


def test_other_errors_are_not_retried(tmp_path: Path) -> None:
    with pytest.raises(TerraformError, match="Invalid reference"):
        fake_terraform(tmp_path, [OTHER]).plan(tmp_path / "p.tfplan")
    assert plans_run(tmp_path) == 1
