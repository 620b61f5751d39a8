"""The `gcp` section of the cluster file."""

from __future__ import annotations

import ipaddress
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator

from railyard.config.model import ClusterBase, Strict, WorkerPool
from railyard.config.values import DNS_DOMAIN, SshCidrs

PROJECT_PATTERN = r"^[a-z][a-z0-9-]{4,28}[a-z0-9]$"
REGION_PATTERN = r"^[a-z]+-[a-z]+\d+$"
ZONE_PATTERN = r"^[a-z]+-[a-z]+\d+-[a-z]$"
MACHINE_TYPE_PATTERN = r"^[a-z][a-z0-9]*-[a-z0-9-]*[a-z0-9]$"
DiskType = Literal["pd-balanced", "pd-ssd", "pd-standard"]
# Service account ids ("<name>-ctrl-<index>") are at most 30 characters.
MAX_NAME_LENGTH = 22
# Instance template name prefixes ("<cluster>-<pool>-") are at most 37 characters.
MAX_POOL_NAME_LENGTH = 37 - MAX_NAME_LENGTH - 2


class GcpSection(Strict):
    project: str = Field(
        pattern=PROJECT_PATTERN, description="Google Cloud project id the cluster goes in"
    )
    region: str = Field(
        pattern=REGION_PATTERN, description="Google Cloud region, e.g. europe-west1"
    )
    zones: list[Annotated[str, Field(pattern=ZONE_PATTERN)]] = Field(
        default_factory=list,
        description="Zones of the region to spread nodes over; empty: every zone of the "
        "region at the first apply, kept from then on",
    )
    dns_zone: str = Field(
        pattern=DNS_DOMAIN,
        description="Cloud DNS domain the API and etcd records go in",
    )
    dns_zone_name: str = Field(
        pattern=r"^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$",
        description="Name of the Cloud DNS managed zone of dns_zone",
    )
    controller_type: str = Field(
        "e2-standard-2", pattern=MACHINE_TYPE_PATTERN, description="Controllers' machine type"
    )
    disk_size: int = Field(30, ge=10, le=65536, description="Controllers' boot disk GB")
    disk_type: DiskType = Field("pd-balanced", description="Controllers' boot disk type")
    host_cidr: str = Field("10.0.0.0/16", description="Subnetwork IPv4 CIDR, /8 to /29")
    ssh_cidrs: SshCidrs
    resource_labels: dict[str, str] = Field(
        default_factory=dict, description="Labels on every Google Cloud resource"
    )

    @field_validator("zones")
    @classmethod
    def _zones_of_region(cls, zones: list[str], info: ValidationInfo) -> list[str]:
        region = info.data.get("region")
        for zone in zones:
            if region and zone.rsplit("-", 1)[0] != region:
                raise ValueError(f"{zone!r} is not a zone of the region {region}")
        if len(set(zones)) != len(zones):
            raise ValueError("lists a zone twice")
        return zones

    @field_validator("host_cidr")
    @classmethod
    def _subnetwork_cidr(cls, value: str) -> str:
        try:
            network = ipaddress.IPv4Network(value)
        except ValueError:
            raise ValueError(f"{value!r} is not an IPv4 CIDR such as 10.0.0.0/16") from None
        if not 8 <= network.prefixlen <= 29:
            raise ValueError("must be a /8 to /29 (the sizes a subnetwork may have)")
        return value


class GcpWorkerPool(WorkerPool):
    machine_type: str = Field(
        "e2-standard-2", pattern=MACHINE_TYPE_PATTERN, description="Compute Engine machine type"
    )
    spot: bool = Field(False, description="Spot VMs (may be stopped at any time)")
    disk_size: int = Field(30, ge=10, le=65536, description="Boot disk GB")
    disk_type: DiskType = Field("pd-balanced", description="Boot disk type")
    ingress: bool = Field(False, description="Serve the ingress addresses (80/443); one pool")

    @field_validator("name")
    @classmethod
    def _short_name(cls, name: str) -> str:
        if len(name) > MAX_POOL_NAME_LENGTH:
            raise ValueError(
                f"must be at most {MAX_POOL_NAME_LENGTH} characters on gcp "
                "(instance template name prefixes are limited to 37)"
            )
        return name


class GcpCluster(ClusterBase):
    platform: Literal["gcp"]
    gcp: GcpSection
    worker_pools: list[GcpWorkerPool] = Field(default_factory=list)  # type: ignore[assignment]

    @field_validator("name")
    @classmethod
    def _short_name(cls, name: str) -> str:
        if len(name) > MAX_NAME_LENGTH:
            raise ValueError(
                f"must be at most {MAX_NAME_LENGTH} characters on gcp "
                "(service account ids are limited to 30)"
            )
        return name

    @field_validator("worker_pools")
    @classmethod
    def _one_ingress_pool(cls, pools: list[GcpWorkerPool]) -> list[GcpWorkerPool]:
        serving = [pool.name for pool in pools if pool.ingress]
        if len(serving) > 1:
            raise ValueError(
                f"pools {', '.join(serving)} all set ingress: at most one pool serves "
                "the cluster's ingress addresses on gcp"
            )
        return pools
