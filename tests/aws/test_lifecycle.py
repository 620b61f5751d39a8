"""The whole path on the example, in the sandbox against railyard's aws schema: validate,
plan, apply, status, an empty second plan, real Ignition checks, drift and its repair, a
controller config change that waits for replacement, destroy."""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
from pathlib import Path

import pytest

from tests.conftest import replace_once
from tests.node.ignition_tools import read_data_url, validate

from .conftest import Cli

# The example's SSH rule on the controllers (its ssh_cidrs is 203.0.113.0/24).
SSH_RULE = (
    'module.cluster.aws_vpc_security_group_ingress_rule.public["controller-22-203.0.113.0/24"]'
)
USER_DATA_LIMIT = 16 * 1024  # EC2


def _pending(cli: Cli) -> list[str]:
    return list(json.loads(cli.ok("output", "pending_controller_replacements").stdout))


def _file(ignition: str, path: str) -> str:
    """A file's contents in an Ignition config or the snippets it merges (data URLs)."""
    config = json.loads(ignition)
    merged = [json.loads(read_data_url(m)) for m in config["ignition"]["config"].get("merge", [])]
    for part in [config, *merged]:
        for entry in part.get("storage", {}).get("files", []):
            if entry["path"] == path:
                return read_data_url(entry["contents"]).decode()
    raise AssertionError(f"{path} not in the config")


def _check_network(cli: Cli) -> None:
    """Only SSH (from ssh_cidrs), 6443, 80 and 443 are open beyond the cluster's nodes."""
    cloud = cli.cloud()
    groups = {g["id"]: g["name"] for g in cloud["aws_security_group"].values()}
    outside = set()
    for rule in cloud["aws_vpc_security_group_ingress_rule"].values():
        cidr = rule["cidr_ipv4"] or rule["cidr_ipv6"]
        if cidr:
            outside.add((groups[rule["security_group_id"]], rule["from_port"], cidr))
            assert rule["to_port"] == rule["from_port"]
        else:
            assert rule["referenced_security_group_id"] in groups
    # the VPC's own default group is adopted with no rule left
    (vpc,) = cloud["aws_vpc"].values()
    (default,) = cloud["aws_default_security_group"].values()
    assert default["id"] == vpc["default_security_group_id"]
    assert default["ingress"] == [] and default["egress"] == []
    world = ("0.0.0.0/0", "::/0")
    assert outside == {
        ("demo-controller", 22, "203.0.113.0/24"),
        ("demo-worker", 22, "203.0.113.0/24"),
        *(("demo-controller", 6443, cidr) for cidr in world),
        *(("demo-worker", port, cidr) for port in (80, 443) for cidr in world),
    }
    target_groups = {g["name"]: g for g in cloud["aws_lb_target_group"].values()}
    assert target_groups["demo-apiserver"]["preserve_client_ip"] == "false"  # hairpinning
    attached = {a["target_id"] for a in cloud["aws_lb_target_group_attachment"].values()}
    assert attached == {i["id"] for i in cloud["aws_instance"].values()}


def _check_controllers(cli: Cli, ignition: dict[str, str], tmp_path: Path) -> None:
    """User data points at the controller's own encrypted object, by hash, within 16 KiB."""
    cloud = cli.cloud()
    objects = {o["key"]: o for o in cloud["aws_s3_object"].values()}
    (bucket,) = cloud["aws_s3_bucket"].values()
    (access,) = cloud["aws_s3_bucket_public_access_block"].values()
    flags = (
        "block_public_acls",
        "block_public_policy",
        "ignore_public_acls",
        "restrict_public_buckets",
    )
    assert all(access[flag] for flag in flags)
    (encryption,) = cloud["aws_s3_bucket_server_side_encryption_configuration"].values()
    assert encryption["bucket"] == bucket["bucket"]
    policies = {p["role"]: json.loads(p["policy"]) for p in cloud["aws_iam_role_policy"].values()}
    profiles = {p["name"]: p["role"] for p in cloud["aws_iam_instance_profile"].values()}

    instances = sorted(cloud["aws_instance"].values(), key=lambda i: i["tags"]["Name"])
    assert [i["tags"]["Name"] for i in instances] == [f"demo-controller-{n}" for n in range(3)]
    for index, instance in enumerate(instances):
        user_data = base64.b64decode(instance["user_data_base64"])
        assert len(user_data) < USER_DATA_LIMIT
        assert validate(user_data.decode(), tmp_path) == ""
        replace = json.loads(user_data)["ignition"]["config"]["replace"]
        assert replace["source"] == f"s3://{bucket['bucket']}/ignition/demo-controller-{index}.json"
        stored = objects[f"ignition/demo-controller-{index}.json"]
        assert stored["server_side_encryption"] == "AES256"
        full = ignition[f"controller-{index}"]
        assert stored["content"] == full
        digest = hashlib.sha512(full.encode()).hexdigest()
        assert replace["verification"]["hash"] == f"sha512-{digest}"
        assert validate(full, tmp_path) == ""
        assert instance["root_block_device"][0]["encrypted"] is True
        assert instance["metadata_options"][0]["http_tokens"] == "required"
        # the instance role may read this controller's object and nothing else
        (statement,) = policies[profiles[instance["iam_instance_profile"]]]["Statement"]
        assert statement["Action"] == "s3:GetObject"
        assert statement["Resource"] == f"{bucket['arn']}/ignition/demo-controller-{index}.json"


def _check_workers(cli: Cli, ignition: dict[str, str], tmp_path: Path) -> None:
    cloud = cli.cloud()
    templates = {t["name"]: t for t in cloud["aws_launch_template"].values()}
    groups = {g["name"]: g for g in cloud["aws_autoscaling_group"].values()}
    for pool in ("ingress", "spot"):
        user_data = base64.b64decode(templates[f"demo-{pool}"]["user_data"])
        assert len(user_data) < USER_DATA_LIMIT
        assert validate(user_data.decode(), tmp_path) == ""
        assert validate(ignition[f"worker-{pool}"], tmp_path) == ""
    spot = templates["demo-spot"]["instance_market_options"][0]
    assert spot["market_type"] == "spot"
    assert float(spot["spot_options"][0]["max_price"]) == 0.05
    assert templates["demo-ingress"]["instance_market_options"] == []
    assert len(groups["demo-ingress"]["target_group_arns"]) == 2  # 80 and 443
    assert groups["demo-spot"]["target_group_arns"] == []
    assert groups["demo-spot"]["instance_refresh"][0]["strategy"] == "Rolling"
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


@pytest.mark.slow
def test_example_lifecycle(cli: Cli, tmp_path: Path) -> None:
    cli.ok("validate")
    cli.ok("plan")
    cli.ok("apply", "--auto-approve")

    status = cli.json("status", "--json")
    controllers = [n for n in status["nodes"] if n["role"] == "controller"]
    assert [n["name"] for n in controllers] == [f"demo-controller-{n}" for n in range(3)]
    for node in controllers:
        assert ipaddress.ip_address(node["address"]) in ipaddress.ip_network("10.0.0.0/16")
        assert node["id"].startswith("i-")
    assert status["worker_pools"] == [{"name": "ingress", "count": 2}, {"name": "spot", "count": 3}]

    assert cli("plan", "--detailed-exitcode").returncode == 0  # nothing left to do

    ignition = json.loads(cli.ok("output", "ignition").stdout)
    nodes = ["controller-0", "controller-1", "controller-2", "worker-ingress", "worker-spot"]
    assert sorted(ignition) == nodes
    _check_network(cli)
    _check_controllers(cli, ignition, tmp_path)
    _check_workers(cli, ignition, tmp_path)

    cli.ok("sandbox", "mutate", SSH_RULE, "from_port=2222")
    drift = cli("drift", "--format", "json")
    assert drift.returncode == 2, drift.stderr
    report = json.loads(drift.stdout)
    assert [r["address"] for r in report["resources"]] == [SSH_RULE]
    assert "from_port" in json.dumps(report["resources"][0]["attributes"])
    cli.ok("apply", "--auto-approve")
    assert cli("drift").returncode == 0

    # A new AMI or controller config waits for a deliberate replacement: etcd lives there.
    controllers = [f"demo-controller-{n}" for n in range(3)]
    instances = {i["id"]: i["ami"] for i in cli.cloud()["aws_instance"].values()}
    contents = {o["content"] for o in cli.cloud()["aws_s3_object"].values()}
    replace_once(cli.cluster_file, "version: current ", "version: 4081.2.0 ")  # another AMI
    applied = cli.ok("apply", "--auto-approve")
    assert "waits for a deliberate replacement" in applied.stderr
    assert all(name in applied.stderr for name in controllers)
    assert "waits for a deliberate replacement" in cli.ok("status").stderr
    assert {i["id"]: i["ami"] for i in cli.cloud()["aws_instance"].values()} == instances
    assert {o["content"] for o in cli.cloud()["aws_s3_object"].values()} == contents
    assert _pending(cli) == controllers

    replace_once(cli.directory / "snippets" / "controller.yaml", "524288", "1048576")
    cli.ok("apply", "--auto-approve")
    assert {i["id"]: i["ami"] for i in cli.cloud()["aws_instance"].values()} == instances
    changed = {o["content"] for o in cli.cloud()["aws_s3_object"].values()}
    assert changed.isdisjoint(contents)  # every controller's object has the new sysctl
    assert all("1048576" in _file(c, "/etc/sysctl.d/90-etcd.conf") for c in changed)
    assert _pending(cli) == controllers
    assert "railyard replace-controller INDEX" in cli.ok("status").stderr

    # replace-controller: one controller, after a confirmation that names it.
    by_name = {i["tags"]["Name"]: i["id"] for i in cli.cloud()["aws_instance"].values()}
    for answer in ("", "yes\n", "demo-controller-0\n"):
        refused = cli("replace-controller", "1", answer=answer)
        assert refused.returncode == 1, refused.stderr
        assert "Replace controller demo-controller-1? Type its name" in refused.stderr
        assert "not confirmed: nothing was changed" in refused.stderr
    assert {i["tags"]["Name"]: i["id"] for i in cli.cloud()["aws_instance"].values()} == by_name
    out_of_range = cli("replace-controller", "3")
    assert out_of_range.returncode == 1
    assert "there is no controller 3: the cluster has 3" in out_of_range.stderr
    cli.ok("replace-controller", "1", answer="demo-controller-1\n")
    after = {i["tags"]["Name"]: i["id"] for i in cli.cloud()["aws_instance"].values()}
    assert after["demo-controller-1"] != by_name["demo-controller-1"]
    assert {n: after[n] for n in after if n != "demo-controller-1"} == {
        n: by_name[n] for n in by_name if n != "demo-controller-1"
    }
    assert _pending(cli) == ["demo-controller-0", "demo-controller-2"]

    cli.ok("destroy", "--auto-approve")
    assert cli.cloud() == {}
