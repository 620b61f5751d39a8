"""`railyard status`: what the state says the cluster is."""

from __future__ import annotations

import json
from pathlib import Path

from rich.markup import escape

from railyard.commands.pipeline import prepare, warn_pending_replacements
from railyard.console import stderr, stdout
from railyard.report.status import build_status, print_status, status_json
from railyard.workspace.repair import readable_by_others


def status(config: Path, workdir: Path | None, sandbox: bool, as_json: bool) -> None:
    prepared = prepare(config, workdir, sandbox)
    for warning in readable_by_others(prepared.workspace.path):
        stderr.print(f"[yellow]warning:[/] {escape(warning)}")
    state = prepared.terraform.show_state()
    report = build_status(state, prepared.workspace.backend_type, prepared.terraform.binary)
    sandbox_objects: dict[str, int] | None = None
    if prepared.sandbox:
        from railyard.sandbox.store import summary

        sandbox_objects = summary(prepared.workspace.sandbox_dir)
    if as_json:
        document = status_json(report)
        if sandbox_objects is not None:
            document["sandbox"] = {"objects_by_type": sandbox_objects}
        print(json.dumps(document, indent=2, sort_keys=True))
        return
    print_status(report, stdout)
    warn_pending_replacements(state.outputs)
    if sandbox_objects is not None:
        total = sum(sandbox_objects.values())
        stdout.print(
            f"Sandbox: {total} objects in the fake cloud ({prepared.workspace.sandbox_dir})"
        )
