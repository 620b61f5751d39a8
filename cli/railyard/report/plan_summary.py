"""Summarise planned changes: counts and addresses by action and by module.

Input is the `planned_change` events of a `plan -json` run (`PlanRun.changes`), so a
summary never needs the (secret-holding) plan JSON. Deleting or replacing a controller
loses an etcd member and its data, so those changes are listed apart and shown in red.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from railyard.report.schemas import SCHEMA_VERSION
from railyard.report.table import Column, plain_table, print_table
from railyard.terraform.events import PlannedChange

if TYPE_CHECKING:
    from rich.console import Console

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


Line = list[tuple[str, str]]  # one line of the view: (text, rich style) segments


def _view(summary: PlanSummary) -> list[Line]:
    """The summary for people, before the module table."""
    if summary.total == 0:
        return [[("No changes: the infrastructure matches the configuration.", "")]]
    counts: Line = [("Plan: ", "")]
    for index, (action, found) in enumerate(summary.by_action.items()):
        counts += [(", ", "")] if index else []
        counts.append((f"{len(found)} to {action}", ACTION_STYLE.get(action, "cyan")))
    lines = [counts]
    if summary.controller_changes:
        count = len(summary.controller_changes)
        lines.append([(f"This plan deletes or replaces {count} controller(s):", "bold red")])
        lines += [[(f"  {address}", "bold red")] for address in summary.controller_changes]
    for action, addresses in summary.by_action.items():
        style = ACTION_STYLE.get(action, "cyan")
        lines += [[], [(f"{action} ({len(addresses)})", f"bold {style}")]]
        for address in addresses[:SHOWN_PER_ACTION]:
            danger = address in summary.controller_changes
            lines.append([(f"  {address}", "bold red" if danger else style)])
        if len(addresses) > SHOWN_PER_ACTION:
            more = len(addresses) - SHOWN_PER_ACTION
            lines.append([(f"  ... and {more} more (--json lists all)", "")])
    return lines


def _module_table(summary: PlanSummary) -> tuple[list[Column], list[list[str]]]:
    actions = list(summary.by_action)
    columns = [Column("module")]
    columns += [Column(a, right=True, style=ACTION_STYLE.get(a, "cyan")) for a in actions]
    rows = [
        [_module_label(module), *(str(module_counts.get(a, "")) for a in actions)]
        for module, module_counts in summary.by_module.items()
    ]
    return columns, rows


def print_plan_summary(summary: PlanSummary, console: Console) -> None:
    """The summary through rich (colours in a terminal)."""
    from rich.text import Text

    for line in _view(summary):
        console.print(Text.assemble(*line))
    if summary.total:
        console.print()
        print_table(console, *_module_table(summary), title="By module", show_edge=False)


def plan_summary_text(summary: PlanSummary) -> str:
    """The same summary as plain text, without loading rich (a CI log, a pipe)."""
    lines = ["".join(text for text, _ in line) for line in _view(summary)]
    if summary.total:
        lines += ["", plain_table(*_module_table(summary), title="By module")]
    return "\n".join(lines) + "\n"
