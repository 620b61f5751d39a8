"""The whole path on examples/packet through the real `railyard` CLI in the sandbox:
validate, plan, apply, status, an empty second plan, each node's Ignition, drift and its
repair, destroy. It needs the platform registry (issue 12, branch `registry`): until
`railyard.platforms` exists it is skipped."""

from __future__ import annotations

import importlib.util
import ipaddress
import json
import shutil
import uuid
from pathlib import Path

import pytest

from tests.aws.conftest import Cli, make_cli
from tests.conftest import REPO
from tests.node.ignition_tools import validate

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        importlib.util.find_spec("railyard.platforms") is None,
        reason="needs the platform registry (railyard.platforms) to render packet",
    ),
]

EXAMPLE = REPO / "examples" / "packet"
SHUTDOWN = "Equinix Metal (formerly Packet) was shut down on 2026-06-30"
WORKER = 'module.workers["general"].equinix_metal_device.worker[1]'


def _packet_cli(tmp_path: Path, terraform: str) -> Cli:
    cli = make_cli(tmp_path, terraform)
    shutil.rmtree(cli.directory)
    shutil.copytree(EXAMPLE, cli.directory)
    return cli


def test_example_lifecycle(tmp_path: Path, terraform_bin: str) -> None:
    cli = _packet_cli(tmp_path, terraform_bin)
    validated = cli.ok("validate")
    assert validated.stderr.count(SHUTDOWN) == 1  # warned once per run

    # The sandbox has no devices to reach: the SSH copy must be off, or apply would wait
    # for ssh_timeout (60m) on each device.
    cli.ok("render")
    tfvars = json.loads((cli.workdir / "terraform.tfvars.json").read_text())
    assert tfvars.get("copy_assets") is False, "the sandbox must render copy_assets = false"

    cli.ok("plan")
    cli.ok("apply", "--auto-approve")
    status = cli.json("status", "--json")
    controllers = [n for n in status["nodes"] if n["role"] == "controller"]
    assert [n["name"] for n in controllers] == [f"demo-controller-{n}" for n in range(3)]
    for node in controllers:
        assert ipaddress.ip_address(node["address"]) in ipaddress.ip_network("198.51.100.0/24")
        assert uuid.UUID(node["id"]).version == 4
    pools = {p["name"]: p["count"] for p in status["worker_pools"]}
    assert pools == {"general": 2, "storage": 1}
    assert cli("plan", "--detailed-exitcode").returncode == 0

    ignition = json.loads(cli.ok("output", "ignition").stdout)
    assert sorted(ignition) == [
        "controller-0",
        "controller-1",
        "controller-2",
        "worker-general",
        "worker-storage",
    ]
    for node, config in ignition.items():
        assert validate(config, tmp_path) == "", node
        assert "PRIVATE KEY" not in json.dumps(config)
    shown = cli.ok("ignition", "--role", "controller", "--index", "1").stdout
    assert json.loads(shown) == json.loads(ignition["controller-1"])

    cli.ok("sandbox", "mutate", WORKER, "tags.0=stolen")
    drift = cli("drift", "--format", "json")
    assert drift.returncode == 2, drift.stderr
    assert [r["address"] for r in json.loads(drift.stdout)["resources"]] == [WORKER]
    cli.ok("apply", "--auto-approve")
    assert cli("drift").returncode == 0

    cli.ok("destroy", "--auto-approve")
    assert cli.cloud() == {}
