"""Drift: what changed outside terraform, from a refresh-only plan.

`railyard drift` runs `plan -refresh-only`, reads the plan back with `show -json` and
passes it here. The truth is the plan's `resource_drift` list, not plan's exit code (that
also counts output changes). For each drifted resource the report lists every changed
attribute path with its value before (in the state) and after (in the real world);
sensitive parts print as "(sensitive)". A deleted resource has no attribute list.

Formats: a table for people (plain aligned text outside a terminal), JSON, Markdown (for PR
comments) and JUnit XML (one test case per resource in the state, drifted ones failing) for CI.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from rich.console import Console
from rich.text import Text

from railyard.report.schemas import SCHEMA_VERSION
from railyard.report.table import Cell, Column, print_plain, print_table
from railyard.terraform.plan import Plan, ResourceChange

SENSITIVE = "(sensitive)"
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")

DriftFormat = Literal["table", "json", "markdown", "junit"]


@dataclass(frozen=True)
class AttributeChange:
    path: str  # e.g. tags["Name"], root_block_device[0].volume_size
    before: Any
    after: Any


@dataclass(frozen=True)
class DriftedResource:
    address: str
    action: str  # update | delete
    attributes: list[AttributeChange]


@dataclass(frozen=True)
class DriftReport:
    resources: list[DriftedResource]
    checked: list[str]  # every managed resource the refresh looked at

    @property
    def drifted(self) -> bool:
        return bool(self.resources)


def _child_mask(mask: Any, key: str | int) -> Any:
    if isinstance(mask, dict) and isinstance(key, str):
        return mask.get(key, False)
    if isinstance(mask, list) and isinstance(key, int) and key < len(mask):
        return mask[key]
    return False


def masked(value: Any, mask: Any) -> Any:
    """`value` with every part the sensitive mask marks True replaced by "(sensitive)"."""
    if mask is True:
        return SENSITIVE
    if isinstance(value, dict):
        return {k: masked(v, _child_mask(mask, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [masked(v, _child_mask(mask, i)) for i, v in enumerate(value)]
    return value


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    if _IDENTIFIER.match(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{json.dumps(key)}]"


def changed_attributes(
    before: Any, after: Any, before_mask: Any, after_mask: Any, path: str = ""
) -> Iterator[AttributeChange]:
    """Every leaf path where `before` and `after` differ, sensitive values masked."""
    if before == after:
        return
    if before_mask is True or after_mask is True:
        yield AttributeChange(path, masked(before, before_mask), masked(after, after_mask))
    elif isinstance(before, dict) and isinstance(after, dict):
        for key in sorted(before.keys() | after.keys()):
            yield from changed_attributes(
                before.get(key),
                after.get(key),
                _child_mask(before_mask, key),
                _child_mask(after_mask, key),
                _join(path, key),
            )
    elif isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        for index, (old, new) in enumerate(zip(before, after, strict=True)):
            yield from changed_attributes(
                old,
                new,
                _child_mask(before_mask, index),
                _child_mask(after_mask, index),
                _join(path, index),
            )
    else:
        yield AttributeChange(path, masked(before, before_mask), masked(after, after_mask))


def _drifted(change: ResourceChange) -> DriftedResource:
    attributes: list[AttributeChange] = []
    if change.action != "delete":
        attributes = list(
            changed_attributes(
                change.before, change.after, change.before_sensitive, change.after_sensitive
            )
        )
    return DriftedResource(change.address, change.action, attributes)


def find_drift(plan: Plan) -> DriftReport:
    drifted = [
        _drifted(change)
        for change in plan.resource_drift
        if change.mode == "managed" and change.action not in ("no-op", "read")
    ]
    checked = {r.address for r in plan.prior_state.managed} if plan.prior_state else set()
    checked |= {d.address for d in drifted}
    return DriftReport(resources=sorted(drifted, key=lambda d: d.address), checked=sorted(checked))


# -- renderings ---------------------------------------------------------------------------


def _value(value: Any) -> str:
    return value if value == SENSITIVE else json.dumps(value, sort_keys=True)


def _rows(report: DriftReport) -> Iterator[tuple[str, str, str, str, str]]:
    """(address, action, path, before, after) per changed attribute (one row if none)."""
    for resource in report.resources:
        if not resource.attributes:
            gone = "deleted outside terraform" if resource.action == "delete" else ""
            yield resource.address, resource.action, gone, "", ""
        for attribute in resource.attributes:
            yield (
                resource.address,
                resource.action,
                attribute.path,
                _value(attribute.before),
                _value(attribute.after),
            )


def drift_json(report: DriftReport) -> dict[str, Any]:
    """The shape `railyard schema --report drift` describes."""
    return {
        "schema_version": SCHEMA_VERSION,
        "drifted": report.drifted,
        "checked": len(report.checked),
        "resources": [
            {
                "address": r.address,
                "action": r.action,
                "attributes": [vars(a) for a in r.attributes],
            }
            for r in report.resources
        ],
    }


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def drift_markdown(report: DriftReport) -> str:
    if not report.drifted:
        return f"### No drift\n\n{len(report.checked)} resources match the state.\n"
    lines = [
        f"### Drift: {len(report.resources)} of {len(report.checked)} resources",
        "",
        "| Resource | Change | Attribute | Before | After |",
        "| --- | --- | --- | --- | --- |",
    ]
    for address, action, path, before, after in _rows(report):
        cells = [f"`{_cell(address)}`", action, _cell(path), _cell(before), _cell(after)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def drift_junit(report: DriftReport) -> str:
    """One test case per checked resource; a drifted one carries a failure."""
    suites = ET.Element("testsuites", name="railyard drift")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="drift",
        tests=str(max(len(report.checked), 1)),
        failures=str(len(report.resources)),
        errors="0",
    )
    by_address = {r.address: r for r in report.resources}
    for address in report.checked or ["(no resources in the state)"]:
        case = ET.SubElement(suite, "testcase", classname="drift", name=address)
        resource = by_address.get(address)
        if resource is None:
            continue
        if resource.action == "delete":
            message = "deleted outside terraform"
        else:
            message = f"changed outside terraform: {len(resource.attributes)} attribute(s)"
        failure = ET.SubElement(case, "failure", message=message, type="drift")
        failure.text = "\n".join(
            f"{a.path}: {_value(a.before)} -> {_value(a.after)}" for a in resource.attributes
        )
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode")


def _print_table(report: DriftReport, console: Console) -> None:
    if not report.drifted:
        console.print(f"[green]No drift:[/] {len(report.checked)} resources match the state.")
        return
    columns = [Column(name) for name in ("resource", "change", "attribute", "before", "after")]
    rows: list[list[Cell]] = [
        [address, Text(action, style="red" if action == "delete" else "yellow"), path, old, new]
        for address, action, path, old, new in _rows(report)
    ]
    title = f"Drift: {len(report.resources)} of {len(report.checked)} resources"
    print_table(console, columns, rows, title=title)


def render_drift(report: DriftReport, fmt: DriftFormat, console: Console) -> None:
    if fmt == "table":
        _print_table(report, console)
        return
    if fmt == "json":
        text = json.dumps(drift_json(report), indent=2, sort_keys=True)
    elif fmt == "markdown":
        text = drift_markdown(report)
    else:
        text = drift_junit(report)
    print_plain(console, text.rstrip("\n"))
