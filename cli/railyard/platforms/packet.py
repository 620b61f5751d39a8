"""Equinix Metal (formerly Packet): metal devices, DNS records in Route53. Equinix Metal
shut down on 2026-06-30; the platform is kept for existing deployments and migration."""

from __future__ import annotations

from railyard.platforms import providers
from railyard.platforms.platform import EVERY_ARGUMENT, Platform

PLATFORM = Platform(
    name="packet",
    model="railyard.config.platforms.packet:PacketCluster",
    section="packet",
    providers={"aws": providers.AWS, "equinix": providers.EQUINIX, **providers.SHARED},
    template="platforms/packet.tf.j2",
    starter="packet.yaml",
    example="packet/cluster.yaml",
    module="platforms/packet",
    controller_machine="module.cluster.equinix_metal_device.controller[{index}]",
    # The sandbox has no devices to copy kubeconfigs and PKI to over SSH.
    sandbox_tfvars={"copy_assets": False},
    notice=(
        "Equinix Metal (formerly Packet) was shut down on 2026-06-30: the packet platform is "
        "kept for existing deployments and migration only"
    ),
    sandbox_force_new={
        "equinix_metal_bgp_session": EVERY_ARGUMENT,
        # user_data, custom_data and operating_system are updated in place only with
        # behavior.allow_changes or reinstall.enabled, which railyard's modules do not set.
        "equinix_metal_device": frozenset(
            {
                "billing_cycle",
                "custom_data",
                "facilities",
                "hardware_reservation_id",
                "metro",
                "operating_system",
                "plan",
                "project_id",
                "project_ssh_key_ids",
                "storage",
                "user_data",
            }
        ),
        "equinix_metal_project_ssh_key": frozenset({"project_id", "public_key"}),
        "equinix_metal_reserved_ip_block": frozenset(
            {"facility", "metro", "project_id", "quantity", "type"}
        ),
    },
)
