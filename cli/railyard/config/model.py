"""The cluster file: what every platform shares.

Each platform adds its own section in config/platforms/<platform>.py (one model that
subclasses `ClusterBase` with `platform: Literal[...]` and its own section), named by its
entry in the platform registry (railyard/platforms/). The models are data: the workspace
turns them into terraform values.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from railyard.config.values import HclName, Labels, SingleLine, SshPublicKey, Taint

NAME_PATTERN = r"^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$"


class Strict(BaseModel):
    """Unknown fields are errors: a typo must not be silently ignored. Types are strict:
    `true` is not 1, "3" is not 3, and .inf / .nan are not numbers.

    Validators are built on first use, so a run pays only for its own platform's model."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, defer_build=True, strict=True, allow_inf_nan=False
    )


SnippetPath = tuple[str | int, ...]  # where a snippet reference sits in the cluster file
SNIPPETS = "CLC or Butane snippets: paths relative to the cluster file, or inline text"
Snippet = Annotated[str, Field(min_length=1)]


@dataclass(frozen=True)
class LocalFile:
    """Marks a field (`Annotated[str, LOCAL_FILE]`) as a path on this machine, relative to
    the cluster file's directory; the workspace hands terraform the absolute path."""


LOCAL_FILE = LocalFile()


class SecretsOverSsh(Strict):
    """Where secrets (controller PKI, kubeconfigs) are copied over SSH after install
    (bare-metal, packet): the settings of that copy."""

    copy_assets: bool = Field(
        True,
        description="Copy kubeconfigs and controller PKI over SSH (user core) once installed",
    )
    ssh_private_key_file: Annotated[SingleLine | None, LOCAL_FILE] = Field(
        None, description="Private key for those SSH connections; unset: the ssh-agent"
    )
    ssh_timeout: str = Field(
        "60m",
        pattern=r"^(\d+h(\d+m)?(\d+s)?|\d+m(\d+s)?|\d+s)$",
        description="How long SSH keeps retrying while a machine installs (30s, 60m, 1h30m)",
    )


class FromEnv(Strict):
    """A secret read from an environment variable when railyard runs."""

    from_env: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")


class FromFile(Strict):
    """A secret read from a file (relative to the cluster file) when railyard runs."""

    from_file: SingleLine = Field(min_length=1)


SecretRef = FromEnv | FromFile
# Tried in order: a {from_env}/{from_file} mapping is a secret reference, not a plain map.
BackendValue = Annotated[
    FromEnv | FromFile | bool | int | str | list[str] | dict[HclName, str],
    Field(union_mode="left_to_right"),
]


class Controllers(Strict):
    count: int = Field(1, description="Number of controllers: 1, 3 or 5 (etcd quorum).")
    snippets: list[Snippet] = Field(default_factory=list, description=SNIPPETS)

    @field_validator("count")
    @classmethod
    def _odd_quorum(cls, count: int) -> int:
        if count not in (1, 3, 5):
            raise ValueError("must be 1, 3 or 5 (etcd needs an odd quorum)")
        return count


class WorkerPool(Strict):
    name: str = Field(pattern=NAME_PATTERN, description="Pool name: lowercase letters, digits, -")
    count: int = Field(1, ge=0, le=1000, description="Number of nodes")
    labels: Labels = Field(default_factory=dict, description="Node labels")
    taints: list[Taint] = Field(
        default_factory=list,
        description="key=value:Effect (NoSchedule, PreferNoSchedule, NoExecute)",
    )
    snippets: list[Snippet] = Field(default_factory=list, description=SNIPPETS)


KUBERNETES_VERSION = "v1.36.1"  # every image tagged upstream (Typhoon 21428170)
VERSION_PATTERN = r"^v1\.\d+\.\d+$"
# Kubelets may be up to three minors older than the API server, never newer.
KUBELET_MAX_MINORS_BEHIND = 3


def _minor(version: str) -> int:
    return int(version.split(".")[1])


class Kubernetes(Strict):
    version: str = Field(
        KUBERNETES_VERSION,
        pattern=VERSION_PATTERN,
        description="Kubernetes release of the control plane, kube-proxy, kubectl and kubelets",
    )
    kubelet_version: str | None = Field(
        None,
        pattern=VERSION_PATTERN,
        description="Kubelet release while an upgrade is under way (default: version)",
    )

    @field_validator("kubelet_version")
    @classmethod
    def _skew(cls, kubelet: str | None, info: ValidationInfo) -> str | None:
        server = info.data.get("version")
        if kubelet is None or server is None:
            return kubelet
        behind = _minor(server) - _minor(kubelet)
        newer = tuple(map(int, kubelet[1:].split("."))) > tuple(map(int, server[1:].split(".")))
        if newer:
            raise ValueError(
                f"{kubelet} is newer than the API server ({server}): "
                "upgrade the control plane first (kubelets are never newer)"
            )
        if behind > KUBELET_MAX_MINORS_BEHIND:
            raise ValueError(
                f"{kubelet} is {behind} minor releases behind the API server ({server}): "
                f"the version skew policy allows at most {KUBELET_MAX_MINORS_BEHIND}"
            )
        return kubelet


QUANTITY = r"^\d+(\.\d+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$"
RESERVABLE = ("cpu", "memory", "ephemeral-storage", "pid")
EVICTION_SIGNALS = (
    "memory.available",
    "nodefs.available",
    "nodefs.inodesFree",
    "imagefs.available",
    "imagefs.inodesFree",
    "containerfs.available",
    "containerfs.inodesFree",
    "pid.available",
)
ABSOLUTE_PATH = r"^/[A-Za-z0-9._/-]*[A-Za-z0-9._-]$"


def _reserved(resources: dict[str, str]) -> dict[str, str]:
    for name, quantity in resources.items():
        if name not in RESERVABLE:
            raise ValueError(f"{name!r} cannot be reserved; use {', '.join(RESERVABLE)}")
        if not re.match(QUANTITY, quantity):
            raise ValueError(f"{name}: {quantity!r} is not a quantity such as 100m or 512Mi")
    return resources


class Mount(Strict):
    host_path: str = Field(pattern=ABSOLUTE_PATH, description="Absolute path on the host")
    container_path: str | None = Field(
        None, pattern=ABSOLUTE_PATH, description="Path in the kubelet container (default: same)"
    )
    read_only: bool = Field(False, description="Mount read-only")


class KubeletSettings(Strict):
    """What a pool (aws) or machine (bare-metal) may set for itself; unset fields inherit."""

    max_pods: int | None = Field(
        None, ge=1, le=10000, description="Most pods per node (kubelet default: 110)"
    )
    kube_reserved: dict[str, str] = Field(
        default_factory=dict, description="cpu, memory, ephemeral-storage, pid for Kubernetes"
    )
    system_reserved: dict[str, str] = Field(
        default_factory=dict, description="cpu, memory, ephemeral-storage, pid for the OS"
    )
    eviction_hard: dict[str, str] = Field(
        default_factory=dict,
        description="Signal (memory.available, nodefs.available, ...) -> 100Mi or 10%",
    )
    extra_mounts: list[Mount] = Field(
        default_factory=list, description="More host paths in the kubelet container"
    )
    # Only where railyard's CNI add-ons (calico, flannel, cilium) write their config: with
    # containerd looking anywhere else, no node would ever turn Ready.
    cni_conf_dir: Literal["/etc/cni/net.d"] = Field(
        "/etc/cni/net.d",
        description="CNI network configs: /etc/cni/net.d, where railyard's CNI writes them",
    )
    pod_manifest_path: str = Field(
        "/etc/kubernetes/manifests", pattern=ABSOLUTE_PATH, description="Static pod manifests"
    )
    volume_plugin_dir: str = Field(
        "/var/lib/kubelet/volumeplugins", pattern=ABSOLUTE_PATH, description="FlexVolume plugins"
    )

    @field_validator("kube_reserved", "system_reserved")
    @classmethod
    def _reservable(cls, resources: dict[str, str]) -> dict[str, str]:
        return _reserved(resources)

    @field_validator("eviction_hard")
    @classmethod
    def _thresholds(cls, thresholds: dict[str, str]) -> dict[str, str]:
        for signal, threshold in thresholds.items():
            if signal not in EVICTION_SIGNALS:
                raise ValueError(
                    f"{signal!r} is not an eviction signal; use {', '.join(EVICTION_SIGNALS)}"
                )
            if not re.match(r"^\d+(\.\d+)?%$", threshold) and not re.match(QUANTITY, threshold):
                raise ValueError(f"{signal}: {threshold!r} is not a quantity (100Mi) or 10%")
        return thresholds

    def over(self, base: KubeletSettings) -> KubeletSettings:
        """These settings where set, `base` elsewhere."""
        return base.model_copy(update={name: getattr(self, name) for name in self.model_fields_set})


# Flags railyard sets itself, and flags with a typed field.
OWNED_FLAGS = {
    "bootstrap-kubeconfig": "railyard sets it",
    "kubeconfig": "railyard sets it",
    "config": "railyard sets it",
    "container-runtime-endpoint": "set kubelet.container_runtime",
    "node-labels": "set labels on the pool or machine",
    "register-with-taints": "set taints on the pool or machine",
    "provider-id": "railyard sets it from instance metadata",
    "max-pods": "set kubelet.max_pods",
    "kube-reserved": "set kubelet.kube_reserved",
    "system-reserved": "set kubelet.system_reserved",
    "eviction-hard": "set kubelet.eviction_hard",
    "cgroup-driver": "set kubelet.cgroup_driver",
    "pod-manifest-path": "set kubelet.pod_manifest_path",
    "volume-plugin-dir": "set kubelet.volume_plugin_dir",
}
# No spaces, quotes, backslashes, $, % or `: the flags land in a systemd ExecStart line.
FLAG_PATTERN = re.compile(r"^--([a-z0-9][a-z0-9-]*)(=[^\s\"'\\$%`]*)?$")


class Kubelet(KubeletSettings):
    container_runtime: Literal["containerd", "docker"] = Field(
        "containerd", description="Container runtime the kubelet uses"
    )
    cgroup_driver: Literal["systemd", "cgroupfs"] = Field("systemd", description="cgroup driver")
    extra_args: list[str] = Field(
        default_factory=list, description="Extra kubelet flags, each --flag or --flag=value"
    )

    @field_validator("extra_args")
    @classmethod
    def _flags(cls, args: list[str]) -> list[str]:
        for arg in args:
            match = FLAG_PATTERN.match(arg)
            if not match:
                raise ValueError(
                    f"{arg!r} is not one flag: write --flag or --flag=value, one per entry, "
                    "without spaces, quotes, backslashes, $, % or `"
                )
            if match.group(1) in OWNED_FLAGS:
                raise ValueError(f"{arg!r}: {OWNED_FLAGS[match.group(1)]} instead")
        return args

    def settings(self) -> KubeletSettings:
        """The fields a pool or machine may override."""
        return KubeletSettings(
            **{name: getattr(self, name) for name in KubeletSettings.model_fields}
        )


REMOVED_STRATEGIES = {
    "etcd-lock": "etcd-lock was removed (locksmith cannot use the cluster's TLS-only etcd): "
    "use coordinated (the Flatcar update operator drains and reboots one node at a time)",
}


class Updates(Strict):
    disable_auto_update: bool = Field(False, description="Turn Flatcar's automatic updates off")
    reboot_strategy: Literal["off", "reboot", "coordinated"] = Field(
        "off",
        description="off: updates wait for a reboot; reboot: at once; "
        "coordinated: drained one node at a time",
    )

    @field_validator("reboot_strategy", mode="before")
    @classmethod
    def _removed(cls, value: Any) -> Any:
        if isinstance(value, str) and value in REMOVED_STRATEGIES:
            raise ValueError(REMOVED_STRATEGIES[value])
        return value


class Backend(Strict):
    type: str = Field("local", pattern=r"^[a-z][a-z0-9_]*$", description="local, s3, pg, ...")
    config: dict[HclName, BackendValue] = Field(
        default_factory=dict,
        description="Passed to the backend as-is. Secrets as {from_env: VAR} or {from_file: PATH}.",
    )


class TerraformSettings(Strict):
    binary: Literal["terraform", "tofu"] | None = Field(
        None,
        description="terraform or tofu, found on PATH (a path to a binary: set "
        "RAILYARD_TERRAFORM; a cluster file cannot name a program to run)",
    )
    backend: Backend = Field(default_factory=lambda: Backend())


def _network(value: str) -> ipaddress.IPv4Network:
    try:
        return ipaddress.IPv4Network(value)
    except ValueError:
        raise ValueError(f"{value!r} is not an IPv4 network in CIDR form (10.2.0.0/16)") from None


class ClusterBase(Strict):
    name: str = Field(pattern=NAME_PATTERN, description="Cluster name, used in resource names.")
    platform: str
    channel: Literal["stable", "beta", "alpha"] = Field("stable", description="Flatcar channel")
    version: str = Field(
        "current",
        pattern=r"^(current|\d+\.\d+\.\d+)$",
        description="Flatcar version: current, or a release such as 4081.2.0",
    )
    ssh_authorized_keys: list[SshPublicKey] = Field(
        default_factory=list, description="OpenSSH public keys for user core"
    )
    kubernetes: Kubernetes = Field(default_factory=lambda: Kubernetes())
    controllers: Controllers = Field(default_factory=lambda: Controllers())
    worker_pools: list[WorkerPool] = Field(default_factory=list)
    kubelet: Kubelet = Field(default_factory=lambda: Kubelet())
    updates: Updates = Field(default_factory=lambda: Updates())
    networking: Literal["calico", "flannel", "cilium"] = Field("calico", description="CNI")
    pod_cidr: str = Field("10.2.0.0/16", description="Pod network (IPv4 CIDR)")
    service_cidr: str = Field(
        "10.3.0.0/16", validate_default=True, description="Service network, /24 or larger"
    )
    cluster_domain: str = Field(
        "cluster.local",
        pattern=r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$",
        description="Cluster DNS domain",
    )
    sandbox: bool = Field(False, description="Run against the offline sandbox.")
    terraform: TerraformSettings = Field(default_factory=lambda: TerraformSettings())

    @field_validator("pod_cidr", "service_cidr")
    @classmethod
    def _cidr(cls, value: str) -> str:
        return str(_network(value))

    @field_validator("service_cidr")
    @classmethod
    def _service_cidr_size(cls, value: str) -> str:
        if _network(value).prefixlen > 24:
            raise ValueError("is too small: use a /24 or larger for services")
        return value

    @field_validator("service_cidr")
    @classmethod
    def _apart_from_pods(cls, value: str, info: ValidationInfo) -> str:
        pod_cidr = info.data.get("pod_cidr")
        if pod_cidr and _network(pod_cidr).overlaps(_network(value)):
            raise ValueError(f"overlaps pod_cidr {pod_cidr}: pick ranges that do not overlap")
        return value

    @field_validator("worker_pools")
    @classmethod
    def _unique_pool_names(cls, pools: list[WorkerPool]) -> list[WorkerPool]:
        seen: set[str] = set()
        for pool in pools:
            if pool.name in seen:
                raise ValueError(f"worker pool name {pool.name!r} is used twice")
            seen.add(pool.name)
        return pools

    def snippet_refs(self) -> list[tuple[SnippetPath, str]]:
        """Every snippet reference with its path in the file, for loading and errors."""
        refs: list[tuple[SnippetPath, str]] = [
            (("controllers", "snippets", i), ref) for i, ref in enumerate(self.controllers.snippets)
        ]
        for p, pool in enumerate(self.worker_pools):
            refs += [
                (("worker_pools", p, "snippets", i), ref) for i, ref in enumerate(pool.snippets)
            ]
        return refs
