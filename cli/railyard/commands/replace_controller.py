"""`railyard replace-controller N`: a new machine and disk for exactly one controller.

Controllers keep their image and Ignition when those change (etcd lives there); this is the
deliberate replacement that picks the changes up, or that swaps a broken machine. The new
controller boots with an empty etcd data dir and rejoins the cluster by itself
(etcd-rejoin.service), so replacing them one at a time keeps etcd's quorum.
"""

from __future__ import annotations

from pathlib import Path

from railyard.commands.apply import apply_live
from railyard.commands.confirm import require_answer
from railyard.commands.pipeline import prepare
from railyard.console import stdout
from railyard.errors import RailyardError
from railyard.platforms import platform
from railyard.report.plan_summary import print_plan_summary, summarise


def replace_controller(
    config: Path, workdir: Path | None, sandbox: bool, index: int, auto_approve: bool
) -> None:
    prepared = prepare(config, workdir, sandbox)
    cluster = prepared.loaded.cluster
    if not 0 <= index < cluster.controllers.count:
        raise RailyardError(
            f"there is no controller {index}: the cluster has {cluster.controllers.count} "
            "controller(s), numbered from 0",
            hint="`railyard status` lists them",
        )
    machine = platform(cluster.platform).controller_machine
    if not machine:
        raise RailyardError(
            f"railyard cannot replace a controller on {cluster.platform}: "
            "reinstall the machine, and it rejoins etcd when it boots with an empty data dir",
            hint="see README, 'Replacing a controller'",
        )
    # As every platform module names and counts its controllers.
    name, address = f"{cluster.name}-controller-{index}", machine.format(index=index)
    plan_file = prepared.workspace.private_plan_file("replace-controller")
    try:
        run = prepared.terraform.plan(plan_file, replace=[address])
        summary = summarise(run.changes)
        print_plan_summary(summary, stdout)
        # Its own dependants (a load balancer attachment) may be replaced with it.
        machines = {machine.format(index=other) for other in range(cluster.controllers.count)}
        others = [
            change
            for change in summary.controller_changes
            if change != address and change in machines
        ]
        if address not in summary.controller_changes or others:
            raise RailyardError(
                f"the plan does not replace exactly {name}"
                + (f": it also deletes or replaces {', '.join(others)}" if others else ""),
                hint="`railyard plan` shows what else changes; apply that first",
            )
        stdout.print(
            f"\n{name} gets a new machine and an empty disk; its etcd member rejoins the "
            "cluster when it boots. Replace one controller at a time: before the next, wait "
            "until `etcdctl endpoint health --cluster` on a controller shows every member healthy."
        )
        if not auto_approve:
            require_answer(f"Replace controller {name}? Type its name to go on:", name)
        apply_live(prepared, plan_file, len(run.changes))
    finally:
        plan_file.unlink(missing_ok=True)
