"""The whole path on the gcp example, in the sandbox against railyard's google schema:
validate, plan, apply, status, an empty second plan, real Ignition checks (ignition-validate
and Ignition's own files stage), drift and its repair, controller changes that wait for a
deliberate replacement, destroy."""

from __future__ import annotations

import hashlib
import ipaddress
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

from tests.aws.conftest import Cli
from tests.conftest import replace_once
from tests.node.ignition_tools import apply_config, read_data_url, validate

SSH_RULE = 'module.cluster.google_compute_firewall.rule["ssh-ipv4"]'
HEALTH_CHECK_RANGES = ["130.211.0.0/22", "35.191.0.0/16"]
CONTROLLERS = [f"demo-controller-{n}" for n in range(3)]
JOURNALD = "/etc/systemd/journald.conf.d/90-size.conf"  # written by the example's snippet


def _pending(cli: Cli) -> list[str]:
    return list(json.loads(cli.ok("output", "pending_controller_replacements").stdout))


def _by(objects: dict[str, Any], key: str) -> dict[str, Any]:
    return {entry[key]: entry for entry in objects.values()}


def _controllers(cli: Cli) -> dict[str, Any]:
    return _by(cli.cloud()["google_compute_instance"], "name")


def _objects(cli: Cli) -> dict[str, str]:
    return {o["name"]: o["content"] for o in cli.cloud()["google_storage_bucket_object"].values()}


def _check_firewall(cli: Cli) -> None:
    """Only SSH (from ssh_cidrs), 6443, 80, 443 and Google's health checkers come from
    outside the cluster's nodes; the rest is between the cluster's network tags."""
    tags = {"demo-controller", "demo-worker"}
    outside = []
    for rule in cli.cloud()["google_compute_firewall"].values():
        (allow,) = rule["allow"]
        assert rule["direction"] == "INGRESS"
        assert set(rule["target_tags"]) <= tags
        if rule["source_ranges"]:
            assert not rule["source_tags"]
            targets = sorted(rule["target_tags"])
            outside.append((targets, sorted(allow["ports"]), sorted(rule["source_ranges"])))
        else:
            assert rule["source_tags"] and set(rule["source_tags"]) <= tags
    both = ["demo-controller", "demo-worker"]
    assert sorted(outside) == sorted(
        [
            (both, ["22"], ["203.0.113.0/24"]),
            (both, ["22"], ["2001:db8::/32"]),  # one address family per rule
            (["demo-controller"], ["6443"], ["0.0.0.0/0"]),
            (["demo-worker"], ["443", "80"], ["0.0.0.0/0"]),
            (["demo-worker"], ["10254", "10256"], HEALTH_CHECK_RANGES),
        ]
    )


def _check_load_balancers(cli: Cli) -> None:
    """The API's proxy reaches every controller through the zones' instance groups, on the
    addresses its DNS records name; ingress reaches the ingress pool's group only."""
    cloud = cli.cloud()
    addresses = _by(cloud["google_compute_global_address"], "name")
    api = {v: addresses[f"demo-apiserver-{v}"]["address"] for v in ("ipv4", "ipv6")}
    assert ipaddress.ip_address(api["ipv4"]).version == 4
    assert ipaddress.ip_address(api["ipv6"]).version == 6
    records = {
        (r["name"], r["type"]): r["rrdatas"] for r in cloud["google_dns_record_set"].values()
    }
    assert records[("demo.example.com.", "A")] == [api["ipv4"]]
    assert records[("demo.example.com.", "AAAA")] == [api["ipv6"]]
    controllers = _controllers(cli)
    for index, name in enumerate(CONTROLLERS):
        address = controllers[name]["network_interface"][0]["network_ip"]
        assert records[(f"demo-etcd{index}.example.com.", "A")] == [address]

    groups = cloud["google_compute_instance_group"].values()
    assert sorted(g["zone"] for g in groups) == [f"europe-west1-{z}" for z in "bcd"]
    members = sorted(link for g in groups for link in g["instances"])
    assert members == sorted(c["self_link"] for c in controllers.values())
    services = _by(cloud["google_compute_backend_service"], "name")
    backends = {b["group"] for b in services["demo-apiserver"]["backend"]}
    assert backends == {g["self_link"] for g in groups}
    proxies = _by(cloud["google_compute_target_tcp_proxy"], "name")
    rules = _by(cloud["google_compute_global_forwarding_rule"], "name")
    for version in ("ipv4", "ipv6"):
        rule = rules[f"demo-apiserver-{version}"]
        assert (rule["ip_address"], rule["port_range"]) == (api[version], "6443")
        assert rule["target"] == proxies["demo-apiserver"]["self_link"]

    managers = _by(cloud["google_compute_region_instance_group_manager"], "name")
    ingress_group = managers["demo-ingress"]["instance_group"]
    for port in ("http", "https"):
        (backend,) = services[f"demo-ingress-{port}"]["backend"]
        assert backend["group"] == ingress_group
        for version in ("ipv4", "ipv6"):
            rule = rules[f"demo-ingress-{port}-{version}"]
            assert rule["ip_address"] == addresses[f"demo-ingress-{version}"]["address"]
            assert rule["port_range"] == {"http": "80", "https": "443"}[port]
            assert rule["target"] == proxies[f"demo-ingress-{port}"]["self_link"]
    assert len(rules) == 6  # the spot pool serves no ingress


def _check_controllers(cli: Cli, ignition: dict[str, str], tmp_path: Path) -> None:
    """user-data points at the controller's own object, by hash; only that controller's
    service account may read it; the bucket is private."""
    cloud = cli.cloud()
    (bucket,) = cloud["google_storage_bucket"].values()
    assert bucket["uniform_bucket_level_access"] is True
    assert bucket["public_access_prevention"] == "enforced"
    objects = _by(cloud["google_storage_bucket_object"], "name")
    accounts = _by(cloud["google_service_account"], "email")
    grants = {g["member"]: g for g in cloud["google_storage_bucket_iam_member"].values()}
    assert len(grants) == 3

    controllers = _controllers(cli)
    assert sorted(controllers) == CONTROLLERS
    for index, name in enumerate(CONTROLLERS):
        instance = controllers[name]
        user_data = instance["metadata"]["user-data"]
        assert len(user_data) < 1024
        assert validate(user_data, tmp_path) == ""
        replace = json.loads(user_data)["ignition"]["config"]["replace"]
        key = f"ignition/{name}.json"
        assert replace["source"] == f"gs://{bucket['name']}/{key}"
        full = ignition[f"controller-{index}"]
        assert objects[key]["content"] == full
        assert (
            replace["verification"]["hash"] == f"sha512-{hashlib.sha512(full.encode()).hexdigest()}"
        )
        assert validate(full, tmp_path) == ""
        # Ignition reads the object with this account's token: read-only storage scope
        (account,) = instance["service_account"]
        assert account["scopes"] == ["https://www.googleapis.com/auth/devstorage.read_only"]
        member = accounts[account["email"]]["member"]
        grant = grants[member]
        assert (grant["bucket"], grant["role"]) == (bucket["name"], "roles/storage.objectViewer")
        (condition,) = grant["condition"]
        own = f'"projects/_/buckets/{bucket["name"]}/objects/{key}"'
        assert condition["expression"] == f"resource.name == {own}"
        (disk,) = instance["boot_disk"][0]["initialize_params"]
        assert disk["image"].endswith(
            "/projects/kinvolk-public/global/images/flatcar-stable-4230-2-0"
        )
        assert (disk["size"], disk["type"]) == (40, "pd-balanced")
        assert instance["network_interface"][0]["stack_type"] == "IPV4_IPV6"
        assert instance["zone"] == f"europe-west1-{'bcd'[index]}"


def _check_workers(cli: Cli, ignition: dict[str, str], tmp_path: Path) -> None:
    cloud = cli.cloud()
    templates = {
        t["name"].rsplit("-", 1)[0]: t
        for t in cloud["google_compute_region_instance_template"].values()
    }
    managers = _by(cloud["google_compute_region_instance_group_manager"], "name")
    for pool, size in (("ingress", 2), ("spot", 3)):
        template = templates[f"demo-{pool}"]
        assert validate(template["metadata"]["user-data"], tmp_path) == ""
        assert validate(ignition[f"worker-{pool}"], tmp_path) == ""
        assert template["service_account"] == []  # workers hold no cloud credentials
        manager = managers[f"demo-{pool}"]
        assert manager["target_size"] == size
        assert manager["version"][0]["instance_template"] == template["self_link"]
        assert sorted(manager["distribution_policy_zones"]) == [f"europe-west1-{z}" for z in "bcd"]
    (spot,) = templates["demo-spot"]["scheduling"]
    assert (spot["provisioning_model"], spot["preemptible"]) == ("SPOT", True)
    assert spot["instance_termination_action"] == "STOP"
    (standard,) = templates["demo-ingress"]["scheduling"]
    assert (standard["provisioning_model"], standard["preemptible"]) == ("STANDARD", False)
    # the ingress pool's labels and taints reach its kubelet
    config = json.loads(ignition["worker-ingress"])
    files = {f["path"]: f["contents"] for f in config["storage"]["files"]}
    kubelet = json.loads(read_data_url(files["/etc/kubernetes/kubelet-config.json"]))
    taint = {"key": "dedicated", "value": "ingress", "effect": "NoSchedule"}
    assert taint in kubelet["registerWithTaints"]
    (unit,) = [u for u in config["systemd"]["units"] if u["name"] == "kubelet.service"]
    (environment,) = [d["contents"] for d in unit["dropins"] if d["name"] == "10-environment.conf"]
    assert "node.kubernetes.io/ingress=true" in environment
    assert "node.kubernetes.io/pool=ingress" in environment


def _check_files_stage(ignition: dict[str, str]) -> None:
    """Ignition's own fetch-offline and files stages write every file of every node's
    config (the merged snippets' too). Not under pytest's tmp dir: that is mode 0700, and
    Ignition writes ~core/.ssh as core."""
    base = Path(tempfile.mkdtemp(prefix="railyard-gcp-ignition-"))
    base.chmod(0o755)
    try:
        for node, text in sorted(ignition.items()):
            root = apply_config(text, base / node)
            files = _files(text)
            for path, contents in files.items():
                assert (root / path.lstrip("/")).read_bytes() == contents, path
            if node.startswith("controller"):
                assert b"SystemMaxUse=2G" in files[JOURNALD]  # the example's snippet
    finally:
        shutil.rmtree(base)


@pytest.mark.slow
def test_example_lifecycle(cli: Cli, tmp_path: Path) -> None:
    cli.ok("validate")
    cli.ok("plan")
    cli.ok("apply", "--auto-approve")

    status = cli.json("status", "--json")
    controllers = [n for n in status["nodes"] if n["role"] == "controller"]
    assert [n["name"] for n in controllers] == CONTROLLERS
    for node in controllers:
        assert ipaddress.ip_address(node["address"]) in ipaddress.ip_network("10.0.0.0/16")
        assert node["id"].isdigit()
    assert status["worker_pools"] == [{"name": "ingress", "count": 2}, {"name": "spot", "count": 3}]

    assert cli("plan", "--detailed-exitcode").returncode == 0  # nothing left to do

    ignition = json.loads(cli.ok("output", "ignition").stdout)
    assert sorted(ignition) == [
        *[f"controller-{n}" for n in range(3)],
        "worker-ingress",
        "worker-spot",
    ]
    _check_firewall(cli)
    _check_load_balancers(cli)
    _check_controllers(cli, ignition, tmp_path)
    _check_workers(cli, ignition, tmp_path)
    _check_files_stage(ignition)

    cli.ok("sandbox", "mutate", SSH_RULE, 'source_ranges=["0.0.0.0/0"]')
    drift = cli("drift", "--format", "json")
    assert drift.returncode == 2, drift.stderr
    report = json.loads(drift.stdout)
    assert [r["address"] for r in report["resources"]] == [SSH_RULE]
    assert "source_ranges" in json.dumps(report["resources"][0]["attributes"])
    cli.ok("apply", "--auto-approve")
    assert cli("drift").returncode == 0

    # A new image or controller config waits for a deliberate replacement: etcd lives there.
    instances = {name: c["instance_id"] for name, c in _controllers(cli).items()}
    contents = _objects(cli)
    replace_once(cli.cluster_file, "version: current ", "version: 4081.2.0 ")  # another image
    applied = cli.ok("apply", "--auto-approve")
    assert "waits for a deliberate replacement" in applied.stderr
    assert all(name in applied.stderr for name in CONTROLLERS)
    assert "waits for a deliberate replacement" in cli.ok("status").stderr
    assert {name: c["instance_id"] for name, c in _controllers(cli).items()} == instances
    assert _objects(cli) == contents
    assert _pending(cli) == CONTROLLERS

    snippet = cli.directory / "snippets" / "controller.yaml"
    replace_once(snippet, "SystemMaxUse=2G", "SystemMaxUse=4G")
    cli.ok("apply", "--auto-approve")
    assert {name: c["instance_id"] for name, c in _controllers(cli).items()} == instances
    changed = _objects(cli)
    assert sorted(changed) == sorted(contents)
    assert all(changed[key] != contents[key] for key in contents)
    assert all(b"SystemMaxUse=4G" in _files(text)[JOURNALD] for text in changed.values())
    assert _pending(cli) == CONTROLLERS

    cli.ok("destroy", "--auto-approve")
    assert cli.cloud() == {}


def _files(ignition: str) -> dict[str, bytes]:
    """path -> contents of every file in a full Ignition config and the configs it merges
    (data URLs)."""
    config = json.loads(ignition)
    merged = [json.loads(read_data_url(m)) for m in config["ignition"]["config"].get("merge", [])]
    return {
        entry["path"]: read_data_url(entry["contents"])
        for part in [config, *merged]
        for entry in part.get("storage", {}).get("files", [])
    }
