"""The `aws` section of the cluster file."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from railyard.config.model import ClusterBase, Strict, WorkerPool

REGION_PATTERN = r"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$"


class AwsSection(Strict):
    region: str = Field(pattern=REGION_PATTERN, description="AWS region, e.g. eu-central-1")
    dns_zone: str = Field(description="Route53 zone the API and etcd records go in")
    dns_zone_id: str = Field(pattern=r"^Z[A-Z0-9]{1,31}$", description="Route53 hosted zone id")
    arch: Literal["amd64", "arm64"] = "amd64"
    controller_type: str = "t3.small"
    disk_size: int = Field(30, ge=8, le=16384, description="Root disk GiB")
    disk_type: Literal["gp3", "gp2", "io1", "io2"] = "gp3"
    disk_iops: int = Field(3000, ge=0)
    host_cidr: str = "10.0.0.0/16"
    ssh_cidrs: list[str] = Field(default_factory=lambda: ["0.0.0.0/0"])
    tags: dict[str, str] = Field(default_factory=dict)


class AwsWorkerPool(WorkerPool):
    instance_type: str = "t3.small"
    spot_price: float | None = Field(None, ge=0, description="Max spot price; unset = on demand")
    disk_size: int = Field(30, ge=8, le=16384)
    disk_type: Literal["gp3", "gp2", "io1", "io2"] = "gp3"
    disk_iops: int = Field(3000, ge=0)
    ingress: bool = Field(False, description="Serve ports 80/443 from the load balancer")


class AwsCluster(ClusterBase):
    platform: Literal["aws"]
    aws: AwsSection
    worker_pools: list[AwsWorkerPool] = Field(default_factory=list)  # type: ignore[assignment]

    def platform_tfvars(self) -> dict[str, Any]:
        return self.aws.model_dump(mode="json")
