"""Summarise planned changes: counts and addresses by action and by module.

Input is the `planned_change` events of a `plan -json` run (`PlanRun.changes`), so a
summary never needs the (secret-holding) plan JSON. Deleting or replacing a controller
loses an etcd member and its data, so those changes are listed apart and shown in red.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.text import Text

from railyard.report.schemas import SCHEMA_VERSION
from railyard.report.table import Column, print_table
from railyard.terraform.events import PlannedChange

ACTION_ORDER = ("create", "update", "replace", "delete")
ACTION_STYLE = {"create": "green", "update": "yellow", "replace": "magenta", "delete": "red"}
ROOT_MODULE = ""
SHOWN_PER_ACTION = 50  # longer lists are cut in the rich view (JSON has them all)

_INDEX = re.compile(r'\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\]')


def address_names(address: str) -> list[str]:
    """Module names and the resource name in an address, without instance keys.

    `module.cluster.aws_instance.controllers[0]` -> ["cluster", "controllers"].
    """
    parts = _INDEX.sub("", address).split(".")
    names = [parts[i + 1] for i, part in enumerate(parts[:-1]) if part == "module"]
    module_parts = 2 * len(names)
    if len(parts) > module_parts:
        names.append(parts[-1])
    return names


def is_controller(address: str) -> bool:
    """A module or resource name in the address starts with "controller"."""
    return any(name.startswith("controller") for name in address_names(address))


@dataclass(frozen=True)
class PlanSummary:
    by_action: dict[str, list[str]]  # action -> addresses; create/update/replace/delete first
    by_module: dict[str, dict[str, int]]  # module address ("" = root) -> action -> count
    controller_changes: list[str]  # controllers the plan deletes or replaces

    @property
    def total(self) -> int:
        return sum(len(addresses) for addresses in self.by_action.values())

    def count(self, action: str) -> int:
        return len(self.by_action.get(action, []))


def summarise(changes: Sequence[PlannedChange]) -> PlanSummary:
    by_action: dict[str, list[str]] = {action: [] for action in ACTION_ORDER}
    by_module: dict[str, dict[str, int]] = {}
    controllers: list[str] = []
    for change in changes:
        if change.action == "noop":
            continue
        address = change.resource.addr
        by_action.setdefault(change.action, []).append(address)
        counts = by_module.setdefault(change.resource.module, {})
        counts[change.action] = counts.get(change.action, 0) + 1
        if change.action in ("delete", "replace") and is_controller(address):
            controllers.append(address)
    return PlanSummary(
        by_action={action: sorted(found) for action, found in by_action.items() if found},
        by_module=dict(sorted(by_module.items())),
        controller_changes=sorted(controllers),
    )


def plan_summary_json(summary: PlanSummary) -> dict[str, Any]:
    """The shape `railyard schema --report plan` describes."""
    return {
        "schema_version": SCHEMA_VERSION,
        "total": summary.total,
        "counts": {action: len(found) for action, found in summary.by_action.items()},
        "by_action": summary.by_action,
        "by_module": summary.by_module,
        "controller_changes": summary.controller_changes,
    }


def plan_summary_markdown(summary: PlanSummary) -> str:
    """The summary for a pull-request comment or a CI step summary (`--summary-file`)."""
    if summary.total == 0:
        return "### No changes\n\nThe infrastructure matches the configuration.\n"
    counts = ", ".join(f"{len(found)} to {a}" for a, found in summary.by_action.items())
    lines = [f"### Plan: {counts}", ""]
    if summary.controller_changes:
        lines.append(
            f"**This plan deletes or replaces {len(summary.controller_changes)} controller(s)**"
            " (etcd members):"
        )
        lines += [f"- `{address}`" for address in summary.controller_changes]
        lines.append("")
    actions = list(summary.by_action)
    lines.append("| Module | " + " | ".join(actions) + " |")
    lines.append("| --- |" + " ---: |" * len(actions))
    for module, module_counts in summary.by_module.items():
        cells = [f"`{_module_label(module)}`", *(str(module_counts.get(a, "")) for a in actions)]
        lines.append("| " + " | ".join(cells) + " |")
    for action, addresses in summary.by_action.items():
        lines += ["", f"<details><summary>{action} ({len(addresses)})</summary>", ""]
        lines += [f"- `{address}`" for address in addresses[:SHOWN_PER_ACTION]]
        if len(addresses) > SHOWN_PER_ACTION:
            lines.append(f"- ... and {len(addresses) - SHOWN_PER_ACTION} more (--json lists all)")
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


def _module_label(module: str) -> str:
    return module or "(root)"


def print_plan_summary(summary: PlanSummary, console: Console) -> None:
    if summary.total == 0:
        console.print("No changes: the infrastructure matches the configuration.")
        return
    counts = ", ".join(
        f"[{ACTION_STYLE.get(a, 'cyan')}]{len(found)} to {a}[/]"
        for a, found in summary.by_action.items()
    )
    console.print(f"Plan: {counts}")
    if summary.controller_changes:
        console.print(
            f"[bold red]This plan deletes or replaces {len(summary.controller_changes)} "
            "controller(s):[/]"
        )
        for address in summary.controller_changes:
            console.print(Text(f"  {address}", style="bold red"))

    for action, addresses in summary.by_action.items():
        style = ACTION_STYLE.get(action, "cyan")
        console.print(Text(f"\n{action} ({len(addresses)})", style=f"bold {style}"))
        for address in addresses[:SHOWN_PER_ACTION]:
            danger = address in summary.controller_changes
            console.print(Text(f"  {address}", style="bold red" if danger else style))
        if len(addresses) > SHOWN_PER_ACTION:
            console.print(f"  ... and {len(addresses) - SHOWN_PER_ACTION} more (--json lists all)")

    actions = list(summary.by_action)
    columns = [Column("module")]
    columns += [Column(a, right=True, style=ACTION_STYLE.get(a, "cyan")) for a in actions]
    rows = [
        [_module_label(module), *(str(module_counts.get(a, "")) for a in actions)]
        for module, module_counts in summary.by_module.items()
    ]
    console.print()
    print_table(console, columns, rows, title="By module", show_edge=False)
