"""Bad inputs in the aws example fail in `railyard validate`, naming the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import replace_once

from .conftest import make_cli

# (what to change in examples/aws/cluster.yaml, the expected "cluster.yaml:line:col: ..." start)
CASES = {
    "region format": (
        ("region: eu-central-1", "region: europe-central"),
        "cluster.yaml:12:3: aws.region:",
    ),
    "two controllers": (("  count: 3 ", "  count: 2 "), "cluster.yaml:26:3: controllers.count:"),
    "pool name clash": (("name: spot ", "name: ingress "), "cluster.yaml:30:1: worker_pools:"),
    "negative spot price": (
        ("spot_price: 0.05", "spot_price: -0.05"),
        "cluster.yaml:42:5: worker_pools[1].spot_price: must be >= 0",
    ),
    "zero spot price": (
        ("spot_price: 0.05", "spot_price: 0"),
        "cluster.yaml:42:5: worker_pools[1].spot_price: must be more than 0",
    ),
    "name too long": (
        ("name: demo ", "name: a-cluster-name-of-23-ch "),
        "cluster.yaml:4:1: name: must be at most 22 characters on aws",
    ),
    "ssh cidr": (
        ("ssh_cidrs: [203.0.113.0/24]", "ssh_cidrs: [203.0.113.0/33]"),
        "cluster.yaml:21:3: aws.ssh_cidrs: '203.0.113.0/33' is not an IPv4 or IPv6 CIDR",
    ),
    "cni": (("networking: calico ", "networking: weave "), "cluster.yaml:55:1: networking:"),
    "etcd-lock": (
        ("reboot_strategy: coordinated ", "reboot_strategy: etcd-lock "),
        "cluster.yaml:60:3: updates.reboot_strategy: etcd-lock was removed",
    ),
    "kubelet newer than the API server": (
        ("  version: v1.36.1 ", "  kubelet_version: v1.37.0\n  version: v1.36.1 "),
        "cluster.yaml:48:3: kubernetes.kubelet_version: v1.37.0 is newer than the API server",
    ),
    "kubelet four minors behind": (
        ("  version: v1.36.1 ", "  kubelet_version: v1.32.9\n  version: v1.36.1 "),
        "cluster.yaml:48:3: kubernetes.kubelet_version: v1.32.9 is 4 minor releases behind",
    ),
    "two flags in one extra_args entry": (
        ("  max_pods: 110", "  max_pods: 110\n  extra_args: ['--v=2', '--max-pods 200']"),
        "cluster.yaml:52:3: kubelet.extra_args: '--max-pods 200' is not one flag",
    ),
    "flag with a typed field": (
        ("  max_pods: 110", "  max_pods: 110\n  extra_args: ['--max-pods=200']"),
        "cluster.yaml:52:3: kubelet.extra_args: '--max-pods=200': set kubelet.max_pods instead",
    ),
    "unknown eviction signal": (
        ("memory.available: 200Mi", "memory.free: 200Mi"),
        "cluster.yaml:53:3: kubelet.eviction_hard: 'memory.free' is not an eviction signal",
    ),
    "pool reserves a gpu": (
        ("      max_pods: 60", "      max_pods: 60\n      kube_reserved: {gpu: '1'}"),
        "cluster.yaml:46:7: worker_pools[1].kubelet.kube_reserved: 'gpu' cannot be reserved",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_fails_validate_with_file_and_line(case: str, tmp_path: Path) -> None:
    (old, new), expected = CASES[case]
    cli = make_cli(tmp_path, "terraform")
    replace_once(cli.cluster_file, old, new)
    cli.refuses(expected)
