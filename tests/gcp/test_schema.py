"""The google stand-in serves each type the gcp modules use whole, exactly as google 8.7.0
declares it (the reference in ../shared, skipped when absent), and nothing else: with every
nested block real, `terraform validate` in the sandbox checks the modules against the real
provider's schema. (That each type used is served, and its top-level arguments exist:
tests/terraform/test_module_schemas.py.)"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from railyard.sandbox import schema
from tests.provider_schemas import real_schema
from tests.terraform.test_module_schemas import KINDS, used_types

REAL = real_schema("hashicorp/google")


def _without_sensitive(block: dict[str, Any]) -> dict[str, Any]:
    """The block as the reference has it: the bindings it was made from carry no
    `sensitive` marks, which railyard adds where the provider source has them."""
    found = copy.deepcopy(block)
    for attr in found.get("attributes", {}).values():
        attr.pop("sensitive", None)
    for nested in found.get("block_types", {}).values():
        nested["block"] = _without_sensitive(nested["block"])
    return found


@pytest.mark.skipif(REAL is None, reason="no real google schema in ../shared")
def test_every_type_is_served_whole() -> None:
    assert REAL is not None
    ours = schema.load("hashicorp/google")
    served = [(kind, t) for kind in KINDS.values() for t in ours[kind]]
    used = [(kind, t) for kind, t in used_types("platforms/gcp") if t.startswith("google_")]
    assert sorted(served) == sorted(used)  # nothing served that no module uses
    for kind, type_name in served:
        theirs = REAL[kind][type_name]
        assert ours[kind][type_name]["version"] == theirs["version"], type_name
        assert _without_sensitive(ours[kind][type_name]["block"]) == theirs["block"], type_name
