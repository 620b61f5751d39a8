"""The `azure` section of the cluster file."""

from __future__ import annotations

import ipaddress
from typing import Literal

from pydantic import Field, field_validator

from railyard.config.model import ClusterBase, Strict, WorkerPool
from railyard.config.values import DNS_DOMAIN, SshCidrs

# Azure's programmatic location names: westeurope, eastus2 (not "West Europe").
LOCATION_PATTERN = r"^[a-z][a-z0-9]{2,39}$"
VM_SIZE_PATTERN = r"^(Standard|Basic)_[A-Za-z0-9_]+$"
# Resource group names: 1 to 90 letters, digits, '-', '_', '.', '(' or ')', not ending in '.'.
RESOURCE_GROUP_PATTERN = r"^[-\w.()]{0,89}[-\w()]$"
DiskType = Literal[
    "Premium_LRS", "StandardSSD_LRS", "Standard_LRS", "Premium_ZRS", "StandardSSD_ZRS"
]


class AzureSection(Strict):
    location: str = Field(pattern=LOCATION_PATTERN, description="Azure location, e.g. westeurope")
    dns_zone: str = Field(
        pattern=DNS_DOMAIN,
        description="Azure DNS zone the API and etcd records go in",
    )
    dns_zone_group: str = Field(
        pattern=RESOURCE_GROUP_PATTERN, description="Resource group of the DNS zone"
    )
    arch: Literal["amd64", "arm64"] = Field("amd64", description="CPU architecture of every node")
    controller_type: str = Field(
        "Standard_B2s", pattern=VM_SIZE_PATTERN, description="Controllers' VM size"
    )
    disk_size: int = Field(30, ge=30, le=4095, description="Controllers' OS disk GiB (30 to 4095)")
    disk_type: DiskType = Field("Premium_LRS", description="Controllers' OS disk type")
    host_cidr: str = Field("10.0.0.0/16", description="Virtual network IPv4 CIDR, /16 to /24")
    ssh_cidrs: SshCidrs
    tags: dict[str, str] = Field(default_factory=dict, description="Tags on every Azure resource")

    @field_validator("host_cidr")
    @classmethod
    def _network_cidr(cls, value: str) -> str:
        try:
            network = ipaddress.IPv4Network(value)
        except ValueError:
            raise ValueError(f"{value!r} is not an IPv4 CIDR such as 10.0.0.0/16") from None
        if not 16 <= network.prefixlen <= 24:
            raise ValueError("must be a /16 to /24 (halved into a controller and a worker subnet)")
        return value

    @field_validator("tags")
    @classmethod
    def _tag_names(cls, tags: dict[str, str]) -> dict[str, str]:
        for name in tags:
            if any(c in name for c in "<>%&\\?/") or not 1 <= len(name) <= 512:
                raise ValueError(
                    f"tag name {name!r}: Azure allows 1 to 512 characters, none of <>%&\\?/"
                )
        return tags


class AzureWorkerPool(WorkerPool):
    instance_type: str = Field("Standard_B2s", pattern=VM_SIZE_PATTERN, description="Azure VM size")
    spot_price: float | None = Field(
        None, description="Max spot price (USD/hour), -1 for up to on demand; unset = on demand"
    )
    disk_size: int = Field(30, ge=30, le=4095, description="OS disk GiB")
    disk_type: DiskType = Field("StandardSSD_LRS", description="OS disk type")
    ingress: bool = Field(False, description="Serve ports 80/443 from the load balancer")

    @field_validator("spot_price")
    @classmethod
    def _price(cls, price: float | None) -> float | None:
        if price is not None and price <= 0 and price != -1:
            raise ValueError("must be more than 0, or -1 (up to the on-demand price)")
        return price


class AzureCluster(ClusterBase):
    platform: Literal["azure"]
    azure: AzureSection
    # Azure virtual machines require an SSH key for their admin user (core): the first.
    ssh_authorized_keys: list[str] = Field(
        min_length=1, description="OpenSSH public keys for user core (at least one on azure)"
    )
    worker_pools: list[AzureWorkerPool] = Field(default_factory=list)  # type: ignore[assignment]
