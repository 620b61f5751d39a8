"""Terraform's machine-readable UI (`plan -json`, `apply -json`): one JSON object a line.

`parse_event(line)` turns a line into one of the typed events below, or None for lines
railyard does not use (version, unknown future types, garbage): never an exception, so a
newer terraform adding event types cannot break a run. Every event keeps `message`
(terraform's own human text) and `timestamp`.

Sensitive output values: terraform 1.0 still includes them in the `outputs` event; the
parsed `OutputsEvent` drops them, and `redact_line` masks them in the raw line before the
runner logs it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from railyard.terraform.diagnostics import Diagnostic, diagnostic_from_json
from railyard.terraform.state import OutputValue

SENSITIVE = "(sensitive)"


@dataclass(frozen=True)
class ResourceRef:
    """The resource an event is about."""

    addr: str  # full address, e.g. module.cluster.null_resource.a[0]
    module: str  # "" for the root module
    resource_type: str
    resource_name: str
    resource_key: int | str | None


@dataclass(frozen=True)
class Event:
    message: str
    timestamp: str


@dataclass(frozen=True)
class LogMessage(Event):
    level: str


@dataclass(frozen=True)
class DiagnosticEvent(Event):
    diagnostic: Diagnostic


@dataclass(frozen=True)
class PlannedChange(Event):
    resource: ResourceRef
    action: str  # create, update, replace, delete, read, noop, move, remove, import
    reason: str | None = None


@dataclass(frozen=True)
class ResourceDrift(Event):
    resource: ResourceRef
    action: str  # update or delete


@dataclass(frozen=True)
class ChangeSummary(Event):
    add: int
    change: int
    remove: int
    operation: str  # plan | apply | destroy
    import_: int = 0


@dataclass(frozen=True)
class OutputsEvent(Event):
    outputs: dict[str, OutputValue]  # sensitive ones have value None


@dataclass(frozen=True)
class ApplyStart(Event):
    resource: ResourceRef
    action: str
    id_value: str | None = None


@dataclass(frozen=True)
class ApplyProgress(Event):
    resource: ResourceRef
    action: str
    elapsed_seconds: float


@dataclass(frozen=True)
class ApplyComplete(Event):
    resource: ResourceRef
    action: str
    elapsed_seconds: float
    id_value: str | None = None


@dataclass(frozen=True)
class ApplyErrored(Event):
    resource: ResourceRef
    action: str
    elapsed_seconds: float


@dataclass(frozen=True)
class ProvisionEvent(Event):
    """provision_start / provision_progress / provision_complete / provision_errored."""

    resource: ResourceRef
    provisioner: str
    stage: str  # start | progress | complete | errored
    output: str = ""


@dataclass(frozen=True)
class RefreshEvent(Event):
    """refresh_start / refresh_complete."""

    resource: ResourceRef
    stage: str  # start | complete
    id_value: str | None = None


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _resource(data: Mapping[str, Any]) -> ResourceRef:
    key = data.get("resource_key")
    return ResourceRef(
        addr=str(data.get("addr", "")),
        module=str(data.get("module", "")),
        resource_type=str(data.get("resource_type", "")),
        resource_name=str(data.get("resource_name", "")),
        resource_key=key if isinstance(key, int | str) and not isinstance(key, bool) else None,
    )


def _seconds(value: Any) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _optional_str(value: Any) -> str | None:
    return str(value) if value is not None else None


def _outputs(data: Mapping[str, Any]) -> dict[str, OutputValue]:
    outputs: dict[str, OutputValue] = {}
    for name, item in data.items():
        item = _mapping(item)
        sensitive = bool(item.get("sensitive"))
        outputs[str(name)] = OutputValue(
            value=None if sensitive else item.get("value"),
            sensitive=sensitive,
            type=item.get("type"),
        )
    return outputs


def event_from_json(data: Mapping[str, Any]) -> Event | None:
    """The typed event for one decoded line, or None when railyard does not use its type."""
    try:
        return _event(data)
    except (TypeError, ValueError):  # a known type with malformed fields
        return None


def _event(data: Mapping[str, Any]) -> Event | None:
    kind = data.get("type")
    base = {"message": str(data.get("@message", "")), "timestamp": str(data.get("@timestamp", ""))}
    hook = _mapping(data.get("hook"))
    resource = _resource(_mapping(hook.get("resource")))
    action = str(hook.get("action", ""))
    elapsed = _seconds(hook.get("elapsed_seconds"))
    if kind == "log":
        return LogMessage(**base, level=str(data.get("@level", "info")))
    if kind == "diagnostic":
        diagnostic = diagnostic_from_json(_mapping(data.get("diagnostic")))
        return DiagnosticEvent(**base, diagnostic=diagnostic)
    if kind in ("planned_change", "resource_drift"):
        change = _mapping(data.get("change"))
        ref = _resource(_mapping(change.get("resource")))
        if not ref.addr:
            return None
        if kind == "resource_drift":
            return ResourceDrift(**base, resource=ref, action=str(change.get("action", "")))
        return PlannedChange(
            **base,
            resource=ref,
            action=str(change.get("action", "")),
            reason=_optional_str(change.get("reason")),
        )
    if kind == "change_summary":
        changes = _mapping(data.get("changes"))
        return ChangeSummary(
            **base,
            add=int(changes.get("add", 0)),
            change=int(changes.get("change", 0)),
            remove=int(changes.get("remove", 0)),
            operation=str(changes.get("operation", "")),
            import_=int(changes.get("import", 0)),
        )
    if kind == "outputs":
        return OutputsEvent(**base, outputs=_outputs(_mapping(data.get("outputs"))))
    if not resource.addr:  # every event below is about a resource
        return None
    if kind == "apply_start":
        return ApplyStart(
            **base, resource=resource, action=action, id_value=_optional_str(hook.get("id_value"))
        )
    if kind == "apply_progress":
        return ApplyProgress(**base, resource=resource, action=action, elapsed_seconds=elapsed)
    if kind == "apply_complete":
        return ApplyComplete(
            **base,
            resource=resource,
            action=action,
            elapsed_seconds=elapsed,
            id_value=_optional_str(hook.get("id_value")),
        )
    if kind == "apply_errored":
        return ApplyErrored(**base, resource=resource, action=action, elapsed_seconds=elapsed)
    if isinstance(kind, str) and kind.startswith("provision_"):
        return ProvisionEvent(
            **base,
            resource=resource,
            provisioner=str(hook.get("provisioner", "")),
            stage=kind.removeprefix("provision_"),
            output=str(hook.get("output", "")),
        )
    if kind in ("refresh_start", "refresh_complete"):
        return RefreshEvent(
            **base,
            resource=resource,
            stage=kind.removeprefix("refresh_"),
            id_value=_optional_str(hook.get("id_value")),
        )
    return None


def decode_line(line: str) -> Mapping[str, Any] | None:
    """The JSON object on one line, or None for anything else."""
    try:
        data = json.loads(line)
    except ValueError:
        return None
    return data if isinstance(data, Mapping) else None


def parse_event(line: str) -> Event | None:
    """One line of `-json` output as a typed event; None for unknown types or garbage."""
    data = decode_line(line)
    return event_from_json(data) if data is not None else None


# The message of the log line in which terraform prints the state it could not save.
STATE_DUMP = "Emergency state dump"


def redact_line(line: str, data: Mapping[str, Any] | None) -> str:
    """`line` for the log: an `outputs` event has its sensitive values masked, a state
    terraform printed (it could not save it) is left out."""
    if data is not None and data.get("@message") == STATE_DUMP:
        return json.dumps({**data, "state": "(left out: it holds secrets)"}) + "\n"
    if data is None or data.get("type") != "outputs":
        return line
    outputs = _mapping(data.get("outputs"))
    if not any(_mapping(o).get("sensitive") and "value" in _mapping(o) for o in outputs.values()):
        return line
    masked = {
        name: {**item, "value": SENSITIVE} if item.get("sensitive") and "value" in item else item
        for name, item in ((n, dict(_mapping(o))) for n, o in outputs.items())
    }
    return json.dumps({**data, "outputs": masked}) + "\n"
