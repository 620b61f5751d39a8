"""The `bare_metal` section of the cluster file: machines PXE-booted through matchbox."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from railyard.config.model import ClusterBase, Strict


class Machine(Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    mac: str = Field(pattern=r"^([0-9a-f]{2}:){5}[0-9a-f]{2}$", description="lowercase, colons")
    domain: str


class BareMetalSection(Strict):
    matchbox_http_endpoint: str = Field(pattern=r"^https?://")
    matchbox_rpc_endpoint: str = Field(pattern=r"^[A-Za-z0-9.-]+:\d+$")
    matchbox_client_cert: str = Field(description="Path to the TLS client certificate")
    matchbox_client_key: str = Field(description="Path to the TLS client key")
    matchbox_ca: str = Field(description="Path to matchbox's CA certificate")
    k8s_domain_name: str = Field(description="DNS name of the API server (controllers)")
    install_disk: str = Field("/dev/sda", pattern=r"^/dev/[A-Za-z0-9/_-]+$")
    cached_install: bool = False
    kernel_args: list[str] = Field(default_factory=list)
    oem_type: str = ""
    controllers: list[Machine] = Field(min_length=1)
    workers: list[Machine] = Field(default_factory=list)


class BareMetalCluster(ClusterBase):
    platform: Literal["bare-metal"]
    bare_metal: BareMetalSection

    def platform_tfvars(self) -> dict[str, Any]:
        return self.bare_metal.model_dump(mode="json")
