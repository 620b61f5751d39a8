"""`railyard plan`: a saved plan and its summary."""

from __future__ import annotations

import json
from pathlib import Path

from railyard.commands.common import prepare
from railyard.console import stdout
from railyard.report.plan_summary import (
    plan_summary_json,
    plan_summary_markdown,
    print_plan_summary,
    summarise,
)
from railyard.report.summary_file import append_summary


def plan(
    config: Path,
    workdir: Path | None,
    sandbox: bool,
    detailed_exitcode: bool,
    as_json: bool,
    summary_file: Path | None = None,
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
    if summary_file is not None:
        name = prepared.loaded.cluster.name
        append_summary(summary_file, name, config, plan_summary_markdown(summary))
    return 2 if detailed_exitcode and run.has_changes else 0
