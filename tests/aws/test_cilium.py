"""cilium on aws: the security groups open what the chosen CNI needs between nodes, and
nothing for the CNIs not chosen (a sandbox plan of the example, real terraform)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .conftest import make_cli

pytestmark = pytest.mark.slow

NODES = {"controller", "worker"}
CILIUM = {("udp", 8472, 8472), ("tcp", 4240, 4240), ("icmp", 8, 0)}
VXLAN = {("udp", 4789, 4789)}


def _node_rules(planned: dict[str, Any]) -> dict[tuple[str, int, int], set[str]]:
    """(protocol, from, to) -> the rule descriptions (<to>-<name>-from-<from>) opening it."""
    found: dict[tuple[str, int, int], set[str]] = {}
    for change in planned["resource_changes"]:
        if (
            change["type"] == "aws_vpc_security_group_ingress_rule"
            and ".node[" in change["address"]
        ):
            after = change["change"]["after"]
            key = (after["ip_protocol"], after["from_port"], after["to_port"])
            found.setdefault(key, set()).add(after["description"])
    return found


@pytest.mark.parametrize("networking", ["cilium", "calico"])
def test_security_groups_open_the_cni_ports(
    tmp_path: Path, terraform_bin: str, networking: str
) -> None:
    cli = make_cli(tmp_path, terraform_bin)
    text = cli.cluster_file.read_text().replace("networking: calico ", f"networking: {networking} ")
    cli.cluster_file.write_text(text)
    cli.ok("plan")
    rules = _node_rules(cli.planned())
    wanted, unwanted = (CILIUM, VXLAN) if networking == "cilium" else (VXLAN, CILIUM)
    for port in wanted:
        # Every node group, from every node group.
        sides = {(d.split("-", 1)[0], d.rsplit("-from-", 1)[1]) for d in rules[port]}
        assert sides == {(to, src) for to in NODES for src in NODES}, (port, rules[port])
    assert not unwanted & set(rules), sorted(unwanted & set(rules))
