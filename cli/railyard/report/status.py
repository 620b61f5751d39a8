"""Cluster status from the state (`show -json`): nodes, pools, resources, outputs.

The platform modules publish the cluster's nodes as a root output `nodes` (a list of
{role, name, address, id}) and, optionally, `worker_pools` (a list of {name, count}).
Without them the status simply has no nodes. Resource counts come from the state itself.
Sensitive outputs are listed by name only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from railyard.report.progress import print_outputs
from railyard.terraform.binary import TerraformBinary
from railyard.terraform.state import OutputValue, State

NODES_OUTPUT = "nodes"
POOLS_OUTPUT = "worker_pools"


@dataclass(frozen=True)
class Node:
    role: str
    name: str
    address: str
    id: str


@dataclass(frozen=True)
class WorkerPool:
    name: str
    count: int


@dataclass(frozen=True)
class Status:
    nodes: list[Node]
    worker_pools: list[WorkerPool]
    resource_counts: dict[str, int]  # resource type -> managed instances ("data.T" for data)
    outputs: dict[str, Any]  # non-sensitive root outputs
    sensitive_outputs: list[str]  # names only
    backend: str
    terraform: str  # e.g. "Terraform v1.11.4"
    flavor: str
    state_terraform_version: str  # the version that last wrote the state

    @property
    def resources_total(self) -> int:
        return sum(self.resource_counts.values())


def _listed(output: OutputValue | None) -> list[dict[str, Any]]:
    """The objects of a list output; sensitive or malformed outputs count as absent."""
    if output is None or output.sensitive or not isinstance(output.value, list):
        return []
    return [item for item in output.value if isinstance(item, dict)]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _count(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def build_status(state: State, backend: str, binary: TerraformBinary) -> Status:
    nodes = [
        Node(
            role=_text(item.get("role")),
            name=_text(item.get("name")),
            address=_text(item.get("address")),
            id=_text(item.get("id")),
        )
        for item in _listed(state.outputs.get(NODES_OUTPUT))
    ]
    pools = [
        WorkerPool(name=_text(item.get("name")), count=_count(item.get("count")))
        for item in _listed(state.outputs.get(POOLS_OUTPUT))
    ]
    counts = Counter(
        r.type if r.mode == "managed" else f"{r.mode}.{r.type}" for r in state.resources
    )
    return Status(
        nodes=nodes,
        worker_pools=pools,
        resource_counts=dict(sorted(counts.items())),
        outputs={n: o.value for n, o in sorted(state.outputs.items()) if not o.sensitive},
        sensitive_outputs=sorted(n for n, o in state.outputs.items() if o.sensitive),
        backend=backend,
        terraform=binary.version_text,
        flavor=binary.flavor,
        state_terraform_version=state.terraform_version,
    )


def status_json(status: Status) -> dict[str, Any]:
    return {
        "backend": status.backend,
        "terraform": {
            "version": status.terraform,
            "flavor": status.flavor,
            "state_written_by": status.state_terraform_version or None,
        },
        "nodes": [vars(node) for node in status.nodes],
        "worker_pools": [vars(pool) for pool in status.worker_pools],
        "resources": {"total": status.resources_total, "by_type": status.resource_counts},
        "outputs": status.outputs,
        "sensitive_outputs": status.sensitive_outputs,
    }


def print_status(status: Status, console: Console) -> None:
    written = status.state_terraform_version
    header = Text.assemble("Backend: ", (status.backend, "bold"), f"   {status.terraform}")
    if written:
        header.append(f" (state written by {written})")
    console.print(header)
    if status.resources_total == 0:
        console.print("The state is empty: nothing applied yet (or everything destroyed).")
        return

    if status.nodes:
        nodes = Table(title="Nodes", title_justify="left", show_edge=False)
        for column in ("role", "name", "address", "id"):
            nodes.add_column(column)
        for node in sorted(status.nodes, key=lambda n: (n.role != "controller", n.role, n.name)):
            nodes.add_row(*(Text(v) for v in (node.role, node.name, node.address, node.id)))
        console.print(nodes)
    else:
        console.print(f"No nodes (the workspace has no `{NODES_OUTPUT}` output).")

    if status.worker_pools:
        pools = Table(title="Worker pools", title_justify="left", show_edge=False)
        pools.add_column("pool")
        pools.add_column("workers", justify="right")
        for pool in status.worker_pools:
            pools.add_row(Text(pool.name), str(pool.count))
        console.print(pools)

    resources = Table(title="Resources", title_justify="left", show_edge=False)
    resources.add_column("type")
    resources.add_column("count", justify="right")
    for kind, count in status.resource_counts.items():
        resources.add_row(Text(kind), str(count))
    resources.add_row("[bold]total[/]", f"[bold]{status.resources_total}[/]")
    console.print(resources)

    shown = {
        name: value
        for name, value in status.outputs.items()
        if name not in (NODES_OUTPUT, POOLS_OUTPUT)
    }
    outputs = {n: OutputValue(v, False) for n, v in shown.items()}
    outputs.update({n: OutputValue(None, True) for n in status.sensitive_outputs})
    print_outputs(outputs, console)
