"""What the fake Azure makes: resource ids in Azure's form, private addresses inside the
subnet a network interface sits in, public addresses from documentation ranges, managed
identities' principals, and the answers of the azurerm data sources."""

from __future__ import annotations

import ipaddress
from typing import Any

# generate calls special() for azurerm types; this module uses generate's seeded helpers.
from railyard.sandbox import generate, store
from railyard.sandbox.lifecycle import Context

SUBSCRIPTION = "5a1dbf43-6c2d-4e0f-9b1a-7d3e2c4f8a90"
TENANT = "0c4f7e21-93b8-4d5a-a6e2-1f8b9c3d7e45"
FLATCAR_VERSION = "4230.2.0"  # what "latest" resolves to in the sandbox

# resource type -> its provider namespace and type in ids
_ARM_TYPE = {
    "azurerm_availability_set": "Microsoft.Compute/availabilitySets",
    "azurerm_lb": "Microsoft.Network/loadBalancers",
    "azurerm_linux_virtual_machine": "Microsoft.Compute/virtualMachines",
    "azurerm_network_interface": "Microsoft.Network/networkInterfaces",
    "azurerm_network_security_group": "Microsoft.Network/networkSecurityGroups",
    "azurerm_orchestrated_virtual_machine_scale_set": "Microsoft.Compute/virtualMachineScaleSets",
    "azurerm_public_ip": "Microsoft.Network/publicIPAddresses",
    "azurerm_storage_account": "Microsoft.Storage/storageAccounts",
    "azurerm_user_assigned_identity": "Microsoft.ManagedIdentity/userAssignedIdentities",
    "azurerm_virtual_network": "Microsoft.Network/virtualNetworks",
}
# load balancer parts -> their collection under the load balancer's id
_LB_PART = {
    "azurerm_lb_backend_address_pool": "backendAddressPools",
    "azurerm_lb_outbound_rule": "outboundRules",
    "azurerm_lb_probe": "probes",
    "azurerm_lb_rule": "loadBalancingRules",
}
_DNS_RECORD = {"azurerm_dns_a_record": "A", "azurerm_dns_aaaa_record": "AAAA"}
# Computed settings whose value Azure reports when the configuration leaves them out.
_DEFAULTS: dict[str, dict[str, Any]] = {
    "azurerm_linux_virtual_machine": {
        "allow_extension_operations": True,
        "disable_password_authentication": True,
        "disk_controller_type": "SCSI",
        "patch_assessment_mode": "ImageDefault",
        "patch_mode": "ImageDefault",
        "provision_vm_agent": True,
    },
    "azurerm_role_assignment": {"principal_type": "ServicePrincipal"},
}


def subscription(ctx: Context) -> str:
    return str(ctx.provider_config.get("subscription_id") or SUBSCRIPTION)


def special(ctx: Context, name: str, obj: dict[str, Any]) -> Any:
    """The value of the computed attribute `name` of `obj`, or None when nothing special."""
    t = ctx.type_name
    if name == "id":
        return _id(ctx, obj)
    if name in _DEFAULTS.get(t, {}):
        return _DEFAULTS[t][name]
    if name in ("principal_id", "client_id", "virtual_machine_id", "unique_id", "guid"):
        return generate.uuid(ctx, name)
    if name == "tenant_id":
        return TENANT
    if name == "name" and t == "azurerm_role_assignment":
        return generate.uuid(ctx, name)
    if name == "role_definition_id" and obj.get("role_definition_name"):
        role = generate.uuid(ctx, str(obj["role_definition_name"]))
        authorization = f"/subscriptions/{subscription(ctx)}/providers/Microsoft.Authorization"
        return f"{authorization}/roleDefinitions/{role}"
    if name == "computer_name":
        return obj.get("name")
    if name == "fqdn" and t in _DNS_RECORD:
        return f"{obj.get('name')}.{obj.get('zone_name')}."
    if name == "fqdn" and t == "azurerm_public_ip":
        label = obj.get("domain_name_label")
        return f"{label}.{obj.get('location')}.cloudapp.azure.com" if label else ""
    if name == "ip_address" and t == "azurerm_public_ip":
        n = ctx.serial
        return (
            f"2001:db8:a2e:{n:x}::1"
            if obj.get("ip_version") == "IPv6"
            else f"203.0.113.{n % 250 + 1}"
        )
    if name == "frontend_ip_configuration_id" and t == "azurerm_lb_rule":
        lb, frontend = obj.get("loadbalancer_id"), obj.get("frontend_ip_configuration_name")
        return f"{lb}/frontendIPConfigurations/{frontend}"
    if name == "mac_address":
        return (
            "00-0D-3A-" + "-".join(generate.digest(ctx, name)[i : i + 2] for i in (0, 2, 4)).upper()
        )
    if t == "azurerm_network_interface" or "private_ip_address_allocation" in obj:
        found = _interface_address(ctx, name, obj)
        if found is not None:
            return found
    if t == "azurerm_linux_virtual_machine" and name.startswith(("private_ip", "public_ip")):
        return _machine_addresses(ctx, obj)[name]
    if name == "url":
        return _blob_url(obj)
    if name.startswith("primary_") and name.endswith("_endpoint"):
        service = name.removeprefix("primary_").removesuffix("_endpoint").replace("_", ".")
        return f"https://{obj.get('name')}.{service}.core.windows.net/"
    return None


def _id(ctx: Context, obj: dict[str, Any]) -> str:
    t, name, group = ctx.type_name, obj.get("name"), obj.get("resource_group_name")
    under_group = f"/subscriptions/{subscription(ctx)}/resourceGroups/{group}/providers"
    if t == "azurerm_resource_group":
        return f"/subscriptions/{subscription(ctx)}/resourceGroups/{name}"
    if t in _LB_PART and obj.get("loadbalancer_id"):
        return f"{obj['loadbalancer_id']}/{_LB_PART[t]}/{name}"
    if t == "azurerm_subnet" and group:
        network = obj.get("virtual_network_name")
        return f"{under_group}/Microsoft.Network/virtualNetworks/{network}/subnets/{name}"
    if t == "azurerm_network_security_rule" and group:
        nsg = obj.get("network_security_group_name")
        return f"{under_group}/Microsoft.Network/networkSecurityGroups/{nsg}/securityRules/{name}"
    if t in _DNS_RECORD and group:
        zone = obj.get("zone_name")
        return f"{under_group}/Microsoft.Network/dnsZones/{zone}/{_DNS_RECORD[t]}/{name}"
    if t == "azurerm_subnet_network_security_group_association":
        return str(obj.get("subnet_id"))
    if t == "azurerm_network_interface_security_group_association":
        return f"{obj.get('network_interface_id')}|{obj.get('network_security_group_id')}"
    if t == "azurerm_network_interface_backend_address_pool_association":
        configuration = (
            f"{obj.get('network_interface_id')}/ipConfigurations/{obj.get('ip_configuration_name')}"
        )
        return f"{configuration}|{obj.get('backend_address_pool_id')}"
    if t == "azurerm_storage_container" and obj.get("storage_account_id"):
        return f"{obj['storage_account_id']}/blobServices/default/containers/{name}"
    if t == "azurerm_storage_blob" and obj.get("storage_container_id"):
        return _blob_url(obj)
    if t == "azurerm_role_assignment" and obj.get("scope"):
        assignment = generate.uuid(ctx, "assignment")
        return f"{obj['scope']}/providers/Microsoft.Authorization/roleAssignments/{assignment}"
    if t in _ARM_TYPE and group:
        return f"{under_group}/{_ARM_TYPE[t]}/{name}"
    # a nested object (an OS disk, a frontend configuration): its own name under the type
    kind = _ARM_TYPE.get(t, "Microsoft.Resources/resources")
    part = f"{name or 'default'}-{generate.digest(ctx, str(name))[:8]}"
    return f"/subscriptions/{subscription(ctx)}/resourceGroups/sandbox/providers/{kind}/{part}"


def _blob_url(obj: dict[str, Any]) -> str:
    """https://account.blob.core.windows.net/container[/blob] of a container or a blob."""
    container_id = str(obj.get("storage_container_id") or "")
    if container_id:  # a blob: .../storageAccounts/<account>/blobServices/default/containers/<c>
        parts = container_id.split("/")
        return f"https://{parts[-5]}.blob.core.windows.net/{parts[-1]}/{obj.get('name')}"
    account = str(obj.get("storage_account_id") or "").rsplit("/", 1)[-1]
    return f"https://{account}.blob.core.windows.net/{obj.get('name')}"


def _interface_address(ctx: Context, name: str, obj: dict[str, Any]) -> Any:
    """A network interface's private addresses: its primary configuration's (or, inside an
    ip_configuration, its own) next free address of its subnet, per address family."""
    configurations = obj.get("ip_configuration") or [obj]
    addresses = [_private_address(ctx, c) for c in configurations if c.get("subnet_id")]
    if name == "private_ip_address":
        return addresses[0] if addresses else ""
    if name == "private_ip_addresses":
        return addresses
    if name in ("applied_dns_servers", "dns_servers"):
        return []
    if name == "internal_domain_name_suffix":
        return f"{generate.digest(ctx, name)[:26]}.ax.internal.cloudapp.net"
    return None


def _private_address(ctx: Context, configuration: dict[str, Any]) -> str:
    """Azure keeps the first four addresses of a subnet; the serial picks one after them."""
    subnet = store.get(ctx.sandbox_dir, "azurerm_subnet", str(configuration["subnet_id"])) or {}
    version = 6 if configuration.get("private_ip_address_version") == "IPv6" else 4
    prefixes = [ipaddress.ip_network(p) for p in subnet.get("address_prefixes") or []]
    fallback = ipaddress.ip_network("10.0.0.0/24" if version == 4 else "fd00::/64")
    network = next((p for p in prefixes if p.version == version), fallback)
    offset = 4 + (ctx.serial - 1) % max(min(network.num_addresses, 2**16) - 5, 1)
    return str(network.network_address + offset)


def _machine_addresses(ctx: Context, obj: dict[str, Any]) -> dict[str, Any]:
    """A virtual machine's addresses: those of its network interfaces and public IPs."""
    private: list[str] = []
    public: list[str] = []
    for interface_id in obj.get("network_interface_ids") or []:
        interface = store.get(ctx.sandbox_dir, "azurerm_network_interface", interface_id) or {}
        private += interface.get("private_ip_addresses") or []
        for configuration in interface.get("ip_configuration") or []:
            address_id = configuration.get("public_ip_address_id")
            address = (
                store.get(ctx.sandbox_dir, "azurerm_public_ip", address_id) if address_id else None
            )
            if address and address.get("ip_address"):
                public.append(address["ip_address"])
    return {
        "private_ip_address": private[0] if private else "",
        "private_ip_addresses": private,
        "public_ip_address": public[0] if public else "",
        "public_ip_addresses": public,
    }


# -- data sources ---------------------------------------------------------------------------


def client_config(ctx: Context, config: dict[str, Any]) -> dict[str, Any]:
    client, principal = generate.uuid(ctx, "client"), generate.uuid(ctx, "object")
    sub = subscription(ctx)
    return {
        "id": (
            f"clientConfigs/clientId={client};objectId={principal};"
            f"subscriptionId={sub};tenantId={TENANT}"
        ),
        "client_id": client,
        "object_id": principal,
        "subscription_id": sub,
        "tenant_id": TENANT,
    }


def platform_image(ctx: Context, config: dict[str, Any]) -> dict[str, Any]:
    """The Marketplace image: the version asked for, or the sandbox's newest."""
    asked = config.get("version")
    version = asked if isinstance(asked, str) and asked else FLATCAR_VERSION
    path = "/".join(
        [
            f"/Subscriptions/{subscription(ctx)}/Providers/Microsoft.Compute",
            f"Locations/{config.get('location')}/Publishers/{config.get('publisher')}",
            f"ArtifactTypes/VMImage/Offers/{config.get('offer')}/Skus/{config.get('sku')}",
            f"Versions/{version}",
        ]
    )
    return {"id": path, "version": version}
