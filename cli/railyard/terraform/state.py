"""Terraform state as `show -json` prints it, parsed into plain dataclasses.

The JSON holds `values.outputs` (each with a `sensitive` flag) and `values.root_module`,
whose resources sit in `resources` and nested `child_modules`. `State.resources` flattens
that tree. Values stay in memory only: sensitive ones must never be printed or logged.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class OutputValue:
    """A root module output. `value` is None when terraform withheld a sensitive value."""

    value: Any
    sensitive: bool
    type: Any = None  # terraform's type constraint in JSON form, e.g. "string"


@dataclass(frozen=True)
class StateResource:
    address: str
    module_address: str  # "" for the root module
    mode: str  # "managed" | "data"
    type: str
    name: str
    index: int | str | None
    provider_name: str
    values: Mapping[str, Any]
    sensitive_values: Any  # a mask shaped like `values`: True where a value is sensitive


@dataclass(frozen=True)
class State:
    terraform_version: str
    resources: list[StateResource] = field(default_factory=list)
    outputs: dict[str, OutputValue] = field(default_factory=dict)

    @property
    def managed(self) -> list[StateResource]:
        return [r for r in self.resources if r.mode == "managed"]


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _index(value: Any) -> int | str | None:
    return value if isinstance(value, int | str) and not isinstance(value, bool) else None


def _walk(module: Mapping[str, Any]) -> Iterator[StateResource]:
    module_address = str(module.get("address", ""))
    for item in module.get("resources") or []:
        yield StateResource(
            address=str(item.get("address", "")),
            module_address=module_address,
            mode=str(item.get("mode", "managed")),
            type=str(item.get("type", "")),
            name=str(item.get("name", "")),
            index=_index(item.get("index")),
            provider_name=str(item.get("provider_name", "")),
            values=_mapping(item.get("values")),
            sensitive_values=item.get("sensitive_values", {}),
        )
    for child in module.get("child_modules") or []:
        yield from _walk(_mapping(child))


def outputs_from_json(data: Mapping[str, Any]) -> dict[str, OutputValue]:
    """`{name: {value, sensitive, type}}` as in state JSON, `output -json` and events."""
    outputs: dict[str, OutputValue] = {}
    for name, item in data.items():
        item = _mapping(item)
        outputs[str(name)] = OutputValue(
            value=item.get("value"), sensitive=bool(item.get("sensitive")), type=item.get("type")
        )
    return outputs


def parse_state(data: Mapping[str, Any]) -> State:
    """Parse `terraform show -json` (no plan file). An empty state has no `values`."""
    values = _mapping(data.get("values"))
    return State(
        terraform_version=str(data.get("terraform_version", "")),
        resources=list(_walk(_mapping(values.get("root_module")))),
        outputs=outputs_from_json(_mapping(values.get("outputs"))),
    )
