"""The whole path on the example, in the sandbox against railyard's azurerm schema: validate,
plan, apply, status, an empty second plan, every node's Ignition through the real
ignition-validate and Ignition's own files stage and within Azure's custom data limit, the
network that is open, drift and its repair, controller changes that wait for replacement,
destroy."""

from __future__ import annotations

import base64
import ipaddress
import json
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.aws.test_lifecycle import _file
from tests.conftest import replace_once
from tests.node.ignition_tools import apply_config, validate

from .conftest import Cli

# The example's SSH rule on the controllers (its ssh_cidrs is 203.0.113.0/24).
SSH_RULE = 'module.cluster.azurerm_network_security_rule.allow["controller-ssh-ipv4"]'
CUSTOM_DATA_LIMIT = 64 * 1024  # Azure, before base64 encoding
CONTROLLERS = [f"demo-controller-{n}" for n in range(3)]


def _pending(cli: Cli) -> list[str]:
    return list(json.loads(cli.ok("output", "pending_controller_replacements").stdout))


def _machines(cli: Cli) -> dict[str, dict[str, Any]]:
    return {vm["name"]: vm for vm in cli.cloud()["azurerm_linux_virtual_machine"].values()}


def _scale_sets(cli: Cli) -> dict[str, dict[str, Any]]:
    sets = cli.cloud()["azurerm_orchestrated_virtual_machine_scale_set"].values()
    return {s["name"]: s for s in sets}


def _custom_data(encoded: str) -> str:
    data = base64.b64decode(encoded)
    assert len(data) <= CUSTOM_DATA_LIMIT, len(data)
    return data.decode()


def _check_boots(custom_data: str, full: str, workdir: Path, wanted: list[str]) -> None:
    """The config Azure hands the node is the full config, compressed; both validate, and
    Ignition's files stage writes what the node needs (secrets 0600 or tighter)."""
    workdir.mkdir()
    assert validate(custom_data, workdir) == ""
    assert validate(full, workdir) == ""
    root = apply_config(custom_data, workdir)
    for path in wanted:
        assert (root / path.lstrip("/")).is_file(), path
    key = root / "etc/ssl/etcd/peer.key"
    if key.exists():
        assert stat.S_IMODE(key.stat().st_mode) & 0o077 == 0


def _check_network(cli: Cli) -> None:
    """Only SSH (from ssh_cidrs), 6443, 80 and 443 are open beyond the cluster's subnets;
    everything else inbound is denied after the load balancer's probes."""
    cloud = cli.cloud()
    subnets = {prefix for s in cloud["azurerm_subnet"].values() for prefix in s["address_prefixes"]}
    outside, last = set(), set()
    for rule in cloud["azurerm_network_security_rule"].values():
        group = rule["network_security_group_name"]
        sources = set(rule["source_address_prefixes"] or [rule["source_address_prefix"]])
        if rule["priority"] >= 3000:
            last.add((group, rule["access"], rule["source_address_prefix"], rule["priority"]))
            continue
        assert rule["access"] == "Allow" and rule["direction"] == "Inbound"
        assert set(rule["destination_address_prefixes"]) <= subnets
        if not sources <= subnets:
            outside |= {(group, rule["destination_port_range"], source) for source in sources}
    assert outside == {
        ("demo-controller", "22", "203.0.113.0/24"),
        ("demo-worker", "22", "203.0.113.0/24"),
        ("demo-controller", "6443", "*"),
        ("demo-worker", "80", "*"),
        ("demo-worker", "443", "*"),
    }
    assert last == {
        (group, access, source, priority)
        for group in ("demo-controller", "demo-worker")
        for access, source, priority in (("Allow", "AzureLoadBalancer", 3000), ("Deny", "*", 3005))
    }
    priorities = [
        (r["network_security_group_name"], r["priority"])
        for r in cloud["azurerm_network_security_rule"].values()
    ]
    assert len(set(priorities)) == len(priorities)  # Azure refuses two rules at one priority
    # both groups guard their subnets
    associations = cloud["azurerm_subnet_network_security_group_association"].values()
    assert len({a["subnet_id"] for a in associations}) == 2


def _check_load_balancer(cli: Cli) -> None:
    cloud = cli.cloud()
    pools = {p["id"]: p["name"] for p in cloud["azurerm_lb_backend_address_pool"].values()}
    rules = {r["name"]: r for r in cloud["azurerm_lb_rule"].values()}
    assert {name: pools[r["backend_address_pool_ids"][0]] for name, r in rules.items()} == {
        "apiserver-ipv4": "controller-ipv4",
        "apiserver-ipv6": "controller-ipv6",
        "ingress-80-ipv4": "ingress-ipv4",
        "ingress-80-ipv6": "ingress-ipv6",
        "ingress-443-ipv4": "ingress-ipv4",
        "ingress-443-ipv6": "ingress-ipv6",
    }
    outbound = {
        pools[r["backend_address_pool_id"]] for r in cloud["azurerm_lb_outbound_rule"].values()
    }
    assert outbound == {"worker-ipv4", "worker-ipv6"}
    joined = {
        name: {
            pools[i]
            for c in s["network_interface"][0]["ip_configuration"]
            for i in c["load_balancer_backend_address_pool_ids"]
        }
        for name, s in _scale_sets(cli).items()
    }
    assert joined == {
        "demo-ingress": {"worker-ipv4", "worker-ipv6", "ingress-ipv4", "ingress-ipv6"},
        "demo-spot": {"worker-ipv4", "worker-ipv6"},
    }
    members = [
        pools[a["backend_address_pool_id"]]
        for a in cloud["azurerm_network_interface_backend_address_pool_association"].values()
    ]
    assert sorted(members) == sorted(["controller-ipv4", "controller-ipv6"] * 3)
    # the API's names point at the load balancer's frontends, etcd's at the controllers
    frontends = {
        a["ip_version"]: a["ip_address"]
        for a in cloud["azurerm_public_ip"].values()
        if a["name"].startswith("demo-frontend-")
    }
    records = {
        (r["name"], r["fqdn"]): r["records"]
        for kind in ("azurerm_dns_a_record", "azurerm_dns_aaaa_record")
        for r in cloud[kind].values()
    }
    assert records[("demo", "demo.example.com.")] in ([frontends["IPv4"]], [frontends["IPv6"]])
    addresses = {vm["name"]: vm["private_ip_address"] for vm in _machines(cli).values()}
    for index, name in enumerate(CONTROLLERS):
        assert records[(f"demo-etcd{index}", f"demo-etcd{index}.example.com.")] == [addresses[name]]


@pytest.fixture
def boot_dir() -> Iterator[Path]:
    """Not under pytest's tmp dir: that is mode 0700, and Ignition writes ~core/.ssh as core."""
    base = Path(tempfile.mkdtemp(prefix="railyard-azure-ignition-"))
    base.chmod(0o755)
    yield base
    shutil.rmtree(base)


@pytest.mark.slow
def test_example_lifecycle(cli: Cli, boot_dir: Path) -> None:
    cli.ok("validate")
    cli.ok("plan")
    cli.ok("apply", "--auto-approve")

    status = cli.json("status", "--json")
    controllers = [n for n in status["nodes"] if n["role"] == "controller"]
    assert [n["name"] for n in controllers] == CONTROLLERS
    for node in controllers:  # the controller subnet is the first half of host_cidr
        assert ipaddress.ip_address(node["address"]) in ipaddress.ip_network("10.0.0.0/17")
        assert node["id"].endswith(f"/Microsoft.Compute/virtualMachines/{node['name']}")
    assert status["worker_pools"] == [{"name": "ingress", "count": 2}, {"name": "spot", "count": 3}]

    assert cli("plan", "--detailed-exitcode").returncode == 0  # nothing left to do

    ignition = json.loads(cli.ok("output", "ignition").stdout)
    assert sorted(ignition) == [
        *(f"controller-{n}" for n in range(3)),
        "worker-ingress",
        "worker-spot",
    ]
    machines, scale_sets = _machines(cli), _scale_sets(cli)
    for index, name in enumerate(CONTROLLERS):
        vm = machines[name]
        assert vm["source_image_reference"][0]["offer"] == "flatcar-container-linux-free"
        assert vm["plan"][0]["name"] == "stable-gen2"
        assert vm["os_disk"][0]["disk_size_gb"] == 64
        custom_data = _custom_data(vm["custom_data"])
        wanted = [
            "/etc/ssl/etcd/peer.key",
            "/etc/kubernetes/admin.conf",
            "/etc/sysctl.d/90-etcd.conf",
        ]
        _check_boots(custom_data, ignition[f"controller-{index}"], boot_dir / name, wanted)
    spot = scale_sets["demo-spot"]
    assert (spot["priority"], spot["eviction_policy"], spot["max_bid_price"]) == (
        "Spot",
        "Delete",
        0.05,
    )
    assert scale_sets["demo-ingress"]["priority"] == "Regular"
    for pool in ("ingress", "spot"):
        custom_data = _custom_data(scale_sets[f"demo-{pool}"]["os_profile"][0]["custom_data"])
        wanted = ["/etc/kubernetes/bootstrap-kubeconfig", "/etc/kubernetes/kubelet-config.json"]
        _check_boots(custom_data, ignition[f"worker-{pool}"], boot_dir / pool, wanted)
        assert "ca.key" not in ignition[f"worker-{pool}"]  # workers hold no cluster secrets
    _check_network(cli)
    _check_load_balancer(cli)

    cli.ok("sandbox", "mutate", SSH_RULE, "destination_port_range=2222")
    drift = cli("drift", "--format", "json")
    assert drift.returncode == 2, drift.stderr
    report = json.loads(drift.stdout)
    assert [r["address"] for r in report["resources"]] == [SSH_RULE]
    assert "destination_port_range" in json.dumps(report["resources"][0]["attributes"])
    cli.ok("apply", "--auto-approve")
    assert cli("drift").returncode == 0

    # A new image or controller config waits for a deliberate replacement: etcd lives there.
    before = {
        name: (vm["id"], vm["source_image_reference"], vm["custom_data"])
        for name, vm in machines.items()
    }
    replace_once(cli.cluster_file, "version: current ", "version: 4081.2.0 ")  # another image
    applied = cli.ok("apply", "--auto-approve")
    assert "waits for a deliberate replacement" in applied.stderr
    assert all(name in applied.stderr for name in CONTROLLERS)
    assert "waits for a deliberate replacement" in cli.ok("status").stderr
    after = {
        name: (vm["id"], vm["source_image_reference"], vm["custom_data"])
        for name, vm in _machines(cli).items()
    }
    assert after == before
    assert _pending(cli) == CONTROLLERS
    # the pools keep their image too (Flatcar updates itself)
    assert {s["source_image_reference"][0]["version"] for s in _scale_sets(cli).values()} == {
        "4230.2.0"
    }

    replace_once(cli.directory / "snippets" / "controller.yaml", "524288", "1048576")
    cli.ok("apply", "--auto-approve")
    after = {
        name: (vm["id"], vm["source_image_reference"], vm["custom_data"])
        for name, vm in _machines(cli).items()
    }
    assert after == before
    ignition = json.loads(cli.ok("output", "ignition").stdout)
    for index in range(3):  # the output has the new config; the machines keep theirs
        assert "1048576" in _file(ignition[f"controller-{index}"], "/etc/sysctl.d/90-etcd.conf")
    assert _pending(cli) == CONTROLLERS

    cli.ok("destroy", "--auto-approve")
    assert cli.cloud() == {}
