"""Every azurerm type the platform uses is one railyard's sandbox serves, and every
argument and block the HCL sets exists in the real provider schema (azurerm 5.10.0 in
../shared/provider-schemas, skipped when absent), so plans in the sandbox mean something
for real Azure. (Nested blocks: `terraform validate` checks them against the stand-in's
schema, which tests/sandbox/test_schema_crosscheck.py holds to the real one.)"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from railyard.sandbox import schema
from tests.aws.test_schema import _arguments, _kind

from .conftest import MODULE

REAL = MODULE.parents[2].parent / "shared" / "provider-schemas" / "azurerm.json"
_BLOCK_START = re.compile(r'^(resource|data) "(azurerm_\w+)" "\w+" \{$', re.MULTILINE)


def _used_types() -> dict[tuple[str, str], list[str]]:
    """(resource|data, type) -> the HCL bodies using it, in both modules."""
    used: dict[tuple[str, str], list[str]] = {}
    for path in sorted(MODULE.rglob("*.tf")):
        text = path.read_text()
        for match in _BLOCK_START.finditer(text):
            end = text.index("\n}\n", match.end())
            used.setdefault((match.group(1), match.group(2)), []).append(text[match.end() : end])
    return used


def test_the_module_uses_azurerm_types() -> None:
    used = _used_types()
    assert ("resource", "azurerm_linux_virtual_machine") in used  # the parser finds blocks
    assert ("resource", "azurerm_orchestrated_virtual_machine_scale_set") in used


def test_sandbox_serves_every_type() -> None:
    ours = schema.load("hashicorp/azurerm")
    missing = [t for kind, t in _used_types() if t not in ours[_kind(kind)]]
    assert missing == []


@pytest.mark.skipif(not REAL.is_file(), reason="no real azurerm schema in ../shared")
def test_every_argument_exists_in_the_real_schema() -> None:
    real: dict[str, Any] = next(iter(json.loads(REAL.read_text())["provider_schemas"].values()))
    problems = []
    for (kind, type_name), bodies in _used_types().items():
        block = real[_kind(kind)][type_name]["block"]
        known = set(block.get("attributes", {})) | set(block.get("block_types", {}))
        for body in bodies:
            problems += [f"{type_name}.{name}" for name in sorted(_arguments(body) - known)]
    assert problems == []
