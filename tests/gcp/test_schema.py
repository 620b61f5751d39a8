"""Every google type the gcp modules use is one railyard's sandbox serves, and each is served
whole, exactly as google 8.7.0 declares it (../shared/provider-schemas/google.json, skipped
when absent). `terraform validate` in the sandbox then checks every argument and nested
block of the modules against the real provider's schema."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest

from railyard.sandbox import schema

from .conftest import MODULE

REAL = MODULE.parents[2].parent / "shared" / "provider-schemas" / "google.json"
_BLOCK_START = re.compile(r'^(resource|data) "(google_\w+)" "\w+" \{$', re.MULTILINE)
KINDS = {"resource": "resource_schemas", "data": "data_source_schemas"}


def _used_types() -> set[tuple[str, str]]:
    """(resource_schemas|data_source_schemas, type) of every google block in both modules."""
    return {
        (KINDS[kind], type_name)
        for path in MODULE.rglob("*.tf")
        for kind, type_name in _BLOCK_START.findall(path.read_text())
    }


def _without_sensitive(block: dict[str, Any]) -> dict[str, Any]:
    """The block as the reference has it: the bindings it was made from carry no
    `sensitive` marks, which railyard adds where the provider source has them."""
    found = copy.deepcopy(block)
    for attr in found.get("attributes", {}).values():
        attr.pop("sensitive", None)
    for nested in found.get("block_types", {}).values():
        nested["block"] = _without_sensitive(nested["block"])
    return found


def test_the_modules_use_google_types() -> None:
    assert ("resource_schemas", "google_compute_instance") in _used_types()


def test_sandbox_serves_every_type() -> None:
    ours = schema.load("hashicorp/google")
    assert sorted(t for kind, t in _used_types() if t not in ours[kind]) == []


@pytest.mark.skipif(not REAL.is_file(), reason="no real google schema in ../shared")
def test_every_type_is_served_whole() -> None:
    real: dict[str, Any] = json.loads(REAL.read_text())["provider_schemas"][
        "registry.terraform.io/hashicorp/google"
    ]
    ours = schema.load("hashicorp/google")
    served = [(kind, t) for kind in KINDS.values() for t in ours[kind]]
    assert sorted(served) == sorted(_used_types())  # nothing served that no module uses
    for kind, type_name in served:
        theirs = real[kind][type_name]
        assert ours[kind][type_name]["version"] == theirs["version"], type_name
        assert _without_sensitive(ours[kind][type_name]["block"]) == theirs["block"], type_name
