"""`railyard apply` and `railyard destroy`: plan, confirm, apply that exact plan live."""

from __future__ import annotations

from pathlib import Path

from railyard.commands.confirm import require_answer
from railyard.commands.pipeline import (
    Prepared,
    local_state_file,
    prepare,
    warn_pending_replacements,
)
from railyard.console import stderr, stdout
from railyard.errors import RailyardError, os_error
from railyard.report.plan_summary import print_plan_summary, summarise
from railyard.report.progress import ApplyProgress, print_outputs
from railyard.terraform.runner import StateNotSaved
from railyard.workspace.errored_state import keep_errored_state, reserve_space


def apply(
    config: Path,
    workdir: Path | None,
    sandbox: bool,
    auto_approve: bool,
    allow_controller_replacement: bool,
) -> None:
    prepared = prepare(config, workdir, sandbox)
    plan_file = prepared.workspace.private_plan_file("apply")
    try:
        run = prepared.terraform.plan(plan_file)
        summary = summarise(run.changes)
        print_plan_summary(summary, stdout)
        if not run.has_changes:
            stdout.print("Nothing to apply: the cluster matches the cluster file.")
            return
        if summary.controller_changes and not allow_controller_replacement:
            raise RailyardError(
                "this plan deletes or replaces controllers: "
                + ", ".join(summary.controller_changes)
                + " (etcd members and their data live there)",
                hint="if you mean it, run again with --allow-controller-replacement",
            )
        if not auto_approve:
            require_answer("Apply this plan? Type 'yes' to go on:", "yes")
        apply_live(prepared, plan_file, len(run.changes))
    finally:
        plan_file.unlink(missing_ok=True)  # a saved plan is stale once applied or abandoned
    stdout.print(
        "\nNext: `railyard status` shows the nodes; "
        "`railyard output kubeconfig --write kubeconfig` saves the admin kubeconfig."
    )


def destroy(config: Path, workdir: Path | None, sandbox: bool, auto_approve: bool) -> None:
    prepared = prepare(config, workdir, sandbox)
    name = prepared.loaded.cluster.name
    plan_file = prepared.workspace.private_plan_file("destroy")
    try:
        run = prepared.terraform.plan(plan_file, destroy=True)
        print_plan_summary(summarise(run.changes), stdout)
        if not run.has_changes:
            stdout.print("Nothing to destroy.")
            return
        if not auto_approve:
            require_answer(f"Destroy cluster {name!r}? Type its name to go on:", name)
        apply_live(prepared, plan_file, len(run.changes))
    finally:
        plan_file.unlink(missing_ok=True)
    stdout.print(f"Cluster {name!r} destroyed.")


def apply_live(prepared: Prepared, plan_file: Path, planned: int) -> None:
    workdir = prepared.workspace.path
    reserve_space(workdir, local_state_file(prepared.loaded, prepared.workspace))
    try:
        with ApplyProgress(stderr, total=planned) as progress:
            result = prepared.terraform.apply(plan_file, on_event=progress.handle)
    except StateNotSaved as error:
        try:
            saved = keep_errored_state(workdir, error.state)
        except OSError as failure:
            raise RailyardError(
                f"{error.message}; nor could railyard keep it ({os_error(failure).message}): "
                "the state misses the changes this run made",
                hint="free some space; then compare the state with what the cloud holds "
                "(`terraform import` what it misses)",
            ) from None
        raise RailyardError(
            f"{error.message}; railyard kept it in {saved}",
            hint="free some space (or fix what kept terraform from writing), then run the "
            "command again: it restores the state from errored.tfstate first",
        ) from None
    print_outputs(result.outputs, stdout)
    warn_pending_replacements(result.outputs)
