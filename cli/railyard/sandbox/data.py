"""Answers of the stand-in data sources: a small table of plausible facts per type."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from railyard.sandbox import azure, store
from railyard.sandbox.cty import UNKNOWN
from railyard.sandbox.generate import ACCOUNT_ID, google_project
from railyard.sandbox.lifecycle import Context, Hook

_REGION_NAMES = {
    "us-east-1": "US East (N. Virginia)",
    "us-east-2": "US East (Ohio)",
    "us-west-2": "US West (Oregon)",
    "eu-west-1": "Europe (Ireland)",
    "eu-central-1": "Europe (Frankfurt)",
}


def _hash(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def ami(ctx: Context, config: dict[str, Any]) -> dict[str, Any]:
    image = "ami-" + _hash(ctx.region, config.get("filter"), config.get("name_regex"))[:17]
    names = [
        value
        for entry in config.get("filter") or []
        if entry.get("name") == "name"
        for value in entry.get("values") or []
    ]
    name = (names[0] if names else "Flatcar-stable-4230.2.0-hvm").replace("*", "4230.2.0")
    owners = config.get("owners") or ["075585003325"]
    return {
        "id": image,
        "image_id": image,
        "arn": f"arn:aws:ec2:{ctx.region}::image/{image}",
        "name": name,
        "architecture": "arm64" if "arm64" in name else "x86_64",
        "owner_id": owners[0] if owners[0] not in ("self", "amazon") else ACCOUNT_ID,
        "creation_date": "2026-01-01T00:00:00.000Z",
        "image_type": "machine",
        "root_device_name": "/dev/xvda",
        "root_device_type": "ebs",
        "state": "available",
        "virtualization_type": "hvm",
        "hypervisor": "xen",
        "ena_support": True,
        "sriov_net_support": "simple",
        "public": True,
        "image_location": f"{owners[0]}/{name}",
        "platform_details": "Linux/UNIX",
        "usage_operation": "RunInstances",
    }


def availability_zones(ctx: Context, config: dict[str, Any]) -> dict[str, Any]:
    excluded = set(config.get("exclude_names") or [])
    first = [f"{ctx.region}{letter}" for letter in "abc"]
    zones = [z for z in store.zones(ctx.sandbox_dir, ctx.region, first) if z not in excluded]
    area, direction, number = ctx.region.split("-", 2)
    short = f"{area}{direction[0]}{number}"
    return {
        "id": ctx.region,
        "names": zones,
        "zone_ids": [f"{short}-az{i + 1}" for i in range(len(zones))],
        "group_names": [ctx.region],
    }


def caller_identity(ctx: Context, config: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": ACCOUNT_ID,
        "account_id": ACCOUNT_ID,
        "arn": f"arn:aws:iam::{ACCOUNT_ID}:user/railyard-sandbox",
        "user_id": "AIDA" + _hash("user")[:17].upper(),
    }


def partition(ctx: Context, config: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "aws",
        "partition": "aws",
        "dns_suffix": "amazonaws.com",
        "reverse_dns_prefix": "com.amazonaws",
    }


def region(ctx: Context, config: dict[str, Any]) -> dict[str, Any]:
    name = config.get("region") or config.get("name") or ctx.region
    return {
        "id": name,
        "name": name,
        "region": name,
        "endpoint": f"ec2.{name}.amazonaws.com",
        "description": _REGION_NAMES.get(name, name),
    }


def route53_zone(ctx: Context, config: dict[str, Any]) -> dict[str, Any]:
    name = str(config.get("name") or "example.com").rstrip(".")
    zone = "Z" + _hash("zone", name).upper()[:20]
    servers = [
        f"ns-{i * 512 + int(_hash(name)[:2], 16)}.awsdns-{i:02d}.{tld}"
        for i, tld in enumerate(["com", "net", "org", "co.uk"])
    ]
    return {
        "id": zone,
        "zone_id": zone,
        "name": name,
        "arn": f"arn:aws:route53:::hostedzone/{zone}",
        "caller_reference": _hash("reference", name)[:36],
        "comment": "Managed by Terraform",
        "name_servers": servers,
        "primary_name_server": servers[0],
        "resource_record_set_count": 2,
        "tags": {},
    }


def policy_document(ctx: Context, config: dict[str, Any]) -> dict[str, Any]:
    statements = [_statement(entry) for entry in config.get("statement") or []]
    document: dict[str, Any] = {"Version": config.get("version") or "2012-10-17"}
    if config.get("policy_id"):
        document["Id"] = config["policy_id"]
    document["Statement"] = statements
    text = json.dumps(document, indent=2)
    return {
        "id": str(int(_hash(text)[:8], 16)),
        "json": text,
        "minified_json": json.dumps(document, separators=(",", ":")),
    }


def _statement(entry: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if entry.get("sid"):
        out["Sid"] = entry["sid"]
    out["Effect"] = entry.get("effect") or "Allow"
    for key, name in (
        ("actions", "Action"),
        ("not_actions", "NotAction"),
        ("resources", "Resource"),
        ("not_resources", "NotResource"),
    ):
        values = sorted(entry.get(key) or [])
        if values:
            out[name] = values[0] if len(values) == 1 else values
    for key, name in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
        principals: dict[str, Any] = {}
        for principal in entry.get(key) or []:
            ids = sorted(principal["identifiers"])
            principals[principal["type"]] = ids[0] if len(ids) == 1 else ids
        if principals:
            out[name] = principals
    conditions: dict[str, dict[str, Any]] = {}
    for condition in entry.get("condition") or []:
        values = condition["values"]
        conditions.setdefault(condition["test"], {})[condition["variable"]] = (
            values[0] if len(values) == 1 else values
        )
    if conditions:
        out["Condition"] = conditions
    return out


def metal_project(ctx: Context, config: dict[str, Any]) -> dict[str, Any]:
    name = config.get("name") or "railyard-sandbox"
    project = config.get("project_id") or _uuid("project", name)
    return {
        "id": project,
        "project_id": project,
        "name": name,
        "organization_id": _uuid("organization"),
        "created": "2026-01-01T00:00:00Z",
        "updated": "2026-01-01T00:00:00Z",
        "user_ids": [_uuid("user")],
    }


def compute_image(ctx: Context, config: dict[str, Any]) -> dict[str, Any]:
    """The newest image of a family (flatcar-stable -> flatcar-stable-4230-2-0), or the
    image named."""
    project = _given(config, "project") or google_project(ctx)
    family = _given(config, "family") or ""
    name = _given(config, "name") or f"{family or 'flatcar-stable'}-4230-2-0"
    path = f"projects/{project}/global/images/{name}"
    return {
        "id": path,
        "self_link": f"https://www.googleapis.com/compute/v1/{path}",
        "name": name,
        "family": family or name.rsplit("-", 3)[0],
        "project": project,
        "image_id": str(int(_hash("image", name)[:15], 16)),
        "status": "READY",
        "disk_size_gb": 8,
        "archive_size_bytes": 0,
        "creation_timestamp": "2026-01-01T00:00:00.000-08:00",
        "description": f"{name}, sandbox stand-in",
        "labels": {},
        "licenses": [
            f"https://www.googleapis.com/compute/v1/projects/{project}/global/licenses/flatcar"
        ],
    }


def compute_zones(ctx: Context, config: dict[str, Any]) -> dict[str, Any]:
    region = _given(config, "region") or ctx.region
    return {
        "id": f"projects/{google_project(ctx)}/regions/{region}",
        "names": store.zones(ctx.sandbox_dir, region, [f"{region}-{letter}" for letter in "bcd"]),
        "region": region,
    }


def _given(config: dict[str, Any], name: str) -> Any:
    """An optional+computed argument's configured value; None when left out (unknown)."""
    value = config.get(name)
    return None if value is UNKNOWN else value


def _uuid(*parts: Any) -> str:
    h = _hash(*parts)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


ANSWERS: dict[str, Hook] = {
    "equinix_metal_project": metal_project,
    "aws_ami": ami,
    "aws_availability_zones": availability_zones,
    "aws_caller_identity": caller_identity,
    "aws_iam_policy_document": policy_document,
    "aws_partition": partition,
    "aws_region": region,
    "aws_route53_zone": route53_zone,
    "azurerm_client_config": azure.client_config,
    "azurerm_platform_image": azure.platform_image,
    "google_compute_image": compute_image,
    "google_compute_zones": compute_zones,
}
