"""`railyard plan`: a saved plan and its summary."""

from __future__ import annotations

import json
from pathlib import Path

from railyard.commands.pipeline import prepare
from railyard.console import stdout
from railyard.report.plan_summary import plan_summary_json, print_plan_summary, summarise


def plan(
    config: Path, workdir: Path | None, sandbox: bool, detailed_exitcode: bool, as_json: bool
) -> int:
    prepared = prepare(config, workdir, sandbox)
    run = prepared.terraform.plan(prepared.workspace.plan_file)
    summary = summarise(run.changes)
    if as_json:
        print(json.dumps(plan_summary_json(summary), indent=2))
    else:
        print_plan_summary(summary, stdout)
        if run.has_changes:
            stdout.print(f"Saved plan: {prepared.workspace.plan_file}. Apply it: railyard apply")
    return 2 if detailed_exitcode and run.has_changes else 0
