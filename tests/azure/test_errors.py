"""Bad azure values in the example fail in `railyard validate`, naming the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import make_azure_cli

# (what to change in examples/azure/cluster.yaml, the expected "cluster.yaml:line:col: ..." start)
CASES = {
    "location display name": (
        ("location: westeurope", "location: West Europe"),
        "cluster.yaml:13:3: azure.location:",
    ),
    "controller vm size": (
        ("controller_type: Standard_D2as_v5", "controller_type: D2as_v5"),
        "cluster.yaml:17:3: azure.controller_type:",
    ),
    "pool vm size": (
        ("instance_type: Standard_D4as_v5", "instance_type: m6i.large"),
        "cluster.yaml:41:5: worker_pools[1].instance_type:",
    ),
    "dns zone group ends in a period": (
        ("dns_zone_group: dns ", "dns_zone_group: dns. "),
        "cluster.yaml:15:3: azure.dns_zone_group:",
    ),
    "dns zone group with a slash": (
        ("dns_zone_group: dns ", "dns_zone_group: dns/zones "),
        "cluster.yaml:15:3: azure.dns_zone_group:",
    ),
    "tag name with a slash": (
        ("team: platform", "kubernetes.io/team: platform"),
        "cluster.yaml:22:3: azure.tags: tag name 'kubernetes.io/team'",
    ),
    "disk below the image": (
        ("disk_size: 50", "disk_size: 20"),
        "cluster.yaml:34:5: worker_pools[0].disk_size:",
    ),
    "ebs disk type": (
        ("disk_type: Premium_LRS", "disk_type: gp3"),
        "cluster.yaml:19:3: azure.disk_type:",
    ),
    "zero spot price": (
        ("spot_price: 0.05", "spot_price: 0"),
        "cluster.yaml:42:5: worker_pools[1].spot_price: must be more than 0, or -1",
    ),
    "cluster name too long": (
        ("name: demo ", "name: a-cluster-name-of-33-characters-x "),
        "cluster.yaml:5:1: name:",
    ),
    "no ssh key": (
        ("ssh_authorized_keys:  ", "ssh_authorized_keys: []"),
        "cluster.yaml:9:1: ssh_authorized_keys:",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_fails_validate_with_file_and_line(case: str, tmp_path: Path) -> None:
    (old, new), expected = CASES[case]
    cli = make_azure_cli(tmp_path, "terraform")
    text = cli.cluster_file.read_text()
    if case == "no ssh key":  # the key's list item goes with it
        text = "\n".join(line for line in text.splitlines() if "ssh-ed25519" not in line) + "\n"
    assert text.count(old) == 1, old
    cli.cluster_file.write_text(text.replace(old, new))
    cli.refuses(expected)
