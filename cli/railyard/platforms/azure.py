"""Microsoft Azure: virtual machines, an orchestrated scale set per worker pool, Azure DNS."""

from __future__ import annotations

from railyard.platforms import providers
from railyard.platforms.platform import EVERY_ARGUMENT, Platform

# Arguments the azurerm documentation says force a new object ("Changing this forces a new
# resource to be created"); most Azure resources cannot move or be renamed.
_PLACED = frozenset({"name", "resource_group_name", "location"})
_LB_CHILD = frozenset({"name", "loadbalancer_id"})
_DNS_RECORD = frozenset({"name", "resource_group_name", "zone_name"})

PLATFORM = Platform(
    name="azure",
    model="railyard.config.platforms.azure:AzureCluster",
    section="azure",
    providers={"azurerm": providers.AZURERM, **providers.SHARED},
    template="platforms/azure.tf.j2",
    starter="azure.yaml",
    example="azure/cluster.yaml",
    module="platforms/azure",
    controller_machine="module.cluster.azurerm_linux_virtual_machine.controller[{index}]",
    sandbox_force_new={
        "azurerm_availability_set": _PLACED
        | {
            "managed",
            "platform_fault_domain_count",
            "platform_update_domain_count",
            "proximity_placement_group_id",
        },
        "azurerm_dns_a_record": _DNS_RECORD,
        "azurerm_dns_aaaa_record": _DNS_RECORD,
        "azurerm_lb": _PLACED | {"edge_zone", "sku", "sku_tier"},
        "azurerm_lb_backend_address_pool": _LB_CHILD,
        "azurerm_lb_outbound_rule": _LB_CHILD,
        "azurerm_lb_probe": _LB_CHILD,
        "azurerm_lb_rule": _LB_CHILD,
        "azurerm_linux_virtual_machine": _PLACED
        | {
            "admin_password",
            "admin_ssh_key",
            "admin_username",
            "availability_set_id",
            "computer_name",
            "custom_data",
            "dedicated_host_group_id",
            "disable_password_authentication",
            "edge_zone",
            "eviction_policy",
            "plan",
            "platform_fault_domain",
            "priority",
            "secure_boot_enabled",
            "source_image_id",
            "source_image_reference",
            "virtual_machine_scale_set_id",
            "vtpm_enabled",
            "zone",
        },
        "azurerm_network_interface": _PLACED | {"edge_zone"},
        "azurerm_network_interface_backend_address_pool_association": EVERY_ARGUMENT,
        "azurerm_network_interface_security_group_association": EVERY_ARGUMENT,
        "azurerm_network_security_group": _PLACED,
        "azurerm_network_security_rule": frozenset(
            {"name", "resource_group_name", "network_security_group_name"}
        ),
        "azurerm_orchestrated_virtual_machine_scale_set": _PLACED
        | {
            "capacity_reservation_group_id",
            "eviction_policy",
            "platform_fault_domain_count",
            "priority",
            "proximity_placement_group_id",
            "single_placement_group",
            "zones",
        },
        "azurerm_public_ip": _PLACED
        | {
            "edge_zone",
            "ip_tags",
            "ip_version",
            "public_ip_prefix_id",
            "sku",
            "sku_tier",
            "zones",
        },
        "azurerm_resource_group": frozenset({"name", "location"}),
        "azurerm_role_assignment": EVERY_ARGUMENT,
        "azurerm_storage_account": _PLACED
        | {"account_tier", "edge_zone", "is_hns_enabled", "nfsv3_enabled"},
        "azurerm_storage_blob": frozenset(
            {
                "name",
                "storage_container_id",
                "type",
                "size",
                "source",
                "source_content",
                "source_uri",
                "encryption_scope",
            }
        ),
        "azurerm_storage_container": frozenset({"name", "storage_account_id"}),
        "azurerm_subnet": frozenset({"name", "resource_group_name", "virtual_network_name"}),
        "azurerm_subnet_network_security_group_association": EVERY_ARGUMENT,
        "azurerm_user_assigned_identity": _PLACED,
        "azurerm_virtual_network": _PLACED | {"edge_zone"},
    },
)
