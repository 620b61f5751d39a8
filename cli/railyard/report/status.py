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
from rich.text import Text

from railyard.report.progress import print_outputs
from railyard.report.schemas import SCHEMA_VERSION
from railyard.report.table import Cell, Column, print_table
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
    """The shape `railyard schema --report status` describes."""
    return {
        "schema_version": SCHEMA_VERSION,
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
        nodes = sorted(status.nodes, key=lambda n: (n.role != "controller", n.role, n.name))
        print_table(
            console,
            [Column(header) for header in ("role", "name", "address", "id")],
            [[node.role, node.name, node.address, node.id] for node in nodes],
            title="Nodes",
            show_edge=False,
        )
    else:
        console.print(f"No nodes (the workspace has no `{NODES_OUTPUT}` output).")

    if status.worker_pools:
        print_table(
            console,
            [Column("pool"), Column("workers", right=True)],
            [[pool.name, str(pool.count)] for pool in status.worker_pools],
            title="Worker pools",
            show_edge=False,
        )

    resources: list[list[Cell]] = [
        [kind, str(count)] for kind, count in status.resource_counts.items()
    ]
    resources.append([Text("total", style="bold"), Text(str(status.resources_total), "bold")])
    print_table(
        console,
        [Column("type"), Column("count", right=True)],
        resources,
        title="Resources",
        show_edge=False,
    )

    shown = {
        name: value
        for name, value in status.outputs.items()
        if name not in (NODES_OUTPUT, POOLS_OUTPUT)
    }
    outputs = {n: OutputValue(v, False) for n, v in shown.items()}
    outputs.update({n: OutputValue(None, True) for n in status.sensitive_outputs})
    print_outputs(outputs, console)
