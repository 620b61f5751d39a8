"""The `packet` section of the cluster file (Equinix Metal; shut down on 2026-06-30)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from railyard.config.model import ClusterBase, SecretsOverSsh, WorkerPool
from railyard.config.values import DNS_DOMAIN

UUID_PATTERN = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
PLAN_PATTERN = r"^[a-z0-9]+\.[a-z0-9.]+$"
# A hardware reservation's UUID, or "next-available" for any of the project's reservations.
RESERVATION_PATTERN = rf"^({UUID_PATTERN}|next-available)$"
IPXE_PATTERN = r"^(https?://\S+)?$"
Reservation = Annotated[str, Field(pattern=RESERVATION_PATTERN)]


class PacketSection(SecretsOverSsh):
    project_id: str = Field(
        pattern=rf"^{UUID_PATTERN}$",
        description="Equinix Metal project UUID",
    )
    metro: str = Field(pattern=r"^[a-z]{2}$", description="Metro code, e.g. am, sv")
    dns_zone: str = Field(
        pattern=DNS_DOMAIN,
        description="Route53 zone the API and etcd records go in",
    )
    dns_zone_id: str = Field(pattern=r"^Z[A-Z0-9]{1,31}$", description="Route53 hosted zone id")
    arch: Literal["amd64", "arm64"] = Field("amd64", description="CPU architecture of every node")
    controller_type: str = Field(
        "c3.small.x86", pattern=PLAN_PATTERN, description="Controllers' device plan"
    )
    ipxe_script_url: str = Field(
        "",
        pattern=IPXE_PATTERN,
        description="Empty: boot Equinix's flatcar_<channel> image; else iPXE from this URL",
    )
    controller_reservation_ids: list[Reservation] = Field(
        default_factory=list,
        description="Hardware reservation id per controller index, or next-available",
    )
    tags: list[str] = Field(default_factory=list, description="Tags on every device")


class PacketWorkerPool(WorkerPool):
    node_type: str = Field("c3.small.x86", pattern=PLAN_PATTERN, description="Device plan")
    reservation_ids: list[Reservation] = Field(
        default_factory=list,
        description="Hardware reservation id per node index, or next-available",
    )
    ipxe_script_url: str = Field(
        "",
        pattern=IPXE_PATTERN,
        description="Empty: boot Equinix's flatcar_<channel> image; else iPXE from this URL",
    )


class PacketCluster(ClusterBase):
    platform: Literal["packet"]
    packet: PacketSection
    worker_pools: list[PacketWorkerPool] = Field(default_factory=list)  # type: ignore[assignment]
