"""Diagnostics from real `validate -json` output and real stderr, and how errors read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from railyard.terraform.diagnostics import (
    Diagnostic,
    TerraformError,
    diagnostic_from_json,
    diagnostics_from_stderr,
)

CAPTURED = Path(__file__).parent.parent / "terraform" / "fixtures" / "runner" / "captured"
VERSIONS = sorted(p.name for p in CAPTURED.iterdir())


@pytest.mark.parametrize("version", VERSIONS)
def test_validate_json(version: str) -> None:
    data = json.loads((CAPTURED / version / "validate-invalid.json").read_text())
    (diagnostic,) = [diagnostic_from_json(d) for d in data["diagnostics"]]
    assert diagnostic == Diagnostic(
        severity="error",
        summary="Unsupported argument",
        detail='An argument named "nope" is not expected here.',
        filename="broken.tf",
        line=3,
        column=3,
    )


@pytest.mark.parametrize("version", VERSIONS)
def test_init_stderr(version: str) -> None:
    stderr = (CAPTURED / version / "init-invalid.stderr").read_text()
    found = diagnostics_from_stderr(stderr)
    located = [d for d in found if d.filename]
    assert located
    assert all((d.filename, d.line, d.severity) == ("broken.tf", 3, "error") for d in located)
    assert any(d.summary == "Missing name for resource" for d in located)
    missing_name = next(d for d in located if d.summary == "Missing name for resource")
    assert missing_name.detail == "All resource blocks must have 2 labels (type, name)."


def test_framed_stderr() -> None:
    # terraform 1.11 on a terminal frames each diagnostic (seen for a missing CLI config)
    stderr = (
        "There are some problems with the CLI configuration:\n"
        "╷\n"
        "│ Warning: Unable to open CLI configuration file\n"
        "│\n"
        '│ The CLI configuration file at "/x/.terraformrc" does not exist.\n'
        "╵\n"
        "╷\n"
        "│ Error: Unsupported argument\n"
        "│\n"
        "│   with null_resource.a,\n"
        '│   on main.tf line 3, in resource "null_resource" "a":\n'
        "│    3:   nope     = 3\n"
        "│\n"
        '│ An argument named "nope" is not expected here.\n'
        "╵\n"
    )
    warning, error = diagnostics_from_stderr(stderr)
    assert (warning.severity, warning.summary, warning.filename) == (
        "warning",
        "Unable to open CLI configuration file",
        None,
    )
    assert warning.detail == 'The CLI configuration file at "/x/.terraformrc" does not exist.'
    assert (error.filename, error.line, error.address) == ("main.tf", 3, "null_resource.a")
    assert error.detail == 'An argument named "nope" is not expected here.'


def test_error_message_reads_well() -> None:
    error = TerraformError(
        "plan",
        [
            Diagnostic("warning", "Deprecated attribute", "Use x instead."),
            Diagnostic("error", "Unsupported argument", "No nope here.\nReally.", "main.tf", 3, 5),
        ],
        workdir=Path("ws"),
        log_path=Path("ws/logs/plan.log"),
    )
    assert str(error) == (
        "terraform plan failed:\n"
        "  ws/main.tf:3:5: Unsupported argument\n"
        "    No nope here.\n"
        "    Really.\n"
        "  warning: Deprecated attribute\n"
        "    Use x instead.\n"
        "  hint: full terraform output: ws/logs/plan.log"
    )
    assert [d.summary for d in error.diagnostics] == [
        "Deprecated attribute",
        "Unsupported argument",
    ]
