"""Values cross the plugin protocol as msgpack encoded against cty types: every kind of type
and every block nesting mode must survive a round trip unchanged."""

from __future__ import annotations

from typing import Any

import msgpack
import pytest

from railyard.sandbox import cty
from railyard.sandbox.cty import UNKNOWN

BLOCK: dict[str, Any] = {
    "attributes": {
        "name": {"type": "string", "required": True},
        "count": {"type": "number", "optional": True},
        "enabled": {"type": "bool", "optional": True},
        "anything": {"type": "dynamic", "optional": True},
        "pair": {"type": ["tuple", ["string", "number"]], "optional": True},
        "rules": {
            "type": ["set", ["object", {"port": "number", "cidrs": ["list", "string"]}]],
            "optional": True,
        },
        "labels": {"type": ["map", "string"], "optional": True},
        "id": {"type": "string", "computed": True},
    },
    "block_types": {
        mode: {
            "nesting_mode": mode,
            "block": {
                "attributes": {
                    "value": {"type": "string", "optional": True},
                    "made": {"type": "number", "computed": True},
                }
            },
        }
        for mode in ("single", "list", "set", "map", "group")
    },
}
TYPE = cty.block_type(BLOCK)

VALUE: dict[str, Any] = {
    "name": "x",
    "count": 3.5,
    "enabled": True,
    "anything": {"type": ["object", {"a": ["list", "number"]}], "value": {"a": [1, 2]}},
    "pair": ["a", 7],
    "rules": [{"port": 22, "cidrs": ["10.0.0.0/8"]}],
    "labels": {"k": "v"},
    "id": UNKNOWN,
    "single": {"value": "s", "made": UNKNOWN},
    "list": [{"value": "l", "made": 1}],
    "set": [{"value": "t", "made": None}],
    "map": {"key": {"value": "m", "made": 2}},
    "group": {"value": None, "made": None},
}


def test_block_type_follows_nesting_modes() -> None:
    attrs = TYPE[1]
    inner = ["object", {"value": "string", "made": "number"}]
    assert attrs["single"] == inner and attrs["group"] == inner
    assert attrs["list"] == ["list", inner]
    assert attrs["set"] == ["set", inner]
    assert attrs["map"] == ["map", inner]


def test_round_trip_through_msgpack() -> None:
    assert cty.unpack(TYPE, cty.pack(TYPE, VALUE)) == VALUE


def test_wire_format_matches_cty() -> None:
    wire = msgpack.unpackb(cty.pack(TYPE, VALUE), raw=False)
    assert wire["id"] == msgpack.ExtType(0, b"\x00")
    type_json, inner = wire["anything"]
    assert isinstance(type_json, bytes) and inner == {"a": [1, 2]}
    assert wire["group"] == {"value": None, "made": None}


def test_missing_attributes_are_null_and_extra_ones_dropped() -> None:
    value = cty.normalize(TYPE, {"name": "x", "stray": 1, "list": [{"value": "l", "junk": 2}]})
    assert value["count"] is None and "stray" not in value
    assert value["list"] == [{"value": "l", "made": None}]


def test_refined_unknowns_and_big_numbers_decode() -> None:
    assert cty.from_wire("string", msgpack.ExtType(12, b"\x81\x01\xc3")) is UNKNOWN
    assert cty.from_wire("number", "123456789012345678901234567890") == (
        123456789012345678901234567890
    )


def test_fractions_travel_as_decimal_text_as_cty_sends_them() -> None:
    assert msgpack.unpackb(cty.pack("number", 0.05), raw=False) == "0.05"
    assert cty.unpack("number", cty.pack("number", 0.05)) == 0.05
    assert msgpack.unpackb(cty.pack("number", 3.0), raw=False) == 3.0


def test_state_json_dynamic_values() -> None:
    state = {"type": ["list", "string"], "value": ["a"]}
    assert cty.from_state("dynamic", state) == {"type": ["list", "string"], "value": ["a"]}


def test_unsupported_type_is_an_error() -> None:
    with pytest.raises(ValueError, match="unsupported cty type"):
        cty.normalize(["capsule", "x"], [1])
