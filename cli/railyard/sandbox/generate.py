"""Plausible, deterministic values for computed attributes: ids in each provider's style,
ARNs, addresses inside the CIDRs they belong to. Seeded by the type's serial, so the same
steps in a fresh sandbox give the same values."""

from __future__ import annotations

import base64
import binascii
import hashlib
import ipaddress
from typing import Any

from railyard.sandbox import azure, cty, store
from railyard.sandbox.lifecycle import Context

ACCOUNT_ID = "123456789012"
_CREATED = "2026-01-01T00:00:00Z"

# aws resource type -> id prefix (the rest is 17 hex digits, as EC2 makes them).
_ID_PREFIX = {
    "aws_egress_only_internet_gateway": "eigw-",
    "aws_instance": "i-",
    "aws_internet_gateway": "igw-",
    "aws_launch_template": "lt-",
    "aws_route_table": "rtb-",
    "aws_route_table_association": "rtbassoc-",
    "aws_security_group": "sg-",
    "aws_subnet": "subnet-",
    "aws_vpc": "vpc-",
    "aws_vpc_security_group_egress_rule": "sgr-",
    "aws_vpc_security_group_ingress_rule": "sgr-",
}
# Types whose id is one of their own arguments or computed attributes.
_ID_FROM = {
    "aws_autoscaling_group": "name",
    "aws_iam_instance_profile": "name",
    "aws_iam_role": "name",
    "aws_key_pair": "key_name",
    "aws_lb": "arn",
    "aws_lb_listener": "arn",
    "aws_lb_target_group": "arn",
    "aws_s3_bucket": "bucket",
    "aws_s3_bucket_public_access_block": "bucket",
    "aws_s3_bucket_server_side_encryption_configuration": "bucket",
    "aws_s3_bucket_versioning": "bucket",
    "aws_s3_object": "key",
    "matchbox_group": "name",
    "matchbox_profile": "name",
}
# Computed "*_id" attributes of other objects an EC2 resource points at.
_ATTRIBUTE_PREFIX = {
    "default_network_acl_id": "acl-",
    "default_route_table_id": "rtb-",
    "default_security_group_id": "sg-",
    "dhcp_options_id": "dopt-",
    "ipv6_association_id": "subnet-cidr-assoc-",
    "main_route_table_id": "rtb-",
    "primary_network_interface_id": "eni-",
    "security_group_rule_id": "sgr-",
}
_ARN_RESOURCE = {
    "aws_egress_only_internet_gateway": "egress-only-internet-gateway/{id}",
    "aws_instance": "instance/{id}",
    "aws_internet_gateway": "internet-gateway/{id}",
    "aws_key_pair": "key-pair/{key_name}",
    "aws_launch_template": "launch-template/{id}",
    "aws_route_table": "route-table/{id}",
    "aws_security_group": "security-group/{id}",
    "aws_subnet": "subnet/{id}",
    "aws_vpc": "vpc/{id}",
    "aws_vpc_security_group_egress_rule": "security-group-rule/{id}",
    "aws_vpc_security_group_ingress_rule": "security-group-rule/{id}",
}
# Route 53 hosted zone of the load balancers of a region (as AWS publishes them).
_ELB_ZONE = {
    "us-east-1": "Z26RNL4JYFTOTI",
    "us-east-2": "ZLMOA37VPKANP",
    "us-west-2": "Z18D5FSROUN65G",
    "eu-west-1": "Z2IFOLAFXWLO4F",
    "eu-central-1": "Z3F0SRJ5LGBH90",
}


def digest(ctx: Context, salt: str = "") -> str:
    """Hex digits that depend only on the type, its serial and `salt`."""
    seed = f"{ctx.provider}/{ctx.type_name}/{ctx.serial}/{salt}"
    return hashlib.sha256(seed.encode()).hexdigest()


def digits(ctx: Context, count: int, salt: str = "") -> str:
    return str(int(digest(ctx, salt), 16))[:count]


def uuid(ctx: Context, salt: str = "") -> str:
    h = digest(ctx, salt)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


def value(ctx: Context, name: str, ty: Any, obj: dict[str, Any]) -> Any:
    """The value the fake cloud gives the computed attribute `name` of `obj`."""
    special = _special(ctx, name, obj)
    if special is not None:
        return cty.normalize(ty, special)
    return _empty(ty)


def _special(ctx: Context, name: str, obj: dict[str, Any]) -> Any:
    t = ctx.type_name
    if t.startswith("azurerm_"):
        found = azure.special(ctx, name, obj)
        if found is not None:
            return found
    if t.startswith("google_"):
        found = _google(ctx, name, obj)
        if found is not None:
            return found
    if name == "id":
        return _id(ctx, obj)
    if name == "arn" and t.startswith("aws_"):
        return _arn(ctx, obj)
    if name == "name":
        return f"{obj.get('name_prefix') or 'terraform-'}{digits(ctx, 26, 'name')}"
    if name in ("owner_id", "account_id") and t.startswith("aws_"):
        return ACCOUNT_ID
    if name in _ATTRIBUTE_PREFIX:
        return _ATTRIBUTE_PREFIX[name] + digest(ctx, name)[:17]
    if name in ("create_date", "created", "updated", "created_at", "updated_at"):
        return _CREATED
    if name in ("latest_version", "default_version"):
        return 1
    if name == "unique_id":
        return "AROA" + digest(ctx, name)[:17].upper()
    if name == "private_ip":
        return _private_ip(ctx, obj)
    if name in ("availability_zone", "availability_zone_id"):
        letter = "abc"[(ctx.serial - 1) % 3]
        zone = _subnet_of(ctx, obj).get("availability_zone") or f"{ctx.region}{letter}"
        return zone if name == "availability_zone" else f"{_short(ctx.region)}-az1"
    if name == "private_dns" and obj.get("private_ip"):
        return _host_name(ctx, str(obj["private_ip"]))
    if name in ("public_ip", "public_dns"):
        if not obj.get("associate_public_ip_address"):
            return ""
        address = f"203.0.113.{ctx.serial % 250 + 1}"
        return address if name == "public_ip" else _host_name(ctx, address)
    if name == "dns_name" and t == "aws_lb":
        return f"{obj.get('name')}-{digits(ctx, 10, 'dns')}.elb.{ctx.region}.amazonaws.com"
    if name == "zone_id" and t == "aws_lb":
        return _ELB_ZONE.get(ctx.region, _ELB_ZONE["us-east-1"])
    if name == "fqdn":
        return str(obj.get("name", "")).rstrip(".")
    if name == "cidr_block" and t == "aws_vpc":
        return "10.0.0.0/16"
    if name in ("instance_state", "state") and t == "aws_instance":
        return "running"
    if t.startswith("equinix_"):
        found = _equinix(ctx, name, obj)
        if found is not None:
            return found
    if name == "arn_suffix":
        return str(obj.get("arn", "")).split(":", 5)[-1].split("/", 1)[-1]
    return None


def _id(ctx: Context, obj: dict[str, Any]) -> str:
    t = ctx.type_name
    if t in _ID_PREFIX:
        return _ID_PREFIX[t] + digest(ctx, "id")[:17]
    if t in _ID_FROM:
        source = _ID_FROM[t]
        # an ARN id is made here: the arn attribute is filled after the id
        return _arn(ctx, obj) if source == "arn" else str(obj.get(source))
    if t == "aws_iam_role_policy":
        return f"{obj.get('role')}:{obj.get('name')}"
    if t == "aws_route53_record":
        parts = [obj.get("zone_id"), obj.get("name"), obj.get("type"), obj.get("set_identifier")]
        return "_".join(str(p) for p in parts if p)
    if t == "aws_route":
        return f"r-{obj.get('route_table_id')}{digits(ctx, 10, 'route')}"
    if t == "aws_lb_target_group_attachment":
        return f"{obj.get('target_group_arn')}-{digits(ctx, 20, 'attachment')}"
    if t == "aws_security_group_rule":
        return f"sgrule-{digits(ctx, 10, 'rule')}"
    if t.startswith("aws_"):
        return digest(ctx, "id")[:17]
    return uuid(ctx, "id")


def _arn(ctx: Context, obj: dict[str, Any]) -> str:
    t, region, name, h = ctx.type_name, ctx.region, obj.get("name"), digest(ctx, "arn")
    if t == "aws_iam_role":
        return f"arn:aws:iam::{ACCOUNT_ID}:role{obj.get('path') or '/'}{name}"
    if t == "aws_iam_instance_profile":
        return f"arn:aws:iam::{ACCOUNT_ID}:instance-profile{obj.get('path') or '/'}{name}"
    if t == "aws_s3_bucket":
        return f"arn:aws:s3:::{obj.get('bucket')}"
    if t == "aws_s3_object":
        return f"arn:aws:s3:::{obj.get('bucket')}/{obj.get('key')}"
    elb = f"arn:aws:elasticloadbalancing:{region}:{ACCOUNT_ID}"
    if t == "aws_lb":
        kind = "app" if obj.get("load_balancer_type") in (None, "application") else "net"
        return f"{elb}:loadbalancer/{kind}/{name}/{h[:16]}"
    if t == "aws_lb_target_group":
        return f"{elb}:targetgroup/{name}/{h[:16]}"
    if t == "aws_lb_listener":
        return str(obj.get("load_balancer_arn", "")).replace(":loadbalancer/", ":listener/") + (
            f"/{h[:16]}"
        )
    if t == "aws_autoscaling_group":
        return (
            f"arn:aws:autoscaling:{region}:{ACCOUNT_ID}:autoScalingGroup:{uuid(ctx, 'asg')}"
            f":autoScalingGroupName/{name}"
        )
    resource = _ARN_RESOURCE.get(t, t.removeprefix("aws_") + "/{id}").format(**obj)
    return f"arn:aws:ec2:{region}:{ACCOUNT_ID}:{resource}"


def _equinix(ctx: Context, name: str, obj: dict[str, Any]) -> Any:
    """Metal devices get documentation-range addresses; keys their real fingerprint."""
    n = ctx.serial
    if name == "access_public_ipv4":
        return f"198.51.100.{n % 250 + 1}"
    if name == "access_private_ipv4":
        return f"10.88.{n // 250}.{n % 250 + 2}"
    if name == "access_public_ipv6":
        return f"2001:db8::{n:x}:1"
    if name == "network":
        # Each address is one end of a /31 (/127) whose other end is the gateway.
        addresses = [
            (obj.get("access_public_ipv4"), 31, True),
            (obj.get("access_public_ipv6"), 127, True),
            (obj.get("access_private_ipv4"), 31, False),
        ]
        return [
            {
                "address": address,
                "gateway": str(ipaddress.ip_address(str(address)) - 1),
                "family": ipaddress.ip_address(str(address)).version,
                "cidr": cidr,
                "public": public,
            }
            for address, cidr, public in addresses
        ]
    if name == "deployed_hardware_reservation_id":
        reservation = obj.get("hardware_reservation_id")
        if not reservation:
            return ""
        return uuid(ctx, name) if reservation == "next-available" else reservation
    if name == "network_type":
        return "layer3"
    if name == "ports":
        macs = [":".join(digest(ctx, port)[i : i + 2] for i in range(0, 12, 2)) for port in "01"]
        ports = [
            ("bond0", "NetworkBondPort", ""),
            *((f"eth{i}", "NetworkPort", mac) for i, mac in enumerate(macs)),
        ]
        return [
            {"name": port, "type": kind, "bonded": True, "mac": mac, "id": uuid(ctx, port)}
            for port, kind, mac in ports
        ]
    if name == "sos_hostname":
        return f"{uuid(ctx, 'id')}@sos.{obj.get('metro') or 'da'}11.platformequinix.com"
    if name == "ssh_key_ids":
        return list(obj.get("project_ssh_key_ids") or [])
    if name == "hostname":
        return f"tf-device-{digest(ctx, name)[:6]}"
    if name in ("state", "status"):
        return "up" if ctx.type_name == "equinix_metal_bgp_session" else "active"
    if name == "billing_cycle":
        return "hourly"
    if name == "deployed_facility":
        return str(obj.get("metro") or "da") + "11"
    if name == "root_password":
        return digest(ctx, name)[:20]
    if name == "fingerprint":
        return _ssh_fingerprint(str(obj.get("public_key") or ""))
    if name in ("owner_id", "organization_id"):
        return uuid(ctx, name)
    return None


# google type -> its id, a resource path (formatted with the object, project and region).
_GOOGLE_ID = {
    "google_compute_backend_service": "projects/{project}/global/backendServices/{name}",
    "google_compute_firewall": "projects/{project}/global/firewalls/{name}",
    "google_compute_global_address": "projects/{project}/global/addresses/{name}",
    "google_compute_global_forwarding_rule": "projects/{project}/global/forwardingRules/{name}",
    "google_compute_health_check": "projects/{project}/global/healthChecks/{name}",
    "google_compute_instance": "projects/{project}/zones/{zone}/instances/{name}",
    "google_compute_instance_group": "projects/{project}/zones/{zone}/instanceGroups/{name}",
    "google_compute_network": "projects/{project}/global/networks/{name}",
    "google_compute_region_instance_group_manager": (
        "projects/{project}/regions/{region}/instanceGroupManagers/{name}"
    ),
    "google_compute_region_instance_template": (
        "projects/{project}/regions/{region}/instanceTemplates/{name}"
    ),
    "google_compute_subnetwork": "projects/{project}/regions/{region}/subnetworks/{name}",
    "google_compute_target_tcp_proxy": "projects/{project}/global/targetTcpProxies/{name}",
    "google_dns_record_set": "projects/{project}/managedZones/{managed_zone}/rrsets/{name}/{type}",
    "google_service_account": "projects/{project}/serviceAccounts/{email}",
    "google_storage_bucket": "{name}",
    "google_storage_bucket_iam_member": "b/{bucket}/{role}/{member}",
    "google_storage_bucket_object": "{bucket}-{name}",
}
_COMPUTE_API = "https://www.googleapis.com/compute/v1/"
_STORAGE_API = "https://www.googleapis.com/storage/v1/"
# Numeric ids Google gives its objects.
_GOOGLE_NUMBERS = frozenset(
    {
        "forwarding_rule_id",
        "generated_id",
        "generation",
        "instance_group_manager_id",
        "instance_id",
        "numeric_id",
        "project_number",
        "subnetwork_id",
        "unique_id",
    }
)
_GOOGLE_FINGERPRINTS = frozenset(
    {"fingerprint", "label_fingerprint", "metadata_fingerprint", "tags_fingerprint"}
)


def _google(ctx: Context, name: str, obj: dict[str, Any]) -> Any:
    """Google's ids are resource paths, its links URLs; addresses come from documentation
    ranges (IPv4 inside the subnetwork's range for internal ones)."""
    t, n, project = ctx.type_name, ctx.serial, google_project(ctx)
    if name == "id":
        email = _service_account_email(ctx, obj) if t == "google_service_account" else ""
        values = {"project": project, "region": ctx.region, "email": email}
        return _GOOGLE_ID.get(t, "{name}").format_map({**obj, **values})
    if name == "self_link":
        if t == "google_storage_bucket":
            return f"{_STORAGE_API}b/{obj.get('name')}"
        if t == "google_storage_bucket_object":
            return f"{_STORAGE_API}b/{obj.get('bucket')}/o/{obj.get('name')}"
        return _COMPUTE_API + str(obj.get("id"))
    if name in ("project", "subnetwork_project"):
        return project
    if t == "google_service_account" and name in ("email", "member", "name"):
        email = _service_account_email(ctx, obj)
        return {
            "email": email,
            "member": f"serviceAccount:{email}",
            "name": f"projects/{project}/serviceAccounts/{email}",
        }[name]
    if name in _GOOGLE_NUMBERS:
        return digits(ctx, 19 if name != "generation" else 16, name)
    if name in _GOOGLE_FINGERPRINTS:
        return base64.b64encode(bytes.fromhex(digest(ctx, name)[:16])).decode()
    if name in ("creation_timestamp", "time_created", "updated"):
        return _CREATED
    if name in ("effective_labels", "terraform_labels"):
        return {**(obj.get("labels") or {}), "goog-terraform-provisioned": "true"}
    if name == "instance_group":  # a regional managed group's
        path = f"projects/{project}/regions/{ctx.region}/instanceGroups/{obj.get('name')}"
        return _COMPUTE_API + path
    if name == "address":  # a global address
        if obj.get("ip_version") == "IPV6":
            return f"2001:db8:{n:x}::"
        return f"192.0.2.{n % 250 + 1}"
    if name == "network_ip":
        cidr = _google_subnetwork(ctx, obj).get("ip_cidr_range") or "10.0.0.0/24"
        network = ipaddress.ip_network(str(cidr), strict=False)
        # Compute Engine keeps the first two addresses for itself.
        return str(network.network_address + 2 + (n - 1) % max(network.num_addresses - 4, 1))
    if name == "network" and "subnetwork" in obj:  # a network interface's
        return _google_subnetwork(ctx, obj).get("network") or ""
    if name == "name" and "access_config" in obj:
        return "nic0"
    if name == "name" and "external_ipv6" in obj:
        return "external-ipv6"
    if name == "nat_ip":
        return f"203.0.113.{n % 250 + 1}"
    if name == "external_ipv6":
        return f"2001:db8:{n:x}:1::"
    if name == "external_ipv6_prefix_length":
        return "96"
    if name == "ipv6_access_type" and "subnetwork" in obj:
        return "EXTERNAL"
    if name in ("ipv6_cidr_range", "external_ipv6_prefix"):
        return f"2001:db8:{n:x}:1::/64"
    if name == "gateway_address":
        return str(ipaddress.ip_network(str(obj.get("ip_cidr_range")), strict=False)[1])
    if name == "network_tier":
        return "PREMIUM"
    if name == "current_status":
        return "RUNNING"
    if name == "state":
        return "READY"
    if name == "url":
        return f"gs://{obj.get('name')}"
    if name == "etag":
        return "BwY" + base64.b64encode(bytes.fromhex(digest(ctx, name)[:16])).decode()[:8]
    if t == "google_storage_bucket_object":
        return _object_hashes(ctx, name, obj)
    return None


def google_project(ctx: Context) -> str:
    return str(ctx.provider_config.get("project") or "railyard-sandbox")


def _service_account_email(ctx: Context, obj: dict[str, Any]) -> str:
    return f"{obj.get('account_id')}@{google_project(ctx)}.iam.gserviceaccount.com"


def _google_subnetwork(ctx: Context, obj: dict[str, Any]) -> dict[str, Any]:
    subnetwork = obj.get("subnetwork")
    if not isinstance(subnetwork, str):
        return {}
    key = subnetwork.removeprefix(_COMPUTE_API)
    return store.get(ctx.sandbox_dir, "google_compute_subnetwork", key) or {}


def _object_hashes(ctx: Context, name: str, obj: dict[str, Any]) -> Any:
    """A bucket object's hashes of its real content, as Cloud Storage reports them."""
    content = str(obj.get("content") or "").encode()
    md5 = hashlib.md5(content, usedforsecurity=False).digest()
    if name == "md5hash":
        return base64.b64encode(md5).decode()
    if name == "md5hexhash":
        return md5.hex()
    if name == "crc32c":  # the standard library has CRC-32 only; the form is what counts
        return base64.b64encode(binascii.crc32(content).to_bytes(4, "big")).decode()
    if name == "media_link":
        bucket, key = obj.get("bucket"), obj.get("name")
        return f"https://storage.googleapis.com/download/storage/v1/b/{bucket}/o/{key}?alt=media"
    if name == "output_name":
        return obj.get("name")
    if name == "storage_class":
        return "STANDARD"
    return None


def _ssh_fingerprint(public_key: str) -> str:
    """The MD5 fingerprint of an OpenSSH public key, as Equinix shows it."""
    try:
        blob = base64.b64decode(public_key.split()[1])
    except (IndexError, binascii.Error):
        return ""
    return ":".join(f"{b:02x}" for b in hashlib.md5(blob, usedforsecurity=False).digest())


def _subnet_of(ctx: Context, obj: dict[str, Any]) -> dict[str, Any]:
    subnet_id = obj.get("subnet_id")
    if not isinstance(subnet_id, str):
        return {}
    return store.get(ctx.sandbox_dir, "aws_subnet", subnet_id) or {}


def _private_ip(ctx: Context, obj: dict[str, Any]) -> str:
    """An address inside the instance's subnet (AWS keeps the first four for itself)."""
    cidr = _subnet_of(ctx, obj).get("cidr_block") or "10.0.0.0/24"
    network = ipaddress.ip_network(str(cidr), strict=False)
    offset = 4 + (ctx.serial - 1) % max(network.num_addresses - 5, 1)
    return str(network.network_address + offset)


def _host_name(ctx: Context, address: str) -> str:
    domain = "ec2.internal" if ctx.region == "us-east-1" else f"{ctx.region}.compute.internal"
    return f"ip-{address.replace('.', '-')}.{domain}"


def _short(region: str) -> str:
    """us-east-1 -> use1, the prefix of availability zone ids."""
    area, direction, number = region.split("-", 2)
    return f"{area}{direction[0]}{number}"


def _empty(ty: Any) -> Any:
    """What an unset computed attribute of type `ty` reads as."""
    if ty == "string":
        return ""
    if ty == "number":
        return 0
    if ty == "bool":
        return False
    if ty == "dynamic":
        return {"type": "string", "value": ""}
    kind, arg = ty[0], ty[1]
    if kind in ("list", "set", "tuple"):
        return [] if kind != "tuple" else [_empty(t) for t in arg]
    if kind == "map":
        return {}
    return {name: _empty(attr_ty) for name, attr_ty in arg.items()}
