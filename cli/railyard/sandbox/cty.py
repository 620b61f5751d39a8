"""cty values on the wire: msgpack (plugin protocol) and JSON (terraform state) <-> Python.

A cty type is its JSON form: "string", "number", "bool", "dynamic", ["list", T], ["set", T],
["map", T], ["object", {name: T}] and ["tuple", [T, ...]]. Python values are plain JSON
values, so the fake cloud can store them as they are, plus `UNKNOWN` while planning. A
value of dynamic type is held as {"type": T, "value": v}, the shape terraform state uses.
A schema block is turned into the object type it implies (`block_type`), so one pair of
functions handles attributes and nested blocks of every nesting mode.
"""

from __future__ import annotations

import json
from typing import Any

import msgpack

CtyType = Any  # str | list: the JSON form of a cty type


class _Unknown:
    """A value not known until apply."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()

# cty marks unknown values with msgpack extension 0; refined unknowns use extension 12.
_UNKNOWN_WIRE = msgpack.ExtType(0, b"\x00")
_UNKNOWN_CODES = {0, 12}


def block_type(block: dict[str, Any]) -> CtyType:
    """The object type a schema block implies (nested blocks by their nesting mode)."""
    attrs: dict[str, CtyType] = {
        name: attribute_type(attr) for name, attr in block.get("attributes", {}).items()
    }
    for name, nested in block.get("block_types", {}).items():
        inner = block_type(nested["block"])
        mode = nested["nesting_mode"]
        attrs[name] = inner if mode in ("single", "group") else [mode, inner]
    return ["object", attrs]


def attribute_type(attr: dict[str, Any]) -> CtyType:
    """An attribute's type, including protocol-6 nested attribute types."""
    if "type" in attr:
        return attr["type"]
    nested = attr["nested_type"]
    inner = ["object", {n: attribute_type(a) for n, a in nested["attributes"].items()}]
    mode = nested.get("nesting_mode", "single")
    return inner if mode == "single" else [mode, inner]


def from_wire(ty: CtyType, raw: Any) -> Any:
    """A msgpack-decoded value -> Python value of type `ty`."""
    if raw is None:
        return None
    if isinstance(raw, msgpack.ExtType) and raw.code in _UNKNOWN_CODES:
        return UNKNOWN
    if ty == "dynamic":
        type_json, inner = raw
        actual = json.loads(type_json)
        return {"type": actual, "value": from_wire(actual, inner)}
    return _convert(ty, raw, from_wire)


def to_wire(ty: CtyType, value: Any) -> Any:
    """A Python value of type `ty` -> something msgpack encodes as cty does."""
    if value is None:
        return None
    if value is UNKNOWN:
        return _UNKNOWN_WIRE
    if ty == "dynamic":
        actual = value["type"]
        return [json.dumps(actual).encode(), to_wire(actual, value["value"])]
    if ty == "number" and isinstance(value, float) and not value.is_integer():
        # As cty sends a fraction such as 0.05 from the configuration: decimal text. As a
        # float64 it would differ from the configured value (Terraform 1.0 refuses the plan).
        return repr(value)
    return _convert(ty, value, to_wire)


def from_state(ty: CtyType, raw: Any) -> Any:
    """A value from terraform's JSON state (dynamic values are {"value", "type"})."""
    if raw is None:
        return None
    if ty == "dynamic":
        return {"type": raw["type"], "value": from_state(raw["type"], raw["value"])}
    return _convert(ty, raw, from_state)


def normalize(ty: CtyType, value: Any) -> Any:
    """A stored value made to fit `ty` exactly: missing attributes null, extra ones dropped."""
    if value is None or value is UNKNOWN:
        return value
    if ty == "dynamic":
        return {"type": value["type"], "value": normalize(value["type"], value["value"])}
    return _convert(ty, value, normalize)


def _convert(ty: CtyType, value: Any, recurse: Any) -> Any:
    if ty == "number":
        return _number(value)
    if ty == "string":
        return value if isinstance(value, str) else _scalar_text(value)
    if ty == "bool":
        return value if isinstance(value, bool) else str(value).lower() == "true"
    kind, arg = ty[0], ty[1]
    if kind in ("list", "set"):
        return [recurse(arg, item) for item in value]
    if kind == "map":
        return {key: recurse(arg, item) for key, item in value.items()}
    if kind == "object":
        return {name: recurse(attr_ty, value.get(name)) for name, attr_ty in arg.items()}
    if kind == "tuple":
        return [recurse(item_ty, item) for item_ty, item in zip(arg, value, strict=True)]
    raise ValueError(f"unsupported cty type {json.dumps(ty)}")


def _number(value: Any) -> int | float:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    text = str(value)  # cty sends numbers beyond float64 precision as strings
    try:
        return int(text)
    except ValueError:
        return float(text)


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def equal(ty: CtyType, a: Any, b: Any) -> bool:
    """Value equality under `ty`: sets compare without regard to order."""
    return bool(_canonical(ty, a) == _canonical(ty, b))


def _canonical(ty: CtyType, value: Any) -> Any:
    if value is None or value is UNKNOWN or isinstance(ty, str):
        return repr(value) if value is UNKNOWN else value
    kind, arg = ty[0], ty[1]
    if kind == "set":
        return sorted(json.dumps(_canonical(arg, item), sort_keys=True) for item in value)
    if kind == "list":
        return [_canonical(arg, item) for item in value]
    if kind == "map":
        return {key: _canonical(arg, item) for key, item in value.items()}
    if kind == "object":
        return {name: _canonical(t, value.get(name)) for name, t in arg.items()}
    return [_canonical(t, item) for t, item in zip(arg, value, strict=True)]


def pack(ty: CtyType, value: Any) -> bytes:
    return msgpack.packb(to_wire(ty, value), use_bin_type=True)  # type: ignore[no-any-return]


def unpack(ty: CtyType, data: bytes) -> Any:
    if not data:
        return None
    return from_wire(ty, msgpack.unpackb(data, raw=False, strict_map_key=False))
