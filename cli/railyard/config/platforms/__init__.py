"""Every platform's cluster model. Adding a platform: one model here, one template in
workspace/templates/platforms/, one module in terraform/platforms/."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from railyard.config.model import ClusterBase
from railyard.config.platforms.aws import AwsCluster
from railyard.config.platforms.bare_metal import BareMetalCluster
from railyard.config.platforms.packet import PacketCluster

MODELS: dict[str, type[ClusterBase]] = {
    "aws": AwsCluster,
    "bare-metal": BareMetalCluster,
    "packet": PacketCluster,
}
PLATFORMS = tuple(MODELS)
# The whole cluster file, for its JSON Schema; loading validates against MODELS[platform] only.
Cluster = Annotated[AwsCluster | BareMetalCluster | PacketCluster, Field(discriminator="platform")]
