"""`railyard plan`: a saved plan and its summary.

When nothing the workspace was rendered from has changed since the last plan, the
workspace is reused as it is (commands/reuse.py), and outside a terminal the summary is
plain text: terraform starts sooner, and rich, jinja2 and the cluster model never load.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from railyard.commands.reuse import Reused, recording, reuse, save
from railyard.report.plan_summary import (
    PlanSummary,
    plan_summary_json,
    plan_summary_markdown,
    plan_summary_text,
    print_plan_summary,
    summarise,
)
from railyard.report.summary_file import append_summary
from railyard.terraform.runner import Terraform
from railyard.workspace.layout import Workspace


def plan(
    config: Path,
    workdir: Path | None,
    sandbox: bool,
    detailed_exitcode: bool,
    as_json: bool,
    summary_file: Path | None = None,
) -> int:
    workspace, terraform, cluster_name = _prepare(config, workdir, sandbox)
    run = terraform.plan(workspace.plan_file)
    summary = summarise(run.changes)
    if as_json:
        print(json.dumps(plan_summary_json(summary), indent=2))
    else:
        _print_summary(summary)
        if run.has_changes:
            print(f"Saved plan: {workspace.plan_file}. Apply it: railyard apply")
    if summary_file is not None:
        append_summary(summary_file, cluster_name, config, plan_summary_markdown(summary))
    return 2 if detailed_exitcode and run.has_changes else 0


def _print_summary(summary: PlanSummary) -> None:
    if sys.stdout.isatty():
        from railyard.console import stdout

        print_plan_summary(summary, stdout)
    else:
        print(plan_summary_text(summary), end="")


def _prepare(config: Path, workdir: Path | None, sandbox: bool) -> tuple[Workspace, Terraform, str]:
    """The workspace reused as it is when its inputs are unchanged, else rendered afresh."""
    key: dict[str, Any] = {
        "config": str(config.resolve()),
        "workdir": str(workdir.resolve()) if workdir else None,
        "sandbox": sandbox,
    }
    reused = reuse(key, workdir or config.resolve().parent / ".railyard")
    terraform = _terraform(reused) if reused else None
    if reused and terraform:
        return reused.workspace, terraform, reused.cluster_name

    from railyard.commands.pipeline import prepare

    with recording() as found:
        prepared = prepare(config, workdir, sandbox)
    cluster = prepared.loaded.cluster
    record = Reused(
        workspace=prepared.workspace,
        cluster_name=cluster.name,
        terraform_setting=cluster.terraform.binary,
        terraform_path=str(prepared.terraform.binary.path),
        sandbox=prepared.sandbox,
    )
    save(found, key, record)
    return prepared.workspace, prepared.terraform, cluster.name


def _terraform(reused: Reused) -> Terraform | None:
    """A runner for the reused workspace, if terraform is the binary it was set up with."""
    from railyard.terraform.binary import find_terraform

    workspace = reused.workspace
    binary = find_terraform(
        reused.terraform_setting, cache=workspace.path / ".railyard-terraform.json"
    )
    if str(binary.path) != reused.terraform_path:
        return None
    env: dict[str, str] = {}
    if reused.sandbox:
        from railyard import sandbox

        env = sandbox.prepare(workspace.sandbox_dir)
    return Terraform(binary=binary, workdir=workspace.path, env=env)  # plain Ctrl-C notices
