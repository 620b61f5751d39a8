"""The cluster file: what every platform shares.

Each platform adds its own section in config/platforms/<platform>.py (one model that
subclasses `ClusterBase` with `platform: Literal[...]` and its own section), and is listed
in config/platforms/__init__.py; the union of those is the cluster file.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from railyard.config.values import HclName, KubeletFlag, Labels, SingleLine, SshPublicKey, Taint

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


class Kubelet(Strict):
    container_runtime: Literal["containerd", "docker"] = Field(
        "containerd", description="Container runtime the kubelet uses"
    )
    cgroup_driver: Literal["systemd", "cgroupfs"] = Field("systemd", description="cgroup driver")
    extra_args: list[KubeletFlag] = Field(
        default_factory=list, description="Extra kubelet flags (--name=value)"
    )


class Updates(Strict):
    disable_auto_update: bool = Field(False, description="Turn Flatcar's automatic updates off")
    reboot_strategy: Literal["reboot", "etcd-lock", "off"] = Field(
        "etcd-lock", description="How nodes reboot into an update (off masks the services)"
    )


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

    def files_for_terraform(self) -> list[tuple[SnippetPath, str]]:
        """Files the platform's providers read when terraform runs (paths relative to the
        cluster file), with their place in the file, so a missing one fails at load."""
        return []

    def platform_tfvars(
        self, base_dir: Path, snippets: Mapping[SnippetPath, str], *, sandbox: bool
    ) -> dict[str, Any]:
        """Values of the platform's own section, as its module's variables take them.

        `base_dir` is the cluster file's directory (paths in the file are relative to it),
        `snippets` the loaded Ignition JSON of `snippet_refs()`, `sandbox` whether the run
        goes to the offline sandbox."""
        raise NotImplementedError(f"platform {self.platform} has no tfvars")
