"""railyard's own provider schemas (schemas/<name>.json, `terraform providers schema -json`
shape) and their translation to plugin-protocol-6 messages."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
REGISTRY = "registry.terraform.io"


def schema_file(provider: str) -> Path:
    """The schema file of a provider given as "namespace/name"."""
    return SCHEMA_DIR / f"{provider.split('/')[1]}.json"


@cache
def load(provider: str) -> dict[str, Any]:
    """{"provider", "resource_schemas", "data_source_schemas"} of "namespace/name"."""
    document = json.loads(schema_file(provider).read_text())
    found: dict[str, Any] = document["provider_schemas"][f"{REGISTRY}/{provider}"]
    found.setdefault("resource_schemas", {})
    found.setdefault("data_source_schemas", {})
    return found


def to_pb(pb: Any, schema: dict[str, Any]) -> Any:
    """A {"version", "block"} schema -> tfplugin6 Schema."""
    return pb.Schema(version=schema.get("version", 0), block=_block(pb, schema.get("block", {})))


_BLOCK_NESTING = {"single": 1, "list": 2, "set": 3, "map": 4, "group": 5}
_OBJECT_NESTING = {"single": 1, "list": 2, "set": 3, "map": 4}


def _block(pb: Any, block: dict[str, Any]) -> Any:
    return pb.Schema.Block(
        attributes=[
            _attribute(pb, name, attr) for name, attr in block.get("attributes", {}).items()
        ],
        block_types=[
            pb.Schema.NestedBlock(
                type_name=name,
                block=_block(pb, nested["block"]),
                nesting=_BLOCK_NESTING[nested["nesting_mode"]],
                min_items=nested.get("min_items", 0),
                max_items=nested.get("max_items", 0),
            )
            for name, nested in block.get("block_types", {}).items()
        ],
        deprecated=block.get("deprecated", False),
    )


def _attribute(pb: Any, name: str, attr: dict[str, Any]) -> Any:
    fields: dict[str, Any] = {
        "name": name,
        "required": attr.get("required", False),
        "optional": attr.get("optional", False),
        "computed": attr.get("computed", False),
        "sensitive": attr.get("sensitive", False),
        "deprecated": attr.get("deprecated", False),
    }
    if "type" in attr:
        fields["type"] = json.dumps(attr["type"]).encode()
    else:
        nested = attr["nested_type"]
        fields["nested_type"] = pb.Schema.Object(
            attributes=[_attribute(pb, n, a) for n, a in nested["attributes"].items()],
            nesting=_OBJECT_NESTING[nested.get("nesting_mode", "single")],
        )
    return pb.Schema.Attribute(**fields)
