"""Plan and state JSON (`show -json`) from real terraform 1.0 and 1.11 runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from railyard.terraform.plan import action_of, parse_plan
from railyard.terraform.state import outputs_from_json, parse_state

CAPTURED = Path(__file__).parent.parent / "terraform" / "fixtures" / "runner" / "captured"
VERSIONS = sorted(p.name for p in CAPTURED.iterdir())


def load(version: str, name: str) -> dict[str, object]:
    data = json.loads((CAPTURED / version / name).read_text())
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("version", VERSIONS)
def test_plan_changes(version: str) -> None:
    plan = parse_plan(load(version, "plan-change.json"))
    assert plan.terraform_version == version
    changes = {c.address: c for c in plan.resource_changes}
    controller = changes["module.cluster.null_resource.controllers[0]"]
    assert controller.action == "replace"
    assert (controller.module_address, controller.type, controller.name, controller.index) == (
        "module.cluster",
        "null_resource",
        "controllers",
        0,
    )
    assert controller.before["triggers"]["revision"] == "1"
    assert controller.after["triggers"]["revision"] == "2"
    assert controller.action_reason == "replace_because_cannot_update"
    assert changes['null_resource.worker["a"]'].action == "delete"
    assert changes['null_resource.worker["a"]'].index == "a"
    assert changes['null_resource.worker["a"]'].module_address == ""
    assert changes['null_resource.worker["c"]'].action == "create"
    assert plan.output_changes["secret"].after_sensitive is True
    assert plan.output_changes["nodes"].action == "update"
    assert plan.resource_drift == []
    assert plan.prior_state is not None
    assert len(plan.prior_state.managed) == 3


@pytest.mark.parametrize("version", VERSIONS)
def test_refresh_only_plan(version: str) -> None:
    plan = parse_plan(load(version, "plan-drift.json"))
    (drift,) = plan.resource_drift
    assert (drift.address, drift.action, drift.after) == (
        'null_resource.worker["a"]',
        "delete",
        None,
    )
    assert drift.before["triggers"]["name"] == "a"
    assert plan.resource_changes == [] or all(c.action == "no-op" for c in plan.resource_changes)


@pytest.mark.parametrize("version", VERSIONS)
def test_state(version: str) -> None:
    state = parse_state(load(version, "state.json"))
    assert state.terraform_version == version
    addresses = {r.address: r for r in state.resources}
    assert set(addresses) == {
        "module.cluster.null_resource.controllers[0]",
        'null_resource.worker["a"]',
        'null_resource.worker["b"]',
    }
    controller = addresses["module.cluster.null_resource.controllers[0]"]
    assert controller.module_address == "module.cluster"
    assert controller.values["id"].isdigit()
    assert state.outputs["secret"].sensitive
    assert not state.outputs["nodes"].sensitive
    assert [n["role"] for n in state.outputs["nodes"].value] == ["controller", "worker", "worker"]


@pytest.mark.parametrize("version", VERSIONS)
def test_output_json(version: str) -> None:
    outputs = outputs_from_json(load(version, "output.json"))
    assert outputs["secret"].sensitive and outputs["secret"].value == "hunter2-do-not-print"
    assert outputs["worker_pools"].value == [{"name": "default", "count": 2}]


def test_empty_state() -> None:
    state = parse_state({"format_version": "1.0"})
    assert (state.resources, state.outputs, state.terraform_version) == ([], {}, "")


@pytest.mark.parametrize(
    ("actions", "action"),
    [
        (["create"], "create"),
        (["delete", "create"], "replace"),
        (["create", "delete"], "replace"),
        (["no-op"], "no-op"),
        (["update"], "update"),
    ],
)
def test_action_of(actions: list[str], action: str) -> None:
    assert action_of(actions) == action
