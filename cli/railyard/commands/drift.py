"""`railyard drift`: a refresh-only plan; what changed outside terraform."""

from __future__ import annotations

from pathlib import Path

from railyard.commands.pipeline import prepare
from railyard.console import stdout
from railyard.errors import RailyardError
from railyard.report.drift import DriftFormat, drift_markdown, find_drift, render_drift
from railyard.report.summary_file import append_summary


def drift(
    config: Path,
    workdir: Path | None,
    sandbox: bool,
    fmt: DriftFormat,
    lock: bool = True,
    summary_file: Path | None = None,
) -> int:
    prepared = prepare(config, workdir, sandbox)
    if not prepared.terraform.show_state().managed:
        # A refresh-only plan has nothing to compare, and the modules' references to
        # resources that do not exist yet fail it with "Invalid index".
        raise RailyardError(
            f"nothing to check for drift: cluster {prepared.loaded.cluster.name!r} has not been "
            "applied (terraform's state holds no resource)",
            hint="`railyard plan` shows what apply would create; run drift after `railyard apply`",
        )
    plan_file = prepared.workspace.private_plan_file("drift")
    try:
        prepared.terraform.plan(plan_file, refresh_only=True, lock=lock)
        report = find_drift(prepared.terraform.show_plan(plan_file))
    finally:
        plan_file.unlink(missing_ok=True)
    render_drift(report, fmt, stdout)
    if summary_file is not None:
        name = prepared.loaded.cluster.name
        append_summary(summary_file, name, config, drift_markdown(report))
    return 2 if report.drifted else 0
