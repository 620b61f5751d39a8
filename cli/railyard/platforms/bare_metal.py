"""Bare metal: listed machines PXE-booted and installed through matchbox."""

from __future__ import annotations

from railyard.platforms import providers
from railyard.platforms.platform import EVERY_ARGUMENT, Platform

PLATFORM = Platform(
    name="bare-metal",
    model="railyard.config.platforms.bare_metal:BareMetalCluster",
    section="bare_metal",
    providers={"matchbox": providers.MATCHBOX, **providers.SHARED},
    template="platforms/bare-metal.tf.j2",
    starter="bare-metal.yaml",
    example="bare-metal/cluster.yaml",
    module="platforms/bare-metal",
    # The sandbox has no machines to copy kubeconfigs and PKI to over SSH.
    sandbox_tfvars={"copy_assets": False},
    sandbox_force_new={"matchbox_group": EVERY_ARGUMENT, "matchbox_profile": EVERY_ARGUMENT},
)
