"""kubernetes, kubelet and updates in the cluster file: the skew policy, every new field's
bad values (file:line, no traceback), and the values the platform modules get."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from railyard.config.load import load_cluster
from railyard.errors import RailyardError
from railyard.platforms import platform
from railyard.workspace.tfvars import cluster_tfvars

from .test_config import AWS_CLUSTER, write

BARE_METAL_CLUSTER = """\
name: metal
platform: bare-metal
bare_metal:
  matchbox_http_endpoint: http://matchbox.example.com:8080
  matchbox_rpc_endpoint: matchbox.example.com:8081
  matchbox_client_cert: client.crt
  matchbox_client_key: client.key
  matchbox_ca: ca.crt
  k8s_domain_name: node1.example.com
  controllers:
    - {name: node1, mac: "52:54:00:a1:9c:ae", domain: node1.example.com}
  workers:
    - {name: node2, mac: "52:54:00:b2:2f:86", domain: node2.example.com}
    - {name: node3, mac: "52:54:00:c3:3a:97", domain: node3.example.com}
  kubelet:
    node2:
      max_pods: 250
      extra_mounts: [{host_path: /mnt/fast, read_only: true}]
kubelet:
  max_pods: 80
  kube_reserved: {cpu: 200m}
"""



def _tfvars(path: Path) -> dict[str, Any]:
    loaded = load_cluster(path)
    return cluster_tfvars(loaded, {}, platform(loaded.cluster.platform), sandbox=True)


def error_of(path: Path) -> str:
    with pytest.raises(RailyardError) as caught:
        load_cluster(path)
    return str(caught.value)


@pytest.mark.parametrize(
    ("version", "kubelet", "accepted"),
    [
        ("v1.36.1", "v1.36.1", True),
        ("v1.36.2", "v1.36.1", True),
        ("v1.36.1", "v1.33.9", True),  # three minors older: the policy's limit
        ("v1.36.1", "v1.32.0", False),
        ("v1.36.1", "v1.36.2", False),  # a newer patch is newer too
        ("v1.36.1", "v1.37.0", False),
    ],
)
def test_version_skew_policy(tmp_path: Path, version: str, kubelet: str, accepted: bool) -> None:
    text = AWS_CLUSTER + f"kubernetes:\n  version: {version}\n  kubelet_version: {kubelet}\n"
    path = write(tmp_path, text)
    if accepted:
        values = _tfvars(path)
        assert (values["kubernetes_version"], values["kubelet_version"]) == (version, kubelet)
    else:
        message = error_of(path)
        assert message.startswith(f"{path}:20:3: kubernetes.kubelet_version: {kubelet}")
        assert "Traceback" not in message


def test_one_version_by_default(tmp_path: Path) -> None:
    values = _tfvars(write(tmp_path, AWS_CLUSTER))
    assert values["kubernetes_version"] == "v1.36.1"
    assert values["kubelet_version"] is None
    assert values["reboot_strategy"] == "off"


# (the cluster file's tail, "line:column: field: message" its error starts with)
BAD_VALUES = {
    "version not exact": ("kubernetes:\n  version: v1.36\n", "19:3: kubernetes.version:"),
    "max_pods zero": ("kubelet:\n  max_pods: 0\n", "19:3: kubelet.max_pods: must be >= 1"),
    "reserved gpu": (
        "kubelet:\n  kube_reserved: {gpu: '1'}\n",
        "19:3: kubelet.kube_reserved: 'gpu' cannot be reserved",
    ),
    "reserved not a quantity": (
        "kubelet:\n  system_reserved: {memory: lots}\n",
        "19:3: kubelet.system_reserved: memory: 'lots' is not a quantity",
    ),
    "eviction percent twice": (
        "kubelet:\n  eviction_hard: {nodefs.available: lots%}\n",
        "19:3: kubelet.eviction_hard: nodefs.available: 'lots%' is not a quantity",
    ),
    "relative mount": (
        "kubelet:\n  extra_mounts: [{host_path: data}]\n",
        "19:19: kubelet.extra_mounts[0].host_path:",
    ),
    "unknown cni dir": (
        "kubelet:\n  cni_conf_dir: /opt/cni/net.d\n",
        "19:3: kubelet.cni_conf_dir: must be one of",
    ),
    # Lokomotive's directory: containerd would look there while the CNI writes /etc/cni/net.d
    "cni dir the CNI does not write": (
        "kubelet:\n  cni_conf_dir: /etc/kubernetes/cni/net.d\n",
        "19:3: kubelet.cni_conf_dir: must be one of",
    ),
    "flag with a space": (
        "kubelet:\n  extra_args: ['--max-pods 200']\n",
        "19:3: kubelet.extra_args: '--max-pods 200' is not one flag",
    ),
    "flag railyard sets": (
        "kubelet:\n  extra_args: ['--node-labels=a=b']\n",
        "19:3: kubelet.extra_args: '--node-labels=a=b': set labels on the pool or machine",
    ),
    "etcd-lock": (
        "updates:\n  reboot_strategy: etcd-lock\n",
        "19:3: updates.reboot_strategy: etcd-lock was removed",
    ),
    "unknown strategy": (
        "updates:\n  reboot_strategy: now\n",
        "19:3: updates.reboot_strategy: must be one of: off, reboot or coordinated",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_VALUES))
def test_bad_values_name_file_and_line(tmp_path: Path, case: str) -> None:
    tail, expected = BAD_VALUES[case]
    path = write(tmp_path, AWS_CLUSTER + tail)
    message = error_of(path)
    assert message.startswith(f"{path}:{expected}"), message
    assert "Traceback" not in message


def test_aws_pool_overrides_the_fields_it_sets(tmp_path: Path) -> None:
    text = AWS_CLUSTER.replace(
        "    spot_price: 0.05\n", "    spot_price: 0.05\n    kubelet: {max_pods: 40}\n"
    )
    text += "kubelet:\n  max_pods: 90\n  eviction_hard: {memory.available: 300Mi}\n"
    values = _tfvars(write(tmp_path, text))
    cluster = values["kubelet_settings"]
    assert cluster["max_pods"] == 90
    assert cluster["eviction_hard"] == {"memory.available": "300Mi"}
    general, spot = values["worker_pools"]["general"], values["worker_pools"]["spot"]
    assert general["kubelet_settings"] is None  # the cluster's, through worker_wiring
    assert spot["kubelet_settings"] == {**cluster, "max_pods": 40}
    assert "kubelet" not in spot


def test_bare_metal_machine_overrides(tmp_path: Path) -> None:
    for name in ("client.crt", "client.key", "ca.crt"):
        (tmp_path / name).write_text("")
    values = _tfvars(write(tmp_path, BARE_METAL_CLUSTER))
    cluster = values["kubelet_settings"]
    assert (cluster["max_pods"], cluster["kube_reserved"]) == (80, {"cpu": "200m"})
    assert values["machine_kubelet_settings"] == {
        "node2": {
            **cluster,
            "max_pods": 250,
            "kubelet_mounts": {"/mnt/fast": {"container_path": "/mnt/fast", "options": ["ro"]}},
        }
    }
    assert "kubelet" not in values


def test_bare_metal_override_for_an_unknown_machine(tmp_path: Path) -> None:
    path = write(tmp_path, BARE_METAL_CLUSTER.replace("    node2:\n", "    node9:\n"))
    message = error_of(path)
    assert ":15:3: bare_metal.kubelet: 'node9' names no machine" in message
