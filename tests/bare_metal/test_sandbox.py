"""The bare-metal platform under real terraform against the sandbox's matchbox stand-in:
plan, apply, an empty second plan, drift after a change behind terraform's back, repair,
destroy; what matchbox serves (valid Ignition, no secrets); both terraform versions."""

from __future__ import annotations

import base64
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from railyard.sandbox import store
from tests.conftest import TERRAFORMS

from .conftest import Workspace, example_cluster, newest_terraform, render_workspace

pytestmark = pytest.mark.slow


def _resources(module: dict[str, Any]) -> list[dict[str, Any]]:
    found = list(module.get("resources", []))
    for child in module.get("child_modules", []):
        found += _resources(child)
    return found


def _secrets(resources: list[dict[str, Any]]) -> list[str]:
    """Every private key and the bootstrap token secret terraform made."""
    found = [r["values"]["private_key_pem"] for r in resources if r["type"] == "tls_private_key"]
    found += [
        r["values"]["result"] for r in resources if r["address"].endswith("bootstrap_token_secret")
    ]
    return found


def _ignition_problems(config: str, scratch: Path) -> str:
    scratch.write_text(config)
    done = subprocess.run(["ignition-validate", str(scratch)], capture_output=True, text=True)
    return done.stdout + done.stderr if done.returncode else ""


def _served(workspace: Workspace) -> dict[str, dict[str, Any]]:
    return {
        name: attributes
        for name, attributes in store.find(workspace.sandbox_dir, "matchbox_profile").items()
    }


def test_lifecycle_serves_configs_without_secrets(terraform_bin: str, tmp_path: Path) -> None:
    cluster = example_cluster(tmp_path / "cluster", copy_assets=False)
    workspace = render_workspace(cluster, tmp_path / "work", terraform_bin, tmp_path / "home")
    workspace.run("validate")
    workspace.run("plan", "-input=false", "-out=first.plan")
    workspace.run("apply", "-input=false", "first.plan")
    workspace.run("plan", "-input=false", "-detailed-exitcode")

    outputs = json.loads(workspace.run("output", "-json").stdout)
    assert outputs["nodes"]["value"] == [
        {
            "role": "controller",
            "name": "node1",
            "address": "node1.example.com",
            "id": "52:54:00:a1:9c:ae",
        },
        {
            "role": "worker",
            "name": "node2",
            "address": "node2.example.com",
            "id": "52:54:00:b2:2f:86",
        },
        {
            "role": "worker",
            "name": "node3",
            "address": "node3.example.com",
            "id": "52:54:00:c3:61:77",
        },
    ]
    assert outputs["worker_pools"]["value"] == [{"name": "workers", "count": 2}]
    assert outputs["api_endpoint"]["value"] == "https://node1.example.com:6443"

    # per machine: an install profile matched by MAC, the installed one by MAC and os=installed
    groups = store.find(workspace.sandbox_dir, "matchbox_group")
    macs = {
        "node1": "52:54:00:a1:9c:ae",
        "node2": "52:54:00:b2:2f:86",
        "node3": "52:54:00:c3:61:77",
    }
    assert {name: (g["profile"], g["selector"]) for name, g in groups.items()} == {
        **{f"metal-install-{n}": (f"metal-install-{n}", {"mac": mac}) for n, mac in macs.items()},
        **{
            f"metal-{n}": (f"metal-{n}", {"mac": mac, "os": "installed"}) for n, mac in macs.items()
        },
    }
    profiles = _served(workspace)
    # `railyard ignition`'s output: each machine's installed config, as matchbox serves it
    assert outputs["ignition"]["value"] == {
        "controller-0": profiles["metal-node1"]["raw_ignition"],
        "worker-node2": profiles["metal-node2"]["raw_ignition"],
        "worker-node3": profiles["metal-node3"]["raw_ignition"],
    }
    install = profiles["metal-install-node1"]
    assert install["kernel"] == (
        "https://stable.release.flatcar-linux.net/amd64-usr/current/flatcar_production_pxe.vmlinuz"
    )
    assert install["args"][-2:] == ["console=tty0", "console=ttyS0,115200n8"]
    installer = json.loads(install["raw_ignition"])["storage"]["files"][0]
    script = base64.b64decode(installer["contents"]["source"].split(",", 1)[1]).decode()
    assert (
        "curl --fail --retry 10 --retry-delay 5 --output /tmp/ignition.json "
        '"http://matchbox.example.com:8080/ignition?mac=52:54:00:a1:9c:ae&os=installed"'
    ) in script
    assert (
        'flatcar-install -d "/dev/sda" -C "stable" -V "current" -o "" -i /tmp/ignition.json'
        in script
    )

    # valid Ignition everywhere, and no key or token in anything matchbox serves
    state = workspace.state()
    secrets = _secrets(_resources(state["values"]["root_module"]))
    assert len(secrets) > 10
    for name, profile in profiles.items():
        assert not _ignition_problems(profile["raw_ignition"], tmp_path / "config.ign"), name
        assert not [s for s in secrets if s.strip() in profile["raw_ignition"]], name
    node3 = json.loads(profiles["metal-node3"]["raw_ignition"])
    merged = [m["source"] for m in node3["ignition"]["config"]["merge"]]
    assert any("gpu.conf" in base64.b64decode(s.split(",", 1)[1]).decode() for s in merged)

    # someone repoints a machine's installed group: drift, then terraform puts it back
    store.mutate(workspace.sandbox_dir, "matchbox_group", "metal-node2", {"selector.os": "other"})
    drift = workspace.run("plan", "-refresh-only", "-input=false", "-out=drift.plan")
    assert "Objects have changed outside of Terraform" in drift.stdout
    shown = json.loads(workspace.run("show", "-json", "drift.plan").stdout)
    assert [d["address"] for d in shown["resource_drift"]] == [
        'module.workers["workers"].module.machines["node2"].matchbox_group.installed'
    ]
    workspace.run("plan", "-input=false", "-detailed-exitcode", codes=(2,))
    workspace.run("apply", "-input=false", "-auto-approve")
    assert store.find(workspace.sandbox_dir, "matchbox_group")["metal-node2"]["selector"]["os"] == (
        "installed"
    )
    workspace.run("plan", "-input=false", "-detailed-exitcode")

    workspace.run("destroy", "-input=false", "-auto-approve")
    assert store.summary(workspace.sandbox_dir) == {}


def test_cached_install_uses_matchbox_assets(tmp_path: Path) -> None:
    cluster = example_cluster(
        tmp_path / "cluster",
        copy_assets=False,
        cached_install=True,
        oem_type="pxe",
        install_disk="/dev/nvme0n1",
    )
    text = cluster.read_text().replace("version: current", "version: 4081.2.0")
    cluster.write_text(text)
    terraform = newest_terraform(TERRAFORMS)
    workspace = render_workspace(cluster, tmp_path / "work", terraform, tmp_path / "home")
    workspace.run("apply", "-input=false", "-auto-approve")
    install = _served(workspace)["metal-install-node2"]
    assert install["kernel"] == "/assets/flatcar/4081.2.0/flatcar_production_pxe.vmlinuz"
    assert install["initrd"] == ["/assets/flatcar/4081.2.0/flatcar_production_pxe_image.cpio.gz"]
    installer = json.loads(install["raw_ignition"])["storage"]["files"][0]
    script = base64.b64decode(installer["contents"]["source"].split(",", 1)[1]).decode()
    assert (
        'flatcar-install -d "/dev/nvme0n1" -C "stable" -V "4081.2.0" -o "pxe" '
        '-b "http://matchbox.example.com:8080/assets/flatcar" -i /tmp/ignition.json'
    ) in script
