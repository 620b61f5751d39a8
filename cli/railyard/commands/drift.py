"""`railyard drift`: a refresh-only plan; what changed outside terraform."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from railyard.commands.pipeline import prepare
from railyard.console import stdout
from railyard.report.drift import find_drift, render_drift


def drift(
    config: Path,
    workdir: Path | None,
    sandbox: bool,
    fmt: Literal["table", "json", "markdown", "junit"],
) -> int:
    prepared = prepare(config, workdir, sandbox)
    plan_file = prepared.workspace.private_plan_file("drift")
    try:
        prepared.terraform.plan(plan_file, refresh_only=True)
        report = find_drift(prepared.terraform.show_plan(plan_file))
    finally:
        plan_file.unlink(missing_ok=True)
    render_drift(report, fmt, stdout)
    return 2 if report.drifted else 0
