"""Bad gcp values in the example fail in `railyard validate`, naming the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import replace_once

from .conftest import make_gcp_cli

# (what to change in examples/gcp/cluster.yaml, the expected "cluster.yaml:line:col: ..." start)
CASES = {
    "project id": (
        ("project: demo-project-123456", "project: Demo_Project"),
        "cluster.yaml:13:3: gcp.project:",
    ),
    "short project id": (
        ("project: demo-project-123456", "project: demo"),
        "cluster.yaml:13:3: gcp.project:",
    ),
    "region": (("region: europe-west1", "region: europe-west"), "cluster.yaml:14:3: gcp.region:"),
    "aws region": (("region: europe-west1", "region: eu-west-1"), "cluster.yaml:14:3: gcp.region:"),
    "zone outside the region": (
        ("europe-west1-d]", "europe-west4-a]"),
        "cluster.yaml:15:3: gcp.zones: 'europe-west4-a' is not a zone of the region europe-west1",
    ),
    "zone name": (("europe-west1-d]", "europe-west1]"), "cluster.yaml:15:43: gcp.zones[2]:"),
    "controller machine type": (
        ("controller_type: e2-standard-2", "controller_type: t3.small"),
        "cluster.yaml:18:3: gcp.controller_type:",
    ),
    "pool machine type": (
        ("machine_type: e2-standard-4", "machine_type: E2 standard"),
        "cluster.yaml:34:5: worker_pools[0].machine_type:",
    ),
    "disk type": (
        ("disk_type: pd-balanced ", "disk_type: gp3 "),
        "cluster.yaml:20:3: gcp.disk_type:",
    ),
    "two ingress pools": (
        ("spot: true ", "spot: true\n    ingress: true "),
        "cluster.yaml:31:1: worker_pools: pools ingress, spot all set ingress",
    ),
    "pool name too long": (
        ("name: spot ", "name: spot-instances "),
        "cluster.yaml:40:5: worker_pools[1].name: must be at most 13 characters on gcp",
    ),
    "name too long": (
        ("name: demo ", "name: a-cluster-name-of-23-ch "),
        "cluster.yaml:5:1: name: must be at most 22 characters on gcp",
    ),
    "ssh cidr": (
        ("ssh_cidrs: [203.0.113.0/24,", "ssh_cidrs: [203.0.113.0/33,"),
        "cluster.yaml:22:3: gcp.ssh_cidrs: '203.0.113.0/33' is not an IPv4 or IPv6 CIDR",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_fails_validate_with_file_and_line(case: str, tmp_path: Path) -> None:
    (old, new), expected = CASES[case]
    cli = make_gcp_cli(tmp_path, "terraform")
    replace_once(cli.cluster_file, old, new)
    cli.refuses(expected)
