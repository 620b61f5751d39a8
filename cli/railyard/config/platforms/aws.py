"""The `aws` section of the cluster file."""

from __future__ import annotations

import ipaddress
import re
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from railyard.config.model import ClusterBase, KubeletSettings, Strict, Updates, WorkerPool
from railyard.config.values import DNS_DOMAIN, AwsTagKey, AwsTagValue, SshCidrs

REGION_PATTERN = r"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$"
INSTANCE_TYPE_PATTERN = r"^[a-z][a-z0-9-]*\.[a-z0-9]+$"
DiskType = Literal["gp3", "gp2", "io1", "io2"]
# Load balancer target group names ("<name>-apiserver") are at most 32 characters.
MAX_NAME_LENGTH = 22
ZONE_PATTERN = r"^[a-z]{2}(-[a-z0-9]+)+[a-z]$"
MAX_ZONES = 16
# Workers without public IPv4 reach the internet over IPv6 only. These add-ons pull their
# images from ghcr.io, which has no IPv6 address: their pods would never start there, and
# without its CNI a node never turns Ready.
IPV4_ONLY_IMAGES = {
    "networking: flannel": "flannel's images are",
    "updates.reboot_strategy: coordinated": "the Flatcar update operator's images are",
}


class AwsSection(Strict):
    region: str = Field(pattern=REGION_PATTERN, description="AWS region, e.g. eu-central-1")
    dns_zone: str = Field(
        pattern=DNS_DOMAIN,
        description="Route53 zone the API and etcd records go in",
    )
    dns_zone_id: str = Field(pattern=r"^Z[A-Z0-9]{1,31}$", description="Route53 hosted zone id")
    arch: Literal["amd64", "arm64"] = Field("amd64", description="CPU architecture of every node")
    controller_type: str = Field(
        "t3.small", pattern=INSTANCE_TYPE_PATTERN, description="Controllers' EC2 instance type"
    )
    disk_size: int = Field(30, ge=8, le=16384, description="Controllers' root disk GiB")
    disk_type: DiskType = Field("gp3", description="Controllers' root disk EBS type")
    disk_iops: int = Field(3000, ge=0, description="Provisioned IOPS (gp3, io1, io2)")
    host_cidr: str = Field("10.0.0.0/16", description="VPC IPv4 CIDR, /16 to /24")
    availability_zones: list[str] = Field(
        default_factory=list,
        description="Zones of the subnets, e.g. [eu-central-1a, eu-central-1b]; unset: the "
        "region's zones at the first apply, kept from then on",
    )
    ssh_cidrs: SshCidrs
    tags: dict[AwsTagKey, AwsTagValue] = Field(
        default_factory=dict, description="Tags on every AWS resource"
    )

    @field_validator("host_cidr")
    @classmethod
    def _vpc_cidr(cls, value: str) -> str:
        try:
            network = ipaddress.IPv4Network(value)
        except ValueError:
            raise ValueError(f"{value!r} is not an IPv4 CIDR such as 10.0.0.0/16") from None
        if not 16 <= network.prefixlen <= 24:
            raise ValueError("must be a /16 to /24 (the sizes an AWS VPC may have)")
        return value

    @field_validator("availability_zones")
    @classmethod
    def _zones_in_region(cls, zones: list[str], info: ValidationInfo) -> list[str]:
        region = info.data.get("region") or "eu-central-1"
        for zone in zones:
            if not re.match(ZONE_PATTERN, zone) or not zone.startswith(region):
                raise ValueError(f"{zone!r} is not a zone of {region} (such as {region}a)")
        if len(set(zones)) != len(zones):
            raise ValueError("names a zone twice")
        if len(zones) > MAX_ZONES:
            raise ValueError(f"at most {MAX_ZONES} zones (host_cidr is cut in sixteenths)")
        return zones


class AwsWorkerPool(WorkerPool):
    instance_type: str = Field(
        "t3.small", pattern=INSTANCE_TYPE_PATTERN, description="EC2 instance type"
    )
    spot_price: float | None = Field(
        None, ge=0, description="Max spot price (USD/hour); unset = on demand"
    )
    disk_size: int = Field(30, ge=8, le=16384, description="Root disk GiB")
    disk_type: DiskType = Field("gp3", description="Root disk EBS type")
    disk_iops: int = Field(3000, ge=0, description="Provisioned IOPS (gp3, io1, io2)")
    ingress: bool = Field(False, description="Serve ports 80/443 from the load balancer")
    public_ipv4: bool = Field(
        True,
        description="Public IPv4 addresses; false: IPv6-only internet access (not with "
        "flannel or coordinated reboots: their images are on ghcr.io, which has no IPv6)",
    )
    kubelet: KubeletSettings | None = Field(
        None, description="The pool's kubelet settings (unset fields: the cluster's)"
    )

    @field_validator("spot_price")
    @classmethod
    def _positive_price(cls, price: float | None) -> float | None:
        if price == 0:
            raise ValueError("must be more than 0 (leave it out for on-demand instances)")
        return price


class AwsCluster(ClusterBase):
    platform: Literal["aws"]
    aws: AwsSection
    worker_pools: list[AwsWorkerPool] = Field(default_factory=list)  # type: ignore[assignment]

    @field_validator("updates")
    @classmethod
    def _coordinated_needs_ipv4(cls, updates: Updates, info: ValidationInfo) -> Updates:
        if updates.reboot_strategy == "coordinated":
            _refuse_ipv6_only(info, "updates.reboot_strategy: coordinated")
        return updates

    @field_validator("networking")
    @classmethod
    def _flannel_needs_ipv4(cls, networking: str, info: ValidationInfo) -> str:
        if networking == "flannel":
            _refuse_ipv6_only(info, "networking: flannel")
        return networking

    @field_validator("name")
    @classmethod
    def _short_name(cls, name: str) -> str:
        if len(name) > MAX_NAME_LENGTH:
            raise ValueError(
                f"must be at most {MAX_NAME_LENGTH} characters on aws "
                "(load balancer target group names are limited to 32)"
            )
        return name


def _refuse_ipv6_only(info: ValidationInfo, choice: str) -> None:
    pools: list[AwsWorkerPool] = info.data.get("worker_pools") or []
    ipv6_only = [pool.name for pool in pools if not pool.public_ipv4]
    if ipv6_only:
        raise ValueError(
            f"{IPV4_ONLY_IMAGES[choice]} on ghcr.io, which has no IPv6 address, and "
            f"worker pool {ipv6_only[0]!r} has public_ipv4: false (IPv6-only): its nodes could "
            f"not pull them. Give the pool public_ipv4: true, or change {choice}"
        )
