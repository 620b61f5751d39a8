"""The packet platform module's whole life in the sandbox, on every terraform found: apply,
an empty second plan, the devices and DNS records it made, each node's Ignition checked by
ignition-validate and free of secrets, drift and its repair, a controller config change that
waits for replacement, a worker config change that replaces the pool's device, destroy."""

from __future__ import annotations

import ipaddress
import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from railyard.sandbox import store
from tests.node.ignition_tools import read_data_url, validate
from tests.sandbox.conftest import Sandboxed

from .conftest import make_cluster

pytestmark = pytest.mark.slow

CONTROLLERS = [f"metal-controller-{n}" for n in range(3)]
WORKERS = ["metal-general-0", "metal-general-1", "metal-reserved-0"]
SECRET_MARKS = ("PRIVATE KEY", "token:", "client-key-data")


def _devices(box: Sandboxed) -> dict[str, dict[str, Any]]:
    """hostname -> the fake cloud's device."""
    devices = store.find(box.sandbox_dir, "equinix_metal_device").values()
    return {d["hostname"]: d for d in devices}


def _records(box: Sandboxed) -> dict[str, list[str]]:
    return {
        r["name"]: r["records"] for r in store.find(box.sandbox_dir, "aws_route53_record").values()
    }


def _output(box: Sandboxed, name: str) -> Any:
    return json.loads(box.run("output", "-json", name).stdout)


def _files(ignition: str) -> dict[str, str]:
    """path -> contents of every file in a config and the snippets it merges."""
    config = json.loads(ignition)
    merged = [json.loads(read_data_url(m)) for m in config["ignition"]["config"].get("merge", [])]
    return {
        entry["path"]: read_data_url(entry["contents"]).decode()
        for part in [config, *merged]
        for entry in part.get("storage", {}).get("files", [])
    }


def _check_devices(box: Sandboxed) -> None:
    devices = _devices(box)
    assert sorted(devices) == sorted(CONTROLLERS + WORKERS)
    for name, device in devices.items():
        assert uuid.UUID(device["id"]).version == 4
        assert device["project_id"] == "7d2f6a3c-1b4e-4f8a-9c0d-2e5b6a7c8d9e"
        assert device["metro"] == "da"
        assert device["operating_system"] == "flatcar_stable"
        assert device["billing_cycle"] == "hourly"
        assert "railyard:cluster=metal" in device["tags"] and "team:platform" in device["tags"]
        public = ipaddress.ip_address(device["access_public_ipv4"])
        assert not public.is_private or public in ipaddress.ip_network("198.51.100.0/24")
        assert ipaddress.ip_address(device["access_private_ipv4"]).is_private
        families = sorted(n["family"] for n in device["network"])
        assert families == [4, 4, 6], name
    assert {devices[n]["plan"] for n in CONTROLLERS + WORKERS[:2]} == {"c3.small.x86"}
    reserved = devices["metal-reserved-0"]
    assert reserved["plan"] == "m3.large.x86"
    assert reserved["hardware_reservation_id"] == "next-available"
    assert uuid.UUID(reserved["deployed_hardware_reservation_id"])
    assert "railyard:pool=reserved" in reserved["tags"]

    # Lokomotive's DNS: the API name on every controller's public address, etcd on private.
    records = _records(box)
    assert sorted(records["metal.example.com"]) == sorted(
        devices[n]["access_public_ipv4"] for n in CONTROLLERS
    )
    for index, name in enumerate(CONTROLLERS):
        assert records[f"metal-etcd{index}.example.com"] == [devices[name]["access_private_ipv4"]]

    nodes = _output(box, "nodes")
    assert [n["name"] for n in nodes] == CONTROLLERS + WORKERS
    for node in nodes:
        device = devices[node["name"]]
        assert node["id"] == device["id"]
        assert node["address"] == device["access_public_ipv4"]
        assert node["role"] == ("controller" if "controller" in node["name"] else "worker")


def _check_ignition(box: Sandboxed, tmp_path: Path) -> None:
    """Every node boots its own valid Ignition, which holds no secret."""
    ignition = _output(box, "ignition")
    assert sorted(ignition) == [
        *(f"controller-{n}" for n in range(3)),
        "worker-general",
        "worker-reserved",
    ]
    devices = _devices(box)
    users = {f"controller-{n}": [f"metal-controller-{n}"] for n in range(3)}
    users["worker-general"] = WORKERS[:2]
    users["worker-reserved"] = WORKERS[2:]
    for node, config in ignition.items():
        assert validate(config, tmp_path) == "", node
        assert all(devices[name]["user_data"] == config for name in users[node])
        files = _files(config)
        assert files["/etc/kubernetes/bootstrap-kubeconfig"].startswith("# railyard:")
        leaks = [p for p, text in files.items() for mark in SECRET_MARKS if mark in text]
        assert leaks == [], node
    controller = _files(ignition["controller-0"])
    assert controller["/etc/sysctl.d/90-etcd.conf"] == "fs.inotify.max_user_watches=524288\n"
    reserved = json.loads(ignition["worker-reserved"])
    kubelet = json.loads(_files(ignition["worker-reserved"])["/etc/kubernetes/kubelet-config.json"])
    taint = {"key": "dedicated", "value": "storage", "effect": "NoSchedule"}
    assert taint in kubelet["registerWithTaints"]
    (unit,) = [u for u in reserved["systemd"]["units"] if u["name"] == "kubelet.service"]
    (environment,) = [d["contents"] for d in unit["dropins"] if d["name"] == "10-environment.conf"]
    assert "node.kubernetes.io/pool=reserved" in environment
    assert "topology.kubernetes.io/region=da" in environment
    general = _files(ignition["worker-general"])
    assert "/etc/motd.d/pool.conf" not in general


def _drift(box: Sandboxed) -> dict[str, Any]:
    """address -> change of every object that changed outside terraform (refresh-only)."""
    box.run("plan", "-refresh-only", "-input=false", "-out=drift.plan")
    shown = json.loads(box.run("show", "-json", "drift.plan").stdout)
    return {d["address"]: d["change"] for d in shown.get("resource_drift", [])}


def test_module_lifecycle(terraform_bin: str, tmp_path: Path) -> None:
    box = make_cluster(terraform_bin, tmp_path)
    box.run("init", "-input=false")
    box.run("validate")
    box.run("apply", "-auto-approve", "-input=false")
    assert box.run("plan", "-detailed-exitcode", "-input=false").returncode == 0
    assert store.summary(box.sandbox_dir)["equinix_metal_device"] == 6
    assert store.summary(box.sandbox_dir)["aws_route53_record"] == 4
    _check_devices(box)
    _check_ignition(box, tmp_path)
    assert _output(box, "pending_controller_replacements") == []

    # Someone retags a worker and deletes an etcd record behind terraform's back.
    worker = _devices(box)["metal-general-1"]
    store.mutate(box.sandbox_dir, "equinix_metal_device", worker["id"], {"tags.0": "stolen"})
    (etcd,) = [
        key
        for key, record in store.find(box.sandbox_dir, "aws_route53_record").items()
        if record["name"] == "metal-etcd1.example.com"
    ]
    store.delete(box.sandbox_dir, "aws_route53_record", etcd)
    drift = _drift(box)
    assert set(drift) == {
        "module.general.equinix_metal_device.worker[1]",
        "module.cluster.aws_route53_record.etcd[1]",
    }
    assert drift["module.general.equinix_metal_device.worker[1]"]["after"]["tags"][0] == "stolen"
    box.run("apply", "-auto-approve", "-input=false")
    assert box.run("plan", "-detailed-exitcode", "-input=false").returncode == 0
    assert _devices(box)["metal-general-1"]["id"] == worker["id"]  # tags update in place
    assert _devices(box)["metal-general-1"]["tags"][0] == "team:platform"
    assert "metal-etcd1.example.com" in _records(box)

    # A controller config change waits for a deliberate replacement: etcd lives there.
    ids = {name: device["id"] for name, device in _devices(box).items()}
    snippet = box.workdir / "controller.ign"
    snippet.write_text(snippet.read_text().replace("524288", "1048576"))
    box.run("apply", "-auto-approve", "-input=false")
    assert {name: device["id"] for name, device in _devices(box).items()} == ids
    assert _output(box, "pending_controller_replacements") == CONTROLLERS
    assert box.run("plan", "-detailed-exitcode", "-input=false").returncode == 0

    # A pool's config change replaces that pool's devices, and only those.
    snippet = box.workdir / "worker.ign"
    snippet.write_text(snippet.read_text().replace("storage%20pool", "storage%20pool%202"))
    box.run("apply", "-auto-approve", "-input=false")
    after = {name: device["id"] for name, device in _devices(box).items()}
    assert [name for name in after if after[name] != ids[name]] == ["metal-reserved-0"]
    assert box.run("plan", "-detailed-exitcode", "-input=false").returncode == 0

    box.run("destroy", "-auto-approve", "-input=false")
    assert store.summary(box.sandbox_dir) == {}
