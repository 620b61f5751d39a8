"""railyard's own provider schemas agree with the real providers'.

Every attribute and block railyard declares must exist in the real schema with the same
type, nesting and required/optional/computed flags (and sensitive/deprecated, where the
reference carries them), every attribute (or block with min_items) the real schema requires
must be declared, and each stand-in serves the version its reference was taken from. Real
schemas live in ../shared/provider-schemas/ (reference data, not part of the product); every
provider the sandbox serves must have one there. Types taken from the same sources but not
yet in ../shared are in tests/fixtures/provider-schemas/<name>-extra.json (see its README).
"""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from railyard.sandbox import PROVIDER_VERSIONS, schema
from tests.provider_schemas import REAL_DIR, real_schema

FLAGS = ("required", "optional", "computed")
# Their references come from CDK bindings, which carry no sensitive or deprecated flags
# (see the README there): those two flags are compared for the other providers only.
WITHOUT_MARKS = {"hashicorp/tls", "hashicorp/random", "hashicorp/google", "hashicorp/azurerm"}
MARKS = ("sensitive", "deprecated")


def compare_block(
    ours: dict[str, Any], real: dict[str, Any], where: str, flags: tuple[str, ...] = FLAGS
) -> list[str]:
    problems = []
    real_attrs = real.get("attributes", {})
    for name, attr in ours.get("attributes", {}).items():
        theirs = real_attrs.get(name)
        if theirs is None:
            problems.append(f"{where}.{name}: no such attribute in the real schema")
            continue
        if attr.get("type") != theirs.get("type"):
            problems.append(f"{where}.{name}: type {attr.get('type')} != {theirs.get('type')}")
        for flag in flags:
            if bool(attr.get(flag)) != bool(theirs.get(flag)):
                problems.append(f"{where}.{name}: {flag} differs (real: {bool(theirs.get(flag))})")
    for name, attr in real_attrs.items():
        if attr.get("required") and name not in ours.get("attributes", {}):
            problems.append(f"{where}.{name}: required by the real schema, not declared")
    real_blocks = real.get("block_types", {})
    for name, nested in ours.get("block_types", {}).items():
        theirs = real_blocks.get(name)
        if theirs is None:
            problems.append(f"{where}.{name}: no such block in the real schema")
            continue
        for key in ("nesting_mode", "min_items", "max_items"):
            if nested.get(key) != theirs.get(key):
                problems.append(f"{where}.{name}: {key} {nested.get(key)} != {theirs.get(key)}")
        problems += compare_block(nested["block"], theirs["block"], f"{where}.{name}", flags)
    for name, nested in real_blocks.items():
        if nested.get("min_items") and name not in ours.get("block_types", {}):
            problems.append(f"{where}.{name}: block required by the real schema, not declared")
    return problems


def compare_provider(
    ours: dict[str, Any], real: dict[str, Any], flags: tuple[str, ...] = FLAGS + MARKS
) -> list[str]:
    problems = compare_block(
        ours["provider"]["block"], real["provider"]["block"], "provider", flags
    )
    for kind in ("resource_schemas", "data_source_schemas"):
        for name, body in ours.get(kind, {}).items():
            theirs = real.get(kind, {}).get(name)
            if theirs is None:
                problems.append(f"{name}: not in the real schema")
                continue
            if body.get("version", 0) != theirs.get("version", 0):
                problems.append(f"{name}: schema version differs")
            problems += compare_block(body["block"], theirs["block"], name, flags)
    return problems


def _reference_versions() -> dict[str, str]:
    """provider -> the version its reference was taken from, as the README's headings say
    ("## tls.json — registry.terraform.io/hashicorp/tls 4.4.1"); aws names no exact one."""
    readme = (REAL_DIR / "README.md").read_text()
    found = re.findall(
        r"^## \S+\.json — registry\.terraform\.io/(\S+) (\d+\.\d+\.\d+)\b", readme, re.M
    )
    return dict(found)


@pytest.mark.parametrize("provider", sorted(PROVIDER_VERSIONS))
def test_schema_matches_real_provider(provider: str) -> None:
    if not REAL_DIR.is_dir():
        pytest.skip(f"no real provider schemas at {REAL_DIR} (../shared is absent)")
    real = real_schema(provider)
    assert real is not None, f"no reference schema for {provider} in {REAL_DIR}"
    flags = FLAGS if provider in WITHOUT_MARKS else FLAGS + MARKS
    assert compare_provider(schema.load(provider), real, flags) == []


@pytest.mark.parametrize("provider", sorted(PROVIDER_VERSIONS))
def test_stand_in_serves_the_reference_version(provider: str) -> None:
    if not REAL_DIR.is_dir():
        pytest.skip(f"no real provider schemas at {REAL_DIR} (../shared is absent)")
    versions = _reference_versions()
    assert "equinix/equinix" in versions and "hashicorp/tls" in versions  # the parser works
    if provider not in versions:
        pytest.skip(f"the reference for {provider} names no exact version")
    assert PROVIDER_VERSIONS[provider] == versions[provider]


def test_aws_schema_covers_the_platform_types() -> None:
    ours = schema.load("hashicorp/aws")
    assert len(ours["resource_schemas"]) >= 28 and len(ours["data_source_schemas"]) >= 7
    for name in ("aws_instance", "aws_launch_template", "aws_autoscaling_group", "aws_lb"):
        assert name in ours["resource_schemas"]


def test_azurerm_schema_covers_the_platform_and_secret_delivery_types() -> None:
    """Typhoon's azure types and what a private-blob delivery of Ignition would need."""
    ours = schema.load("hashicorp/azurerm")
    wanted = {
        "azurerm_linux_virtual_machine",
        "azurerm_orchestrated_virtual_machine_scale_set",
        "azurerm_lb",
        "azurerm_lb_outbound_rule",
        "azurerm_dns_aaaa_record",
        "azurerm_storage_account",
        "azurerm_storage_container",
        "azurerm_storage_blob",
        "azurerm_user_assigned_identity",
        "azurerm_role_assignment",
    }
    assert wanted <= set(ours["resource_schemas"])
    assert {"azurerm_platform_image", "azurerm_client_config"} <= set(ours["data_source_schemas"])
    # what the reference leaves out and the provider source marks: secrets stay out of plans
    machine = ours["resource_schemas"]["azurerm_linux_virtual_machine"]["block"]
    assert machine["attributes"]["custom_data"].get("sensitive") is True


def test_comparison_finds_each_kind_of_mistake() -> None:
    if not REAL_DIR.is_dir():
        pytest.skip(f"no real provider schemas at {REAL_DIR} (../shared is absent)")
    real = real_schema("hashicorp/aws")
    assert real is not None
    wrong = copy.deepcopy(schema.load("hashicorp/aws"))
    subnet = wrong["resource_schemas"]["aws_subnet"]["block"]
    subnet["attributes"]["cidr_blok"] = {"type": "string", "optional": True}
    subnet["attributes"]["map_public_ip_on_launch"]["type"] = "string"
    del subnet["attributes"]["vpc_id"]
    subnet["attributes"]["tags"]["computed"] = True
    wrong["resource_schemas"]["aws_instance"]["block"]["block_types"]["root_block_device"][
        "nesting_mode"
    ] = "set"
    problems = compare_provider(wrong, real)
    assert len(problems) == 5, problems


def test_comparison_finds_the_slips_issue_12_named() -> None:
    if not REAL_DIR.is_dir():
        pytest.skip(f"no real provider schemas at {REAL_DIR} (../shared is absent)")
    equinix, tls = real_schema("equinix/equinix"), real_schema("hashicorp/tls")
    assert equinix is not None and tls is not None
    wrong = copy.deepcopy(schema.load("equinix/equinix"))
    resources = wrong["resource_schemas"]
    resources["equinix_metal_project_ssh_key"]["block"]["attributes"]["id"]["optional"] = True
    resources["equinix_metal_reserved_ip_block"]["block"]["attributes"]["type"]["computed"] = True
    del resources["equinix_metal_device"]["block"]["attributes"]["user_data"]["sensitive"]
    assert len(compare_provider(wrong, equinix)) == 3
    old_tls = copy.deepcopy(schema.load("hashicorp/tls"))
    old_tls["resource_schemas"]["tls_cert_request"]["version"] = 1
    assert compare_provider(old_tls, tls, FLAGS) == ["tls_cert_request: schema version differs"]


def test_supplementary_reference_is_cross_checked() -> None:
    if not REAL_DIR.is_dir():
        pytest.skip(f"no real provider schemas at {REAL_DIR} (../shared is absent)")
    real = real_schema("hashicorp/aws")
    assert real is not None and "aws_default_security_group" in real["resource_schemas"]
    wrong = copy.deepcopy(schema.load("hashicorp/aws"))
    group = wrong["resource_schemas"]["aws_default_security_group"]["block"]["attributes"]
    group["name"]["optional"] = True  # as aws_security_group's, not the default group's
    assert compare_provider(wrong, real) == [
        "aws_default_security_group.name: optional differs (real: False)"
    ]
