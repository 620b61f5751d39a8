"""`railyard sandbox mutate|delete`: change the fake cloud behind terraform's back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from railyard.commands.pipeline import Prepared, prepare
from railyard.console import stderr
from railyard.errors import RailyardError


def mutate(config: Path, workdir: Path | None, address: str, assignments: list[str]) -> None:
    from railyard.sandbox import store

    prepared = prepare(config, workdir, sandbox=True)
    resource_type, object_id = _object_at(prepared, address)
    store.mutate(prepared.workspace.sandbox_dir, resource_type, object_id, _changes(assignments))
    stderr.print(f"changed {address} in the fake cloud; `railyard drift` should now report it")


def delete(config: Path, workdir: Path | None, address: str) -> None:
    from railyard.sandbox import aws_defaults, store

    prepared = prepare(config, workdir, sandbox=True)
    resource_type, object_id = _object_at(prepared, address)
    sandbox_dir = prepared.workspace.sandbox_dir
    deleted = store.get(sandbox_dir, resource_type, object_id) or {}
    store.delete(sandbox_dir, resource_type, object_id)
    aws_defaults.deleted(sandbox_dir, resource_type, deleted)  # a VPC's default group goes too
    stderr.print(f"deleted {address} from the fake cloud")


def _changes(assignments: list[str]) -> dict[str, Any]:
    """KEY=VALUE pairs; VALUE is JSON when it parses as JSON, a string otherwise."""
    changes: dict[str, Any] = {}
    for assignment in assignments:
        key, separator, raw = assignment.partition("=")
        if not separator or not key:
            raise RailyardError(
                f"{assignment!r} is not KEY=VALUE", hint="e.g. from_port=23 or tags.Name=changed"
            )
        try:
            changes[key] = json.loads(raw)
        except ValueError:
            changes[key] = raw
    return changes


def _object_at(prepared: Prepared, address: str) -> tuple[str, str]:
    state = prepared.terraform.show_state()
    for resource in state.resources:
        if resource.address == address:
            object_id = resource.values.get("id")
            if not object_id:
                break
            return resource.type, str(object_id)
    known = ", ".join(r.address for r in state.resources if r.mode == "managed")
    raise RailyardError(
        f"no managed resource {address!r} in the state",
        hint=f"use an address `railyard status` lists, e.g. one of: {known[:400]}",
    )
