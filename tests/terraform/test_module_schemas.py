"""Every resource and data source the HCL under terraform/ uses is one the sandbox serves,
and every argument and block set at the top level of each exists in the real provider's
schema (tests/provider_schemas.py; skipped for a provider without a reference), so plans in
the sandbox mean something on the real clouds. Nested blocks: `terraform validate` in the
sandbox checks them against the stand-ins, which tests/sandbox/test_schema_crosscheck.py
holds to the real schemas."""

from __future__ import annotations

import re

import pytest

from railyard.platforms import PLATFORMS
from railyard.sandbox import schema
from tests.conftest import REPO
from tests.provider_schemas import real_schema

HCL = REPO / "terraform"
# Local name (a type's prefix) -> provider source, from the platform registry.
PROVIDERS = {
    name: provider.source
    for entry in PLATFORMS.values()
    for name, provider in entry.providers.items()
}
KINDS = {"resource": "resource_schemas", "data": "data_source_schemas"}
_BLOCK_START = re.compile(r'^(resource|data) "((\w+?)_\w+)" "\w+" \{$', re.MULTILINE)
_META = {"count", "for_each", "depends_on", "lifecycle", "provider", "connection", "provisioner"}


def used_types(under: str = "") -> dict[tuple[str, str], list[str]]:
    """(resource_schemas|data_source_schemas, type) -> the bodies of the blocks using it, in
    every .tf file under terraform/`under`."""
    used: dict[tuple[str, str], list[str]] = {}
    for path in sorted((HCL / under).rglob("*.tf")):
        text = path.read_text()
        for match in _BLOCK_START.finditer(text):
            end = text.index("\n}\n", match.end())
            key = (KINDS[match.group(1)], match.group(2))
            used.setdefault(key, []).append(text[match.end() : end])
    return used


def _provider(type_name: str) -> str:
    return PROVIDERS[type_name.split("_", 1)[0]]


def _arguments(body: str) -> set[str]:
    """Names of the arguments and blocks set at the top level of a block's body."""
    names = set()
    for line in body.splitlines():
        found = re.match(r'^  (?:dynamic ")?(\w+)"?\s*(=|\{)', line)
        if found:
            names.add(found.group(1))
    return names - _META


def test_every_provider_of_the_registry_is_used() -> None:
    used = {_provider(type_name) for _, type_name in used_types()}
    assert used == set(PROVIDERS.values())


def test_sandbox_serves_every_type() -> None:
    missing = [t for kind, t in used_types() if t not in schema.load(_provider(t))[kind]]
    assert missing == []


@pytest.mark.parametrize("provider", sorted(set(PROVIDERS.values())))
def test_every_argument_exists_in_the_real_schema(provider: str) -> None:
    real = real_schema(provider)
    if real is None:
        pytest.skip(f"no reference schema for {provider}")
    problems, checked = [], 0
    for (kind, type_name), bodies in used_types().items():
        if _provider(type_name) != provider:
            continue
        block = real[kind][type_name]["block"]
        known = set(block.get("attributes", {})) | set(block.get("block_types", {}))
        for body in bodies:
            checked += 1
            problems += [f"{type_name}.{name}" for name in sorted(_arguments(body) - known)]
    assert checked and problems == []


def test_the_parser_sees_a_wrong_argument() -> None:
    (device, *_) = used_types("platforms/packet")[("resource_schemas", "equinix_metal_device")]
    assert "operating_system" in _arguments(device)
    assert "operating_sytem" in _arguments(device.replace("operating_system", "operating_sytem"))
    (instance, *_) = used_types("platforms/aws")[("resource_schemas", "aws_instance")]
    assert {"ami", "instance_type", "root_block_device"} <= _arguments(instance)
