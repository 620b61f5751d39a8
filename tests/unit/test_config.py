"""The cluster file model: what it accepts, and errors that point into the file."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from railyard.config.load import load_cluster
from railyard.errors import RailyardError
from railyard.platforms import NAMES

AWS_CLUSTER = """\
name: demo
platform: aws
ssh_authorized_keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGc4 demo"]
aws:
  region: eu-central-1
  dns_zone: example.com
  dns_zone_id: Z123ABC
  ssh_cidrs: [203.0.113.0/24]
controllers:
  count: 3
worker_pools:
  - name: general
    count: 2
  - name: spot
    count: 1
    spot_price: 0.05
    taints: ["spot=true:NoSchedule"]
"""


def write(tmp_path: Path, text: str, name: str = "cluster.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def error_of(path: Path) -> str:
    with pytest.raises(RailyardError) as caught:
        load_cluster(path)
    return str(caught.value)


def test_valid_aws_cluster_gets_defaults(tmp_path: Path) -> None:
    loaded = load_cluster(write(tmp_path, AWS_CLUSTER))
    cluster = loaded.cluster
    assert cluster.platform == "aws"
    assert cluster.controllers.count == 3
    assert [pool.name for pool in cluster.worker_pools] == ["general", "spot"]
    assert cluster.channel == "stable"
    assert cluster.terraform.backend.type == "local"
    assert loaded.base_dir == tmp_path.resolve()


def test_negative_pool_count_names_file_line_column_and_path(tmp_path: Path) -> None:
    path = write(tmp_path, AWS_CLUSTER.replace("count: 1\n", "count: -1\n"))
    message = error_of(path)
    assert ":15:5: worker_pools[1].count: must be >= 0" in message


def test_unknown_field_lists_the_allowed_ones(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, AWS_CLUSTER + "worker_pool: []\n"))
    assert ":18:1: worker_pool: unknown field; allowed here:" in message
    assert "worker_pools" in message


def test_unknown_nested_field(tmp_path: Path) -> None:
    text = AWS_CLUSTER.replace("  dns_zone_id: Z123ABC\n", "  dns_zone_id: Z123ABC\n  regoin: x\n")
    message = error_of(write(tmp_path, text))
    assert ":8:3: aws.regoin: unknown field; allowed here: arch," in message


def test_wrong_type(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, AWS_CLUSTER.replace("count: 3", "count: three")))
    assert ":10:3: controllers.count: must be a whole number" in message


def test_even_controller_count(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, AWS_CLUSTER.replace("count: 3", "count: 2")))
    assert "controllers.count: must be 1, 3 or 5" in message


def test_negative_spot_price(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, AWS_CLUSTER.replace("0.05", "-1")))
    assert ":16:5: worker_pools[1].spot_price: must be >= 0" in message


def test_pool_name_clash(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, AWS_CLUSTER.replace("name: spot", "name: general")))
    assert "worker_pools: worker pool name 'general' is used twice" in message


def test_bad_region_format(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, AWS_CLUSTER.replace("eu-central-1", "Frankfurt")))
    assert ":5:3: aws.region: 'Frankfurt' is not allowed" in message


def test_unknown_platform(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, AWS_CLUSTER.replace("platform: aws", "platform: openstack")))
    assert f"platform must be one of: {', '.join(NAMES)}" in message


def test_overlapping_cidrs(tmp_path: Path) -> None:
    message = error_of(
        write(tmp_path, AWS_CLUSTER + "pod_cidr: 10.0.0.0/8\nservice_cidr: 10.3.0.0/16\n")
    )
    assert "service_cidr: overlaps pod_cidr 10.0.0.0/8" in message


def test_bad_taint_and_ssh_key(tmp_path: Path) -> None:
    text = AWS_CLUSTER.replace("spot=true:NoSchedule", "spot=true:Sometimes").replace(
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGc4 demo", "not-a-key"
    )
    message = error_of(write(tmp_path, text))
    assert "ssh_authorized_keys[0]: 'not-a-key' is not an OpenSSH public key" in message
    assert "worker_pools[1].taints[0]:" in message


def test_yaml_syntax_error_points_at_the_line(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "name: demo\nplatform: [aws\n"))
    assert "cluster.yaml:3:1: YAML syntax error" in message


def test_duplicate_key(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, AWS_CLUSTER + "name: again\n"))
    assert ":18:1: duplicate key 'name'" in message


def test_not_a_mapping(tmp_path: Path) -> None:
    assert "must be a YAML mapping" in error_of(write(tmp_path, "- a\n- b\n"))


def test_missing_file(tmp_path: Path) -> None:
    message = error_of(tmp_path / "nope.yaml")
    assert "file not found" in message and "railyard init" in message


def test_missing_platform_section(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "name: demo\nplatform: aws\n"))
    assert "aws: is required" in message


def test_every_starter_loads(tmp_path: Path) -> None:
    from importlib import resources

    from railyard.platforms import PLATFORMS

    for platform, entry in PLATFORMS.items():
        starter = resources.files("railyard").joinpath("starters", entry.starter).read_text()
        loaded = load_cluster(write(tmp_path, starter, f"{platform}.yaml"))
        assert loaded.cluster.platform == platform


def test_json_schema_covers_every_platform() -> None:
    from railyard.config.platforms import cluster_json_schema

    schema = json.dumps(cluster_json_schema())
    for name in ("AwsCluster", "BareMetalCluster", "PacketCluster", "spot_price", "from_env"):
        assert name in schema
