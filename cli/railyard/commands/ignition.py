"""`railyard ignition`: the Ignition config a node boots with, as the platform renders it.

The platform modules output every node's config (root output `ignition`, a map keyed
`controller-<index>` and `worker-<pool>`, or `worker-<machine>` where the platform lists
worker machines instead of pools). It comes from the state once applied; before
that from the plan when terraform already knows it; otherwise, with --sandbox, from a
throwaway sandbox apply of the same cluster file (the PKI a config embeds is only known
once tls resources exist).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from railyard.commands.pipeline import Prepared, prepare
from railyard.console import stderr
from railyard.errors import RailyardError

OUTPUT = "ignition"


def ignition(
    config: Path,
    workdir: Path | None,
    sandbox: bool,
    role: str,
    pool: str | None,
    index: int,
) -> None:
    prepared = prepare(config, workdir, sandbox)
    key = _node_key(prepared, role, pool, index)
    configs = _applied_configs(prepared) or _planned_configs(prepared, key)
    if configs is None:
        if not prepared.sandbox:
            raise RailyardError(
                "the Ignition config embeds values terraform does not know before apply "
                "(certificates, tokens)",
                hint="run `railyard apply` first, or add --sandbox to render it offline",
            )
        configs = _sandbox_configs(config)
    if key not in configs:
        raise RailyardError(
            f"no Ignition config for {key}",
            hint=f"the platform renders: {', '.join(sorted(configs))}",
        )
    print(json.dumps(json.loads(configs[key]), indent=2, sort_keys=True))


def _node_key(prepared: Prepared, role: str, pool: str | None, index: int) -> str:
    cluster = prepared.loaded.cluster
    if role == "controller":
        if not 0 <= index < cluster.controllers.count:
            raise RailyardError(
                f"--index {index} is out of range: the cluster has "
                f"{cluster.controllers.count} controller(s), numbered from 0"
            )
        return f"controller-{index}"
    names = [p.name for p in cluster.worker_pools]
    if pool is None:
        if len(names) != 1:
            raise RailyardError(
                "which pool?",
                hint=f"pass --pool, one of: {', '.join(names)}"
                if names
                else "pass --pool: the worker's name where the platform lists machines",
            )
        pool = names[0]
    # Platforms without pools (bare-metal) key workers by machine name: checked against
    # what the platform renders.
    if names and pool not in names:
        raise RailyardError(f"no worker pool {pool!r}", hint=f"pools: {', '.join(names)}")
    return f"worker-{pool}"


def _as_configs(value: Any) -> dict[str, str] | None:
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else None


def _applied_configs(prepared: Prepared) -> dict[str, str] | None:
    found = prepared.terraform.show_state().outputs.get(OUTPUT)
    return _as_configs(found.value) if found else None


def _planned_configs(prepared: Prepared, key: str) -> dict[str, str] | None:
    plan_file = prepared.workspace.private_plan_file("ignition")
    try:
        prepared.terraform.plan(plan_file)
        change = prepared.terraform.show_plan(plan_file).output_changes.get(OUTPUT)
    finally:
        plan_file.unlink(missing_ok=True)
    if change is None:
        raise RailyardError(
            f"the {prepared.workspace.platform} platform module has no `{OUTPUT}` output"
        )
    unknown = change.after_unknown
    if unknown is True or (isinstance(unknown, dict) and unknown.get(key)):
        return None
    return _as_configs(change.after)


def _sandbox_configs(config: Path) -> dict[str, str]:
    """Apply the cluster in a throwaway sandbox workspace and read the configs back."""
    stderr.print("[dim]rendering through a throwaway sandbox apply ...[/]")
    with tempfile.TemporaryDirectory(prefix="railyard-ignition-") as scratch:
        throwaway = prepare(config, Path(scratch) / "workspace", sandbox=True)
        plan_file = throwaway.workspace.private_plan_file("apply")
        if throwaway.terraform.plan(plan_file).has_changes:
            throwaway.terraform.apply(plan_file)
        configs = _applied_configs(throwaway)
    if configs is None:
        raise RailyardError(f"the platform module has no `{OUTPUT}` output")
    return configs
