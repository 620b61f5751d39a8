"""The `bare_metal` section of the cluster file: machines PXE-booted through matchbox."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationInfo, field_validator

from railyard.config.model import (
    LOCAL_FILE,
    SNIPPETS,
    ClusterBase,
    Controllers,
    KubeletSettings,
    SecretsOverSsh,
    Snippet,
    SnippetPath,
    Strict,
    WorkerPool,
)
from railyard.config.values import KernelArg, Labels, SingleLine, Taint

MAC_PATTERN = re.compile(r"([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}")
DOMAIN_PATTERN = r"^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$"
INSTALL_DISK = re.compile(r"/dev/[A-Za-z0-9/._:-]+")


class Machine(Strict):
    name: str = Field(pattern=r"^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$", description="Machine name")
    mac: str = Field(description="MAC address matchbox knows the machine by (52:54:00:a1:9c:ae)")
    domain: str = Field(
        pattern=DOMAIN_PATTERN, description="FQDN: hostname, and how SSH reaches it"
    )

    @field_validator("mac")
    @classmethod
    def _mac(cls, mac: str) -> str:
        if not MAC_PATTERN.fullmatch(mac):
            raise ValueError(f"{mac!r} is not a MAC address: six hex pairs with colons")
        return mac.lower()


def _unique(machines: list[Machine], others: Sequence[Machine] = ()) -> None:
    """Names and MACs must be unique across controllers and workers."""
    seen_names: dict[str, Machine] = {m.name: m for m in others}
    seen_macs: dict[str, Machine] = {m.mac: m for m in others}
    for machine in machines:
        if machine.name in seen_names:
            raise ValueError(f"machine name {machine.name!r} is used twice")
        if machine.mac in seen_macs:
            raise ValueError(
                f"machines {seen_macs[machine.mac].name!r} and {machine.name!r} "
                f"have the same MAC {machine.mac}"
            )
        seen_names[machine.name] = machine
        seen_macs[machine.mac] = machine


class BareMetalSection(SecretsOverSsh):
    matchbox_http_endpoint: str = Field(
        pattern=r"^https?://[A-Za-z0-9.-]+(:\d+)?$",
        description="matchbox's HTTP endpoint, as machines reach it (no path)",
    )
    matchbox_rpc_endpoint: str = Field(
        pattern=r"^[A-Za-z0-9.-]+:\d+$", description="matchbox's gRPC API (host:port)"
    )
    matchbox_client_cert: Annotated[SingleLine, LOCAL_FILE] = Field(
        description="Path to the TLS client certificate"
    )
    matchbox_client_key: Annotated[SingleLine, LOCAL_FILE] = Field(
        description="Path to the TLS client key"
    )
    matchbox_ca: Annotated[SingleLine, LOCAL_FILE] = Field(
        description="Path to matchbox's CA certificate"
    )
    k8s_domain_name: str = Field(
        pattern=DOMAIN_PATTERN, description="DNS name of the API server (resolve it to controllers)"
    )
    install_disk: str = Field("/dev/sda", description="Disk Flatcar is installed to")
    cached_install: bool = Field(
        False, description="Install from matchbox's /assets cache instead of over https"
    )
    kernel_args: list[KernelArg] = Field(
        default_factory=list, description="Extra kernel arguments, one word each"
    )
    oem_type: str = Field("", pattern=r"^[a-z0-9_-]*$", description="flatcar-install OEM id")
    controllers: list[Machine] = Field(min_length=1, description="Controller machines")
    workers: list[Machine] = Field(default_factory=list, description="Worker machines")
    snippets: dict[str, list[Snippet]] = Field(
        default_factory=dict, description=f"Machine name -> {SNIPPETS}"
    )
    labels: dict[str, Labels] = Field(
        default_factory=dict, description="Machine name -> node labels"
    )
    taints: dict[str, list[Taint]] = Field(
        default_factory=dict, description="Machine name -> taints (key=value:Effect)"
    )
    kubelet: dict[str, KubeletSettings] = Field(
        default_factory=dict,
        description="Machine name -> its kubelet settings (unset fields: the cluster's)",
    )

    @field_validator("install_disk")
    @classmethod
    def _device(cls, disk: str) -> str:
        if not INSTALL_DISK.fullmatch(disk):
            raise ValueError(
                f"{disk!r} is not an absolute /dev path (/dev/sda, /dev/disk/by-id/...)"
            )
        return disk

    @field_validator("controllers")
    @classmethod
    def _unique_controllers(cls, controllers: list[Machine]) -> list[Machine]:
        _unique(controllers)
        return controllers

    @field_validator("workers")
    @classmethod
    def _unique_workers(cls, workers: list[Machine], info: ValidationInfo) -> list[Machine]:
        _unique(workers, info.data.get("controllers", []))
        return workers

    @field_validator("snippets", "labels", "taints", "kubelet")
    @classmethod
    def _known_machines(cls, by_machine: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        if "controllers" not in info.data or "workers" not in info.data:
            return by_machine  # already reported
        names = [m.name for m in info.data["controllers"] + info.data["workers"]]
        for name in by_machine:
            if name not in names:
                raise ValueError(f"{name!r} names no machine; the machines are: {', '.join(names)}")
        return by_machine


class BareMetalCluster(ClusterBase):
    platform: Literal["bare-metal"]
    bare_metal: BareMetalSection

    @field_validator("worker_pools")
    @classmethod
    def _no_pools(cls, pools: list[WorkerPool]) -> list[WorkerPool]:
        if pools:
            raise ValueError("bare-metal has no worker pools: list machines in bare_metal.workers")
        return pools

    @field_validator("bare_metal")
    @classmethod
    def _consistent(cls, section: BareMetalSection, info: ValidationInfo) -> BareMetalSection:
        controllers: Controllers | None = info.data.get("controllers")
        if controllers is not None and controllers.count != len(section.controllers):
            raise ValueError(
                f"controllers.count is {controllers.count} but bare_metal.controllers lists "
                f"{len(section.controllers)} machine(s): make them agree"
            )
        if section.cached_install and info.data.get("version") == "current":
            raise ValueError(
                "cached_install needs a Flatcar release in `version` (4081.2.0), not current: "
                "matchbox caches releases by number"
            )
        return section

    def snippet_refs(self) -> list[tuple[SnippetPath, str]]:
        refs = super().snippet_refs()
        for name, snippets in self.bare_metal.snippets.items():
            refs += [(("bare_metal", "snippets", name, i), ref) for i, ref in enumerate(snippets)]
        return refs
