"""Every type the packet platform uses is one railyard's sandbox serves, and every argument
and block its HCL sets exists in the real provider schema (equinix 1.39.0 and aws, from
../shared/provider-schemas; skipped when absent), so sandbox plans mean something for real."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from railyard.sandbox import schema

from .conftest import MODULE

REAL = MODULE.parents[2].parent / "shared" / "provider-schemas"
PROVIDERS = {"equinix": "equinix/equinix", "aws": "hashicorp/aws", "null": "hashicorp/null"}
_BLOCK_START = re.compile(r'^(resource|data) "((equinix|aws|null)_\w+)" "\w+" \{$', re.MULTILINE)


def _used_types() -> dict[tuple[str, str], list[str]]:
    """(resource|data, type) -> the HCL bodies using it, in every packet module."""
    used: dict[tuple[str, str], list[str]] = {}
    for path in sorted(MODULE.rglob("*.tf")):
        text = path.read_text()
        for match in _BLOCK_START.finditer(text):
            end = text.index("\n}\n", match.end())
            used.setdefault((match.group(1), match.group(2)), []).append(text[match.end() : end])
    return used


def _arguments(body: str) -> set[str]:
    """Names of the arguments and blocks set at the top level of a resource body."""
    names = set()
    for line in body.splitlines():
        found = re.match(r'^  (?:dynamic ")?(\w+)"?\s*(=|\{)', line)
        if found:
            names.add(found.group(1))
    meta = {"count", "for_each", "depends_on", "lifecycle", "provider"}
    return names - meta - {"connection", "provisioner"}


def _kind(kind: str) -> str:
    return "resource_schemas" if kind == "resource" else "data_source_schemas"


def _provider(type_name: str) -> str:
    return PROVIDERS[type_name.split("_", 1)[0]]


def test_the_module_uses_the_expected_types() -> None:
    assert {t for _, t in _used_types()} == {
        "equinix_metal_device",
        "aws_route53_record",
        "null_resource",
    }


def test_sandbox_serves_every_type() -> None:
    missing = [t for kind, t in _used_types() if t not in schema.load(_provider(t))[_kind(kind)]]
    assert missing == []


@pytest.mark.parametrize("provider", ["equinix", "aws", "null"])
def test_every_argument_exists_in_the_real_schema(provider: str) -> None:
    path = REAL / f"{provider}.json"
    if not path.is_file():
        pytest.skip(f"no real {provider} schema in {REAL}")
    real: dict[str, Any] = next(iter(json.loads(path.read_text())["provider_schemas"].values()))
    problems, checked = [], 0
    for (kind, type_name), bodies in _used_types().items():
        if _provider(type_name) != PROVIDERS[provider]:
            continue
        block = real[_kind(kind)][type_name]["block"]
        known = set(block.get("attributes", {})) | set(block.get("block_types", {}))
        for body in bodies:
            checked += 1
            problems += [f"{type_name}.{name}" for name in sorted(_arguments(body) - known)]
    assert checked and problems == []


def test_the_parser_sees_a_wrong_argument() -> None:
    (device, *_) = _used_types()[("resource", "equinix_metal_device")]
    assert "operating_system" in _arguments(device)
    assert "operating_sytem" in _arguments(device.replace("operating_system", "operating_sytem"))
