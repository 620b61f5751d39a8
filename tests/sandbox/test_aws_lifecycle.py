"""Real terraform against the stand-in aws provider serving the real aws schema: the whole
life of a cluster-shaped module, drift made in the fake cloud, and validate's own errors."""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Callable
from typing import Any

import pytest

from railyard.sandbox import store

from .conftest import Sandboxed

pytestmark = pytest.mark.slow


def _state_ids(box: Sandboxed) -> dict[str, tuple[str, str]]:
    """address -> (type, id) of every managed resource, from terraform state."""
    state = json.loads(box.run("show", "-json").stdout)
    resources = state["values"]["root_module"]["resources"]
    return {
        r["address"]: (r["type"], r["values"]["id"]) for r in resources if r["mode"] == "managed"
    }


def _drift(box: Sandboxed) -> dict[str, Any]:
    """address -> change of every object that changed outside terraform (refresh-only)."""
    plan = box.run("plan", "-refresh-only", "-input=false", "-out=drift.plan")
    assert "Objects have changed outside of Terraform" in plan.stdout
    shown = json.loads(box.run("show", "-json", "drift.plan").stdout)
    return {d["address"]: d["change"] for d in shown.get("resource_drift", [])}


def test_lifecycle_with_drift_and_repair(sandboxed: Callable[[str], Sandboxed]) -> None:
    box = sandboxed("aws")
    box.run("init", "-input=false")
    box.run("validate")
    box.run("plan", "-input=false", "-out=first.plan")
    box.run("apply", "-input=false", "first.plan")
    assert box.run("plan", "-detailed-exitcode", "-input=false").returncode == 0

    ids = _state_ids(box)
    assert store.summary(box.sandbox_dir) == {
        kind: sum(1 for t, _ in ids.values() if t == kind) for kind, _ in ids.values()
    }
    outputs = json.loads(box.run("output", "-json").stdout)
    assert outputs["account"]["value"] == "123456789012"
    subnet = store.get(box.sandbox_dir, *ids["aws_subnet.public[0]"])
    assert subnet is not None
    controller_ip = ipaddress.ip_address(outputs["controller_ip"]["value"])
    assert controller_ip in ipaddress.ip_network(subnet["cidr_block"])
    assert outputs["subnet_zones"]["value"] == ["eu-west-1a", "eu-west-1b"]
    assert ids["aws_instance.controller"][1].startswith("i-")
    assert ids["aws_vpc.network"][1].startswith("vpc-")

    # someone changes a rule and deletes the DNS record in the "real" cloud
    group_type, group_id = ids["aws_security_group.controller"]
    store.mutate(box.sandbox_dir, group_type, group_id, {"ingress.0.from_port": "22"})
    store.delete(box.sandbox_dir, *ids["aws_route53_record.api"])

    drift = _drift(box)
    assert set(drift) == {"aws_security_group.controller", "aws_route53_record.api"}
    rule = drift["aws_security_group.controller"]
    assert [r["from_port"] for r in rule["before"]["ingress"]] == [6443]
    assert [r["from_port"] for r in rule["after"]["ingress"]] == [22]
    assert drift["aws_route53_record.api"]["after"] is None

    # apply repairs both; then nothing is left to do
    box.run("apply", "-auto-approve", "-input=false")
    assert box.run("plan", "-detailed-exitcode", "-input=false").returncode == 0
    repaired = store.get(box.sandbox_dir, group_type, group_id)
    assert repaired is not None and repaired["ingress"][0]["from_port"] == 6443
    assert store.summary(box.sandbox_dir)["aws_route53_record"] == 1

    # an edit updates what can be updated and replaces what cannot (and what depends on it)
    (box.workdir / "edit_override.tf").write_text(EDIT)
    box.run("plan", "-input=false", "-out=edit.plan")
    planned = json.loads(box.run("show", "-json", "edit.plan").stdout)
    actions = {
        c["address"]: c["change"]["actions"]
        for c in planned["resource_changes"]
        if c["change"]["actions"] != ["no-op"]
    }
    assert actions["aws_vpc.network"] == ["update"]
    assert sorted(actions["aws_subnet.public[0]"]) == ["create", "delete"]
    assert sorted(actions["aws_instance.controller"]) == ["create", "delete"]
    box.run("apply", "-input=false", "edit.plan")
    assert box.run("plan", "-detailed-exitcode", "-input=false").returncode == 0
    ids = _state_ids(box)
    vpc = store.get(box.sandbox_dir, *ids["aws_vpc.network"])
    assert vpc is not None and vpc["tags_all"] == {"Name": "renamed", "cluster": "sandbox"}
    role = store.get(box.sandbox_dir, *ids["aws_iam_role.node"])
    assert role is not None
    statement = json.loads(role["assume_role_policy"])["Statement"][0]
    assert statement["Principal"] == {"Service": "ec2.amazonaws.com"}

    box.run("destroy", "-auto-approve", "-input=false")
    assert store.summary(box.sandbox_dir) == {}


EDIT = """
resource "aws_vpc" "network" {
  tags = {
    Name = "renamed"
  }
}

resource "aws_subnet" "public" {
  cidr_block = cidrsubnet(aws_vpc.network.cidr_block, 8, count.index + 10)
}
"""

MISTAKES = {
    "wrong attribute name": (
        'resource "aws_subnet" "bad" {\n  vpc_id    = aws_vpc.network.id\n'
        '  cidr_blok = "10.0.9.0/24"\n}\n',
        'An argument named "cidr_blok" is not expected here.',
    ),
    "wrong type": (
        'resource "aws_autoscaling_group" "bad" {\n  min_size = "several"\n  max_size = 3\n}\n',
        "a number is required",
    ),
    "missing required argument": (
        'resource "aws_subnet" "bad" {\n  cidr_block = "10.0.9.0/24"\n}\n',
        'The argument "vpc_id" is required, but no definition was found.',
    ),
    "type the sandbox does not serve": (
        'resource "aws_dynamodb_table" "bad" {}\n',
        "does not support resource type",
    ),
}


def test_validate_reports_terraforms_own_errors(sandboxed: Callable[[str], Sandboxed]) -> None:
    box = sandboxed("aws")
    box.run("init", "-input=false")
    for name, (hcl, message) in MISTAKES.items():
        (box.workdir / "mistake.tf").write_text(hcl)
        result = box.run("validate", "-no-color", check=False)
        assert result.returncode == 1, name
        assert message in " ".join(result.stderr.split()), (name, result.stderr)
        assert "panic" not in result.stderr.lower()
    (box.workdir / "mistake.tf").unlink()
    box.run("validate")


def test_default_security_group_is_adopted_and_kept_locked_down(
    sandboxed: Callable[[str], Sandboxed],
) -> None:
    box = sandboxed("aws")
    box.run("init", "-input=false")
    # AWS makes the group with the VPC: all traffic among its members, all egress
    box.run("apply", "-auto-approve", "-input=false", "-target=aws_vpc.network")
    vpc_id = _state_ids(box)["aws_vpc.network"][1]
    vpc = store.get(box.sandbox_dir, "aws_vpc", vpc_id)
    assert vpc is not None
    group_id = vpc["default_security_group_id"]
    made = store.find(box.sandbox_dir, "aws_default_security_group")
    assert list(made) == [group_id] and made[group_id]["vpc_id"] == vpc_id
    assert [(r["protocol"], r["self"]) for r in made[group_id]["ingress"]] == [("-1", True)]
    assert [r["cidr_blocks"] for r in made[group_id]["egress"]] == [["0.0.0.0/0"]]

    # the resource adopts that group (no new one) and revokes its rules
    box.run("apply", "-auto-approve", "-input=false")
    assert _state_ids(box)["aws_default_security_group.default"][1] == group_id
    adopted = store.find(box.sandbox_dir, "aws_default_security_group")
    assert list(adopted) == [group_id]
    assert adopted[group_id]["ingress"] == [] and adopted[group_id]["egress"] == []
    assert adopted[group_id]["name"] == "default"

    # someone adds AWS's rule back: drift, and apply revokes it again
    rule = made[group_id]["ingress"][0]
    store.mutate(box.sandbox_dir, "aws_default_security_group", group_id, {"ingress": [rule]})
    drift = _drift(box)
    assert set(drift) == {"aws_default_security_group.default"}
    assert drift["aws_default_security_group.default"]["after"]["ingress"] == [rule]
    assert box.run("plan", "-detailed-exitcode", "-input=false", check=False).returncode == 2
    box.run("apply", "-auto-approve", "-input=false")
    repaired = store.get(box.sandbox_dir, "aws_default_security_group", group_id)
    assert repaired is not None and repaired["ingress"] == []
    assert box.run("plan", "-detailed-exitcode", "-input=false").returncode == 0

    # destroying the resource only forgets the group; the VPC's destroy deletes it
    box.run(
        "destroy", "-auto-approve", "-input=false", "-target=aws_default_security_group.default"
    )
    assert list(store.find(box.sandbox_dir, "aws_default_security_group")) == [group_id]
    box.run("destroy", "-auto-approve", "-input=false")
    assert store.summary(box.sandbox_dir) == {}
