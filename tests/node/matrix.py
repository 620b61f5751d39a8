"""The module calls the tests render: both roles, both runtimes, every update strategy."""

from __future__ import annotations

import base64
import datetime
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from railyard.snippets import load

from .samples import BUTANE_FULL, CLC_FULL, HELLOWORLD

SSH_KEY = (
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGr0zUMHOmm1J2qX2eUBbW4mFxiD0tfyf3mGFgs2T1Ss ops@example"
)
TOOLS_UNIT = """\
[Unit]
Description=Module-level extra unit
[Service]
Type=oneshot
ExecStart=/bin/true
[Install]
WantedBy=multi-user.target
"""


def ca_certificate() -> bytes:
    """A real self-signed CA certificate, the size a bootstrap kubeconfig carries."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kubernetes-ca")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return certificate.public_bytes(serialization.Encoding.PEM)


def bootstrap_kubeconfig(ca_pem: bytes) -> str:
    ca_data = base64.b64encode(ca_pem).decode()
    return f"""\
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: https://api.example.com:6443
    certificate-authority-data: {ca_data}
users:
- name: kubelet
  user:
    token: 07401b.f395accd246ae52d
contexts:
- name: default
  context:
    cluster: local
    user: kubelet
current-context: default
"""


CASE_NAMES = ("controller_containerd", "worker_containerd", "worker_docker", "controller_docker")


def cases(tmp_path: Path) -> dict[str, dict[str, Any]]:
    kubeconfig = bootstrap_kubeconfig(ca_certificate())
    (tmp_path / "butane.yaml").write_text(BUTANE_FULL)
    common = {"bootstrap_kubeconfig": kubeconfig, "ssh_authorized_keys": [SSH_KEY]}
    return {
        "controller_containerd": {**common, "role": "controller", "hostname": "controller-0"},
        "worker_containerd": {
            **common,
            "role": "worker",
            "os_channel": "beta",
            "reboot_strategy": "coordinated",
            "instance_metadata": "aws",
            "kubelet_image": "quay.io/poseidon/kubelet:v1.35.4",
            "max_pods": 150,
            "kube_reserved": {"cpu": "100m", "memory": "256Mi"},
            "system_reserved": {"memory": "512Mi", "ephemeral-storage": "1Gi"},
            "eviction_hard": {"memory.available": "200Mi", "nodefs.available": "10%"},
            "node_labels": {"pool": "general", "example.com/disk": "ssd"},
            "node_taints": ["dedicated=db:NoExecute", "spot:PreferNoSchedule"],
            "kubelet_extra_args": ["--v=2"],
            "cni_conf_dir": "/etc/kubernetes/cni/net.d",
            "kubelet_mounts": {
                "/var/lib/calico": None,
                "/etc/resolv.conf": {"options": ["ro"]},
                "/mnt/data": {"container_path": "/data", "options": ["rw", "rslave"]},
            },
            "files": [{"path": "/etc/example/extra.conf", "mode": 0o600, "contents": "secret=1\n"}],
            "units": [{"name": "extra.service", "enabled": True, "contents": TOOLS_UNIT}],
            "snippets": [
                load(HELLOWORLD, tmp_path, "cluster.yaml:10:5"),
                load("butane.yaml", tmp_path, "cluster.yaml:12:5"),
            ],
        },
        "worker_docker": {
            **common,
            "role": "worker",
            "container_runtime": "docker",
            "cgroup_driver": "cgroupfs",
            "docker_logging_driver": "journald",
            "reboot_strategy": "reboot",
        },
        "controller_docker": {
            **common,
            "role": "controller",
            "container_runtime": "docker",
            "disable_auto_update": True,
            "os_channel": "alpha",
            "snippets": [load(CLC_FULL, tmp_path, "cluster.yaml:20:5")],
        },
    }


# Each refused input, the module call that carries it, and words its error must contain.
BAD_INPUTS: dict[str, tuple[dict[str, Any], str]] = {
    "unknown_channel": ({"os_channel": "lts"}, "os_channel must be stable, beta or alpha"),
    "bad_mount_option": (
        {"kubelet_mounts": {"/srv": {"options": ["recursive-ish"]}}},
        "Each kubelet_mounts entry",
    ),
    "mode_not_a_number": (
        {"files": [{"path": "/etc/x", "mode": "0644", "contents": "x"}]},
        "mode = number",
    ),
    "unit_without_suffix": (
        {"units": [{"name": "helloworld", "contents": TOOLS_UNIT}]},
        "name with a unit suffix",
    ),
    "unit_without_name": ({"units": [{"contents": TOOLS_UNIT}]}, "name with a unit suffix"),
    "unit_enabled_not_bool": (
        {"units": [{"name": "a.service", "enabled": "yes", "contents": TOOLS_UNIT}]},
        "enabled and mask (bools)",
    ),
    "snippet_not_ignition": ({"snippets": ['{"systemd": {}}']}, "Ignition JSON"),
    "bad_taint": ({"node_taints": ["dedicated=db"]}, "key=value:Effect"),
    "unknown_runtime": ({"container_runtime": "crio"}, "containerd or docker"),
    "bad_dns_ip": ({"cluster_dns_ip": "10.3.0"}, "IPv4 or IPv6 address"),
    "unknown_reboot_strategy": ({"reboot_strategy": "now"}, "off, reboot or coordinated"),
    "etcd_lock_removed": ({"reboot_strategy": "etcd-lock"}, "etcd-lock was removed"),
    "untagged_kubelet_image": (
        {"kubelet_image": "quay.io/poseidon/kubelet"},
        "exact version tag",
    ),
    "unknown_reserved": ({"kube_reserved": {"gpu": "1"}}, "cpu, memory, ephemeral-storage or pid"),
    "bad_eviction_signal": ({"eviction_hard": {"memory.free": "1Gi"}}, "a signal"),
    "bad_max_pods": ({"max_pods": 0}, "max_pods must be a whole number"),
    "unknown_metadata": ({"instance_metadata": "gcp"}, "none or aws"),
}
