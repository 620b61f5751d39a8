"""Availability zones chosen once and kept, zones chosen in the cluster file, and worker
pools without public IPv4, through the real CLI, the real aws module and the sandbox."""

from __future__ import annotations

import re
from typing import Any

import pytest

from railyard.sandbox import store
from tests.conftest import REPO, replace_once

from .conftest import Cli

REGION = "eu-central-1"
IPV6_ONLY = "    public_ipv4: false"
SUBNET = re.compile(r"module\.cluster\.aws_subnet\.public\[(\d+)\]")


def _planned(cli: Cli) -> dict[str, dict[str, Any]]:
    """address -> planned values of every resource in the saved plan."""
    planned: dict[str, dict[str, Any]] = {}

    def walk(module: dict[str, Any]) -> None:
        for resource in module.get("resources", []):
            planned[resource["address"]] = resource["values"]
        for child in module.get("child_modules", []):
            walk(child)

    walk(cli.planned()["planned_values"]["root_module"])
    return planned


def _subnet_zones(planned: dict[str, dict[str, Any]]) -> list[str]:
    found = {
        int(m[1]): v["availability_zone"] for a, v in planned.items() if (m := SUBNET.match(a))
    }
    return [found[i] for i in sorted(found)]


@pytest.mark.slow
def test_zones_read_at_the_first_apply_are_kept(cli: Cli) -> None:
    cli.ok("apply", "--auto-approve")
    sandbox = cli.workdir / ".sandbox"
    first = sorted(s["availability_zone"] for s in cli.cloud()["aws_subnet"].values())
    assert first == [f"{REGION}a", f"{REGION}b", f"{REGION}c"]

    # AWS opens a zone that sorts first: read afresh, every subnet index (and the
    # controllers spread over them by index) would move.
    store.set_zones(sandbox, REGION, [f"{REGION}{c}" for c in "0abc"])
    assert cli("plan", "--detailed-exitcode").returncode == 0
    assert sorted(s["availability_zone"] for s in cli.cloud()["aws_subnet"].values()) == first


@pytest.mark.slow
def test_zones_from_the_cluster_file(cli: Cli) -> None:
    replace_once(
        cli.cluster_file,
        "  host_cidr:",
        f"  availability_zones: [{REGION}b, {REGION}c]\n  host_cidr:",
    )
    cli.ok("plan")
    planned = _planned(cli)
    assert _subnet_zones(planned) == [f"{REGION}b", f"{REGION}c"]
    assert not any("zones_kept" in address for address in planned)

    cli.ok("apply", "--auto-approve")
    cloud = cli.cloud()
    zone_of = {s["id"]: s["availability_zone"] for s in cloud["aws_subnet"].values()}
    placed = {i["tags"]["Name"]: zone_of[i["subnet_id"]] for i in cloud["aws_instance"].values()}
    assert placed == {
        "demo-controller-0": f"{REGION}b",
        "demo-controller-1": f"{REGION}c",
        "demo-controller-2": f"{REGION}b",
    }


def test_a_pool_without_public_ipv4(cli: Cli) -> None:
    replace_once(cli.cluster_file, "reboot_strategy: coordinated", "reboot_strategy: reboot")
    replace_once(cli.cluster_file, "    spot_price: 0.05", f"    spot_price: 0.05\n{IPV6_ONLY}")
    cli.ok("plan")
    shown = cli.planned()
    planned = _planned(cli)
    unknown = {c["address"]: c["change"]["after_unknown"] for c in shown["resource_changes"]}

    def interface(pool: str) -> dict[str, Any]:
        address = f'module.workers["{pool}"].aws_launch_template.worker'
        template = planned[address]
        assert not template.get("vpc_security_group_ids")  # the interface carries them
        [nic] = template["network_interfaces"]
        # the groups' ids: known (1.11 plans them from the wiring) or yet to be known
        groups_unknown = unknown[address]["network_interfaces"][0].get("security_groups")
        assert nic["security_groups"] or groups_unknown
        return dict(nic)

    assert interface("spot")["associate_public_ip_address"] == "false"
    assert interface("ingress")["associate_public_ip_address"] == "true"
    # They still reach the API (an AAAA record for the dual-stack load balancer) and the
    # internet over IPv6.
    assert 'module.cluster.aws_route53_record.apiserver["AAAA"]' in planned
    assert planned["module.cluster.aws_lb.nlb"]["ip_address_type"] == "dualstack"


@pytest.mark.parametrize(
    ("setting", "value"),
    [("networking: calico", "networking: flannel"), ("reboot_strategy: coordinated", None)],
)
def test_ipv6_only_workers_refuse_ghcr_images(cli: Cli, setting: str, value: str | None) -> None:
    if value:
        replace_once(cli.cluster_file, setting, value)
    replace_once(cli.cluster_file, "    spot_price: 0.05", f"    spot_price: 0.05\n{IPV6_ONLY}")
    done = cli("validate")
    assert done.returncode == 1
    assert "cluster.yaml:" in done.stderr and "ghcr.io" in done.stderr and "'spot'" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_ghcr_images_are_the_ones_the_check_names() -> None:
    """The refusal above names flannel and the update operator: those must be exactly the
    images from ghcr.io (a registry without IPv6) that the bootstrap module deploys."""
    images = (REPO / "terraform" / "modules" / "bootstrap" / "images.tf").read_text()
    ghcr = set(re.findall(r"^\s*(\w+)\s*=\s*\"ghcr\.io/", images, re.MULTILINE))
    assert ghcr and all(
        key.startswith(("flannel", "flatcar_linux_update_operator")) for key in ghcr
    ), ghcr
