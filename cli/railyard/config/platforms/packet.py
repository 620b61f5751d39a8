"""The `packet` section of the cluster file (Equinix Metal; shut down on 2026-06-30)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field

from railyard.config.model import ClusterBase, SnippetPath, Strict, WorkerPool

SHUTDOWN_NOTICE = (
    "Equinix Metal (formerly Packet) was shut down on 2026-06-30: the packet platform is kept "
    "for existing deployments and migration only"
)


UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
PLAN_PATTERN = r"^[a-z][a-z0-9]*\.[a-z0-9]+\.[a-z0-9]+$"
RESERVATION_PATTERN = (
    r"^$|^next-available$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
)
IPXE_URL_PATTERN = r"^$|^https?://\S+$"
Reservation = Annotated[str, Field(pattern=RESERVATION_PATTERN)]


class PacketSection(Strict):
    project_id: str = Field(pattern=UUID_PATTERN, description="Equinix Metal project UUID")
    metro: str = Field(pattern=r"^[a-z]{2}$", description="Metro code, e.g. am, da, sv")
    dns_zone: str = Field(
        pattern=r"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
        description="Route53 zone the API and etcd records go in",
    )
    dns_zone_id: str = Field(pattern=r"^Z[A-Z0-9]{1,31}$", description="Route53 hosted zone id")
    controller_type: str = Field(
        "c3.small.x86", pattern=PLAN_PATTERN, description="Controllers' Equinix Metal plan"
    )
    ipxe_script_url: str = Field(
        "",
        pattern=IPXE_URL_PATTERN,
        description="iPXE script URL (custom_ipxe); empty installs flatcar_<channel>",
    )
    controller_reservation_ids: list[Reservation] = Field(
        default_factory=list,
        description="Hardware reservation per controller: a UUID or next-available",
    )
    tags: list[str] = Field(default_factory=list, description="Tags on every device")


class PacketWorkerPool(WorkerPool):
    node_type: str = Field("c3.small.x86", pattern=PLAN_PATTERN, description="Equinix Metal plan")
    reservation_ids: list[Reservation] = Field(
        default_factory=list,
        description="Hardware reservation per worker: a UUID or next-available",
    )
    ipxe_script_url: str = Field(
        "",
        pattern=IPXE_URL_PATTERN,
        description="iPXE script URL (custom_ipxe); empty installs flatcar_<channel>",
    )


class PacketCluster(ClusterBase):
    platform: Literal["packet"]
    packet: PacketSection
    worker_pools: list[PacketWorkerPool] = Field(default_factory=list)  # type: ignore[assignment]

    def platform_tfvars(
        self, base_dir: Path, snippets: Mapping[SnippetPath, str], *, sandbox: bool
    ) -> dict[str, Any]:
        return self.packet.model_dump(mode="json")
