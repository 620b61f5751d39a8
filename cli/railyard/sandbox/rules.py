"""Per-type behaviour the schema format cannot say: which changes force a new object, and
the defaults a provider plans for optional arguments left out."""

from __future__ import annotations

from typing import Any

EVERY_ARGUMENT = "*"

# Arguments whose change replaces the object, from the providers' documentation.
# EVERY_ARGUMENT: the type has no update at all (every argument and block forces new).
FORCE_NEW: dict[str, set[str] | str] = {
    "aws_autoscaling_group": {"name", "name_prefix"},
    "aws_egress_only_internet_gateway": {"vpc_id"},
    "aws_iam_instance_profile": {"name", "name_prefix", "path"},
    "aws_iam_role": {"name", "name_prefix", "path"},
    "aws_iam_role_policy": {"name", "name_prefix", "role"},
    "aws_instance": {
        "ami",
        "associate_public_ip_address",
        "availability_zone",
        "key_name",
        "placement_group",
        "private_ip",
        "subnet_id",
        "tenancy",
    },
    "aws_key_pair": {"key_name", "key_name_prefix", "public_key"},
    "aws_launch_template": {"name", "name_prefix"},
    "aws_lb": {"internal", "load_balancer_type", "name", "name_prefix"},
    "aws_lb_listener": {"load_balancer_arn"},
    "aws_lb_target_group": {
        "name",
        "name_prefix",
        "port",
        "protocol",
        "protocol_version",
        "target_type",
        "vpc_id",
    },
    "aws_lb_target_group_attachment": EVERY_ARGUMENT,
    "aws_route": {
        "destination_cidr_block",
        "destination_ipv6_cidr_block",
        "destination_prefix_list_id",
        "route_table_id",
    },
    "aws_route53_record": {"name", "zone_id"},
    "aws_route_table": {"vpc_id"},
    "aws_route_table_association": {"gateway_id", "subnet_id"},
    "aws_s3_bucket": {"bucket", "bucket_prefix"},
    "aws_s3_bucket_public_access_block": {"bucket"},
    "aws_s3_bucket_server_side_encryption_configuration": {"bucket"},
    "aws_s3_bucket_versioning": {"bucket"},
    "aws_s3_object": {"bucket", "key"},
    "aws_security_group": {"description", "name", "name_prefix", "vpc_id"},
    "aws_security_group_rule": {
        "cidr_blocks",
        "from_port",
        "ipv6_cidr_blocks",
        "prefix_list_ids",
        "protocol",
        "security_group_id",
        "self",
        "source_security_group_id",
        "to_port",
        "type",
    },
    "aws_subnet": {"availability_zone", "availability_zone_id", "cidr_block", "vpc_id"},
    "aws_vpc": {"cidr_block", "ipv4_ipam_pool_id"},
    "aws_vpc_security_group_egress_rule": {"security_group_id"},
    "aws_vpc_security_group_ingress_rule": {"security_group_id"},
    "equinix_metal_bgp_session": EVERY_ARGUMENT,
    # user_data, custom_data and operating_system are updated in place only with
    # behavior.allow_changes or reinstall.enabled, which railyard's modules do not set.
    "equinix_metal_device": {
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
    },
    "equinix_metal_project_ssh_key": {"project_id", "public_key"},
    "equinix_metal_reserved_ip_block": {"facility", "metro", "project_id", "quantity", "type"},
    "matchbox_group": EVERY_ARGUMENT,
    "matchbox_profile": EVERY_ARGUMENT,
    "null_resource": EVERY_ARGUMENT,
    "random_id": EVERY_ARGUMENT,
    "random_password": EVERY_ARGUMENT,
    "random_string": EVERY_ARGUMENT,
    "tls_cert_request": EVERY_ARGUMENT,
    "tls_locally_signed_cert": EVERY_ARGUMENT,
    "tls_private_key": EVERY_ARGUMENT,
    "tls_self_signed_cert": EVERY_ARGUMENT,
}

_RANDOM_TEXT_DEFAULTS: dict[str, Any] = {
    "lower": True,
    "min_lower": 0,
    "min_numeric": 0,
    "min_special": 0,
    "min_upper": 0,
    "number": True,
    "numeric": True,
    "special": True,
    "upper": True,
}
_CERT_DEFAULTS: dict[str, Any] = {
    "early_renewal_hours": 0,
    "is_ca_certificate": False,
    "set_subject_key_id": False,
}

# Defaults planned for optional+computed arguments left out of the configuration.
PLAN_DEFAULTS: dict[str, dict[str, Any]] = {
    "random_password": _RANDOM_TEXT_DEFAULTS,
    "random_string": _RANDOM_TEXT_DEFAULTS,
    "tls_locally_signed_cert": _CERT_DEFAULTS,
    "tls_private_key": {"ecdsa_curve": "P224", "rsa_bits": 2048},
    "tls_self_signed_cert": {**_CERT_DEFAULTS, "set_authority_key_id": False},
}


def force_new(type_name: str, block: dict[str, Any]) -> set[str]:
    """Names of the top-level attributes and blocks whose change replaces the object."""
    listed = FORCE_NEW.get(type_name, set())
    if listed != EVERY_ARGUMENT:
        return set(listed)
    arguments = {
        name
        for name, attr in block.get("attributes", {}).items()
        if attr.get("required") or attr.get("optional")
    }
    return arguments | set(block.get("block_types", {}))


def plan_defaults(type_name: str) -> dict[str, Any]:
    return PLAN_DEFAULTS.get(type_name, {})
