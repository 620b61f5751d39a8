"""Status from real state JSON (terraform 1.0 and 1.11)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console

from railyard.report.status import build_status, print_status, status_json
from railyard.terraform.binary import TerraformBinary
from railyard.terraform.state import State, parse_state

CAPTURED = Path(__file__).parent.parent / "terraform" / "fixtures" / "runner" / "captured"
VERSIONS = sorted(p.name for p in CAPTURED.iterdir())
BINARY = TerraformBinary(Path("/usr/bin/tofu"), (1, 8, 2), "opentofu")
SECRET = "hunter2-do-not-print"


def state(version: str) -> State:
    return parse_state(json.loads((CAPTURED / version / "state.json").read_text()))


@pytest.mark.parametrize("version", VERSIONS)
def test_build_status(version: str) -> None:
    status = build_status(state(version), "local", BINARY)
    assert [(n.role, n.name, n.address) for n in status.nodes] == [
        ("controller", "controller-0", "10.0.0.10"),
        ("worker", "a", "10.0.1.10"),
        ("worker", "b", "10.0.1.11"),
    ]
    assert all(n.id.isdigit() for n in status.nodes)
    assert [(p.name, p.count) for p in status.worker_pools] == [("default", 2)]
    assert status.resource_counts == {"null_resource": 3}
    assert status.sensitive_outputs == ["secret"]
    assert "secret" not in status.outputs and status.outputs["greeting"] == "hello"
    assert (status.terraform, status.state_terraform_version) == ("OpenTofu v1.8.2", version)


def test_status_json_and_view() -> None:
    status = build_status(state("1.11.4"), "s3", BINARY)
    document = json.loads(json.dumps(status_json(status)))
    assert document["backend"] == "s3"
    assert document["terraform"] == {
        "version": "OpenTofu v1.8.2",
        "flavor": "opentofu",
        "state_written_by": "1.11.4",
    }
    assert document["resources"] == {"total": 3, "by_type": {"null_resource": 3}}
    assert document["nodes"][0] == {
        "role": "controller",
        "name": "controller-0",
        "address": "10.0.0.10",
        "id": status.nodes[0].id,
    }
    assert document["sensitive_outputs"] == ["secret"]
    assert SECRET not in json.dumps(document)

    console = Console(record=True, width=120)
    print_status(status, console)
    text = console.export_text()
    assert "Backend: s3   OpenTofu v1.8.2 (state written by 1.11.4)" in text
    assert "controller-0" in text and "10.0.1.11" in text
    assert "(sensitive)" in text and SECRET not in text


def test_without_nodes_output() -> None:
    data = json.loads((CAPTURED / "1.11.4" / "state.json").read_text())
    del data["values"]["outputs"]["nodes"]
    data["values"]["outputs"]["worker_pools"]["sensitive"] = True  # hidden: treated as absent
    status = build_status(parse_state(data), "local", BINARY)
    assert (status.nodes, status.worker_pools) == ([], [])
    console = Console(record=True, width=120)
    print_status(status, console)
    assert "No nodes" in console.export_text()


def test_empty_state() -> None:
    status = build_status(parse_state({"format_version": "1.0"}), "local", BINARY)
    assert status.resources_total == 0 and status.nodes == []
    console = Console(record=True, width=120)
    print_status(status, console)
    assert "The state is empty" in console.export_text()
