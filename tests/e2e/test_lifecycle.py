"""The whole command set on the stand-in platform, through real terraform, in the sandbox."""

from __future__ import annotations

import base64
import json
import os
import stat

import pytest

from tests.e2e.conftest import Cli


def data_url_text(url: str) -> str:
    assert url.startswith("data:;base64,"), url
    return base64.b64decode(url.removeprefix("data:;base64,")).decode()


pytestmark = pytest.mark.slow


def test_validate_plan_apply_status_output_drift_destroy(cli: Cli) -> None:
    cli.ok("validate")

    planned = cli("plan", "--detailed-exitcode", "--json")
    assert planned.returncode == 2, planned.stderr
    summary = json.loads(planned.stdout)
    assert summary["counts"]["create"] >= 3 + 2 + 1
    assert not summary["controller_changes"]

    applied = cli.ok("apply", "--auto-approve")
    assert "kubeconfig" in applied.stdout and "apiVersion" not in applied.stdout  # sensitive

    status = json.loads(cli.ok("status", "--json").stdout)
    roles = [node["role"] for node in status["nodes"]]
    assert roles.count("controller") == 3 and roles.count("worker") == 3
    assert {pool["name"]: pool["count"] for pool in status["worker_pools"]} == {
        "general": 2,
        "spot": 1,
    }
    assert status["sandbox"]["objects_by_type"]["aws_vpc"] == 1

    again = cli("plan", "--detailed-exitcode")
    assert again.returncode == 0, again.stdout + again.stderr

    raw = cli.ok("output", "kubeconfig").stdout
    assert raw.startswith("apiVersion: v1\n")
    cli.ok("output", "kubeconfig", "--write", "kubeconfig")
    written = cli.directory / "kubeconfig"
    assert written.read_text() == raw
    assert stat.S_IMODE(os.stat(written).st_mode) == 0o600

    assert cli("drift").returncode == 0

    destroyed = cli.ok("destroy", "--auto-approve")
    assert "destroyed" in destroyed.stdout
    status = json.loads(cli.ok("status", "--json").stdout)
    assert status["nodes"] == [] and status["sandbox"]["objects_by_type"].get("aws_vpc", 0) == 0


def test_drift_after_a_mutate_is_reported_and_repaired(cli: Cli) -> None:
    cli.ok("apply", "--auto-approve")
    cli.ok("sandbox", "mutate", "module.cluster.aws_vpc.network", "tags.Name=changed-by-hand")

    drift = cli("drift", "--format", "json")
    assert drift.returncode == 2, drift.stderr
    report = json.loads(drift.stdout)
    [resource] = report["resources"]
    assert resource["address"] == "module.cluster.aws_vpc.network"
    assert any(
        change["path"] in ("tags.Name", "tags_all.Name") and change["after"] == "changed-by-hand"
        for change in resource["attributes"]
    )
    markdown = cli("drift", "--format", "markdown")
    assert markdown.returncode == 2 and "module.cluster.aws_vpc.network" in markdown.stdout
    junit = cli("drift", "--format", "junit")
    assert junit.returncode == 2 and "<testsuite" in junit.stdout

    cli.ok("apply", "--auto-approve")
    assert cli("drift").returncode == 0

    cli.ok("sandbox", "delete", "module.cluster.aws_vpc.network")
    held = json.loads((cli.workdir / ".sandbox" / "cloud.json").read_text())["objects"]
    assert "aws_vpc" not in held and "aws_default_security_group" not in held  # went with it
    drift = cli("drift", "--format", "json")
    assert drift.returncode == 2
    assert "module.cluster.aws_vpc.network" in drift.stdout


def test_apply_asks_and_no_means_no(cli: Cli) -> None:
    refused = cli("apply", input="no\n")
    assert refused.returncode == 1
    assert "not confirmed" in refused.stderr
    assert not (cli.workdir / "terraform.tfstate").exists()
    cli.ok("apply", input="yes\n")
    assert (cli.workdir / "terraform.tfstate").exists()

    wrong_name = cli("destroy", input="yes\n")
    assert wrong_name.returncode == 1 and "not confirmed" in wrong_name.stderr
    cli.ok("destroy", input="demo\n")


def test_replacing_controllers_needs_explicit_permission(cli: Cli) -> None:
    cli.ok("apply", "--auto-approve")
    text = cli.cluster_file.read_text().replace("platform: aws", "platform: aws\nchannel: beta")
    cli.cluster_file.write_text(text)

    plan = cli("plan")
    assert plan.returncode == 0
    assert "controller" in plan.stdout

    refused = cli("apply", "--auto-approve")
    assert refused.returncode == 1
    assert "--allow-controller-replacement" in refused.stderr
    assert "module.cluster.null_resource.controllers[0]" in refused.stderr

    cli.ok("apply", "--auto-approve", "--allow-controller-replacement")
    assert cli("plan", "--detailed-exitcode").returncode == 0


def test_ignition_of_a_node_before_and_after_apply(cli: Cli) -> None:
    before = json.loads(cli.ok("ignition", "--role", "controller", "--index", "2").stdout)
    assert before["ignition"]["version"] == "3.3.0"
    [hostname] = [f for f in before["storage"]["files"] if f["path"] == "/etc/hostname"]
    assert data_url_text(hostname["contents"]["source"]) == "demo-controller-2\n"
    merged = before["ignition"]["config"]["merge"]
    assert len(merged) == 1 and merged[0]["source"].startswith("data:")  # the helloworld snippet

    cli.ok("apply", "--auto-approve")
    after = json.loads(cli.ok("ignition", "--role", "controller", "--index", "2").stdout)
    assert after == before
    worker = json.loads(cli.ok("ignition", "--role", "worker", "--pool", "spot").stdout)
    assert worker["ignition"]["version"] == "3.3.0"

    which_pool = cli("ignition", "--role", "worker")
    assert which_pool.returncode == 1 and "pass --pool, one of: general, spot" in which_pool.stderr
    out_of_range = cli("ignition", "--role", "controller", "--index", "3")
    assert out_of_range.returncode == 1 and "3 controller(s)" in out_of_range.stderr
