"""A saved plan as `show -json PLANFILE` prints it, parsed into plain dataclasses.

`resource_changes` is what apply would do; `resource_drift` is what changed outside
terraform since the last run (what a refresh-only plan is for); `output_changes` covers
root outputs. Each change keeps `before`/`after` and the sensitive masks terraform gives
(`before_sensitive`/`after_sensitive`: True, or a structure shaped like the value with True
where a part is sensitive). The parsed plan holds secrets: never log or print it raw.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from railyard.terraform.state import State, parse_state


def action_of(actions: tuple[str, ...] | list[str]) -> str:
    """One word for terraform's action list: create, update, replace, delete, read, no-op."""
    if set(actions) == {"delete", "create"}:
        return "replace"
    return actions[0] if len(actions) == 1 else "-".join(actions)


@dataclass(frozen=True)
class ResourceChange:
    address: str
    module_address: str  # "" for the root module
    mode: str  # "managed" | "data"
    type: str
    name: str
    index: int | str | None
    provider_name: str
    actions: tuple[str, ...]
    before: Any
    after: Any
    after_unknown: Any = None
    before_sensitive: Any = False
    after_sensitive: Any = False
    action_reason: str | None = None

    @property
    def action(self) -> str:
        return action_of(self.actions)


@dataclass(frozen=True)
class OutputChange:
    name: str
    actions: tuple[str, ...]
    before: Any
    after: Any
    before_sensitive: Any = False
    after_sensitive: Any = False
    after_unknown: Any = None

    @property
    def action(self) -> str:
        return action_of(self.actions)


@dataclass(frozen=True)
class Plan:
    terraform_version: str
    resource_changes: list[ResourceChange] = field(default_factory=list)
    resource_drift: list[ResourceChange] = field(default_factory=list)
    output_changes: dict[str, OutputChange] = field(default_factory=dict)
    prior_state: State | None = None  # the refreshed state the plan started from


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    return value if isinstance(value, list) else []


def _actions(change: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(str(a) for a in change.get("actions") or ())


def _resource_change(item: Mapping[str, Any]) -> ResourceChange:
    change = _mapping(item.get("change"))
    index = item.get("index")
    reason = item.get("action_reason")
    return ResourceChange(
        address=str(item.get("address", "")),
        module_address=str(item.get("module_address", "")),
        mode=str(item.get("mode", "managed")),
        type=str(item.get("type", "")),
        name=str(item.get("name", "")),
        index=index if isinstance(index, int | str) and not isinstance(index, bool) else None,
        provider_name=str(item.get("provider_name", "")),
        actions=_actions(change),
        before=change.get("before"),
        after=change.get("after"),
        after_unknown=change.get("after_unknown"),
        before_sensitive=change.get("before_sensitive", False),
        after_sensitive=change.get("after_sensitive", False),
        action_reason=reason if isinstance(reason, str) else None,
    )


def parse_plan(data: Mapping[str, Any]) -> Plan:
    """Parse `terraform show -json PLANFILE` (format 0.1 .. 1.x)."""
    prior = data.get("prior_state")
    return Plan(
        terraform_version=str(data.get("terraform_version", "")),
        resource_changes=[_resource_change(_mapping(i)) for i in _list(data, "resource_changes")],
        resource_drift=[_resource_change(_mapping(i)) for i in _list(data, "resource_drift")],
        output_changes={
            str(name): OutputChange(
                name=str(name),
                actions=_actions(_mapping(change)),
                before=_mapping(change).get("before"),
                after=_mapping(change).get("after"),
                before_sensitive=_mapping(change).get("before_sensitive", False),
                after_sensitive=_mapping(change).get("after_sensitive", False),
                after_unknown=_mapping(change).get("after_unknown"),
            )
            for name, change in _mapping(data.get("output_changes")).items()
        },
        prior_state=parse_state(prior) if isinstance(prior, Mapping) else None,
    )
