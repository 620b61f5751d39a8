"""The real provider schemas the stand-ins and modules are held to.

../shared/provider-schemas/<name>.json (reference data, read-only from here), plus
tests/fixtures/provider-schemas/<name>-extra.json: types taken from the same sources that
../shared does not hold yet (see the README there).
"""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import REPO

REAL_DIR = REPO.parent / "shared" / "provider-schemas"
EXTRA_DIR = REPO / "tests" / "fixtures" / "provider-schemas"


def real_schema(provider: str) -> dict[str, Any] | None:
    """{"provider", "resource_schemas", "data_source_schemas"} of "namespace/name", or None
    when ../shared has no reference for it."""
    name = provider.split("/")[1]
    path = REAL_DIR / f"{name}.json"
    if not path.is_file():
        return None
    address = f"registry.terraform.io/{provider}"
    found: dict[str, Any] = json.loads(path.read_text())["provider_schemas"][address]
    extra = EXTRA_DIR / f"{name}-extra.json"
    if extra.is_file():
        # added to ../shared's types, never replacing one
        for kind, types in json.loads(extra.read_text())["provider_schemas"][address].items():
            present = set(types) & set(found.get(kind, {}))
            assert not present, f"{sorted(present)} are in ../shared now: remove them from {extra}"
            found.setdefault(kind, {}).update(types)
    return found
