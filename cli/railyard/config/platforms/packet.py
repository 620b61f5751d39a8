"""The `packet` section of the cluster file (Equinix Metal; shut down on 2026-06-30)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from railyard.config.model import ClusterBase, SnippetPath, Strict, WorkerPool
from railyard.config.values import SingleLine

DNS_ZONE_PATTERN = r"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$"
PLAN_PATTERN = r"^[a-z0-9][a-z0-9.-]{0,62}$"  # an Equinix Metal plan, c3.small.x86

SHUTDOWN_NOTICE = (
    "Equinix Metal (formerly Packet) was shut down on 2026-06-30: the packet platform is kept "
    "for existing deployments and migration only"
)


class PacketSection(Strict):
    project_id: str = Field(pattern=r"^[0-9a-f-]{36}$", description="Equinix Metal project UUID")
    metro: str = Field(pattern=r"^[a-z]{2}$", description="Metro code, e.g. am, sv")
    dns_zone: str = Field(pattern=DNS_ZONE_PATTERN, description="Route53 zone for the API")
    dns_zone_id: str = Field(pattern=r"^Z[A-Z0-9]{1,31}$", description="Route53 zone id")
    controller_type: str = Field("c3.small.x86", pattern=PLAN_PATTERN)
    ipxe_script_url: SingleLine = ""


class PacketWorkerPool(WorkerPool):
    node_type: str = Field("c3.small.x86", pattern=PLAN_PATTERN)


class PacketCluster(ClusterBase):
    platform: Literal["packet"]
    packet: PacketSection
    worker_pools: list[PacketWorkerPool] = Field(default_factory=list)  # type: ignore[assignment]

    def platform_tfvars(
        self, base_dir: Path, snippets: Mapping[SnippetPath, str], *, sandbox: bool
    ) -> dict[str, Any]:
        return self.packet.model_dump(mode="json")
