"""Summarise a 10,000-resource plan (targets: under 2 s and 300 MB peak memory).

Two measurements, each on generated input shaped like terraform 1.11's real output:

1. `railyard plan` after terraform has planned: the runner reads a 10,000-line `plan -json`
   event stream (from a stand-in binary that prints it, so the real runner code runs:
   subprocess, line parsing, log file), then `summarise`, the rich summary (to a buffer)
   and the JSON form.
2. `railyard drift` on a 10,000-resource refresh-only plan: `parse_plan` on the
   `show -json` document, then `find_drift` and the machine formats (JSON, Markdown,
   JUnit: what CI uses). The rich table is timed on its own, without a target: rich
   spends about half a millisecond per table row, so 10,000 drifted resources (20,000
   rows) take seconds there.

Each step runs twice: once for time, once under tracemalloc for the peak of Python
allocations (tracemalloc slows the code down). The process's max RSS is printed last; it
includes the interpreter and the generated input.
"""

from __future__ import annotations

import io
import json
import resource
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console

from railyard.report.drift import drift_json, drift_junit, drift_markdown, find_drift, render_drift
from railyard.report.plan_summary import plan_summary_json, print_plan_summary, summarise
from railyard.terraform.binary import TerraformBinary
from railyard.terraform.plan import parse_plan
from railyard.terraform.runner import Terraform

RESOURCES = 10_000
TIME_TARGET = 2.0  # seconds
MEMORY_TARGET = 300  # MB
ACTIONS = ["create"] * 6 + ["update"] * 2 + ["replace", "delete"]


def address(index: int) -> tuple[str, str, str, int]:
    module = f"module.pool_{index % 50:02d}"
    name = "controllers" if index % 1000 == 0 else "workers"
    return module, "aws_instance", name, index


def event_stream() -> str:
    lines = [
        json.dumps(
            {
                "@level": "info",
                "@message": "Terraform 1.11.4",
                "@module": "terraform.ui",
                "type": "version",
                "terraform": "1.11.4",
                "ui": "1.2",
            }
        )
    ]
    for index in range(RESOURCES):
        module, kind, name, key = address(index)
        addr = f"{module}.{kind}.{name}[{key}]"
        action = ACTIONS[index % len(ACTIONS)]
        lines.append(
            json.dumps(
                {
                    "@level": "info",
                    "@message": f"{addr}: Plan to {action}",
                    "@module": "terraform.ui",
                    "@timestamp": "2026-11-24T02:31:07.478417Z",
                    "change": {
                        "resource": {
                            "addr": addr,
                            "module": module,
                            "resource": f"{kind}.{name}[{key}]",
                            "implied_provider": "aws",
                            "resource_type": kind,
                            "resource_name": name,
                            "resource_key": key,
                        },
                        "action": action,
                    },
                    "type": "planned_change",
                },
                separators=(",", ":"),
            )
        )
    return "\n".join(lines) + "\n"


def refresh_only_plan() -> dict[str, Any]:
    drift = []
    prior = []
    for index in range(RESOURCES):
        module, kind, name, key = address(index)
        tags = {"Name": f"{name}-{key}", "pool": module}
        values: dict[str, Any] = {
            "id": f"i-{index:017x}",
            "instance_type": "m6i.large",
            "tags": tags,
            "user_data": "(ignition)" * 20,
            "root_block_device": [{"volume_size": 40, "encrypted": True}],
        }
        changed = {**values, "tags": {**tags, "Owner": "someone"}}
        entry = {
            "address": f"{module}.{kind}.{name}[{key}]",
            "module_address": module,
            "mode": "managed",
            "type": kind,
            "name": name,
            "index": key,
            "provider_name": "registry.terraform.io/hashicorp/aws",
        }
        prior.append({**entry, "values": changed, "sensitive_values": {"user_data": True}})
        drift.append(
            {
                **entry,
                "change": {
                    "actions": ["update"],
                    "before": values,
                    "after": changed,
                    "before_sensitive": {"user_data": True},
                    "after_sensitive": {"user_data": True},
                },
            }
        )
    return {
        "format_version": "1.2",
        "terraform_version": "1.11.4",
        "resource_drift": drift,
        "prior_state": {"values": {"root_module": {"resources": prior}}},
    }


def measure(step: Callable[[], object]) -> tuple[float, float]:
    started = time.perf_counter()
    step()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    step()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 1e6


def report(label: str, seconds: float, peak_mb: float) -> None:
    time_ok = "OK" if seconds < TIME_TARGET else "OVER"
    memory_ok = "OK" if peak_mb < MEMORY_TARGET else "OVER"
    print(f"{label}")
    print(f"  time:        {seconds:6.2f} s  (target < {TIME_TARGET:.0f} s) {time_ok}")
    print(f"  peak Python: {peak_mb:6.1f} MB (target < {MEMORY_TARGET} MB) {memory_ok}")


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        stream = scratch / "plan.jsonl"
        stream.write_text(event_stream())
        stand_in = scratch / "terraform"
        stand_in.write_text(f"#!/bin/sh\ncat {stream}\nexit 2\n")  # exit 2: changes
        stand_in.chmod(0o755)
        tf = Terraform(TerraformBinary(stand_in, (1, 11, 4), "terraform"), scratch / "ws")
        (scratch / "ws").mkdir()

        def plan_summary() -> None:
            run = tf.plan(scratch / "ws" / "bench.tfplan")
            assert len(run.changes) == RESOURCES
            summary = summarise(run.changes)
            print_plan_summary(summary, Console(file=io.StringIO(), width=120))
            json.dumps(plan_summary_json(summary))

        report(f"plan summary, {RESOURCES:,} resources", *measure(plan_summary))

        document = refresh_only_plan()

        def drift() -> None:
            found = find_drift(parse_plan(document))
            assert len(found.resources) == RESOURCES
            json.dumps(drift_json(found))
            drift_markdown(found)
            drift_junit(found)

        report(f"drift report, {RESOURCES:,} drifted resources", *measure(drift))

        found = find_drift(parse_plan(document))
        started = time.perf_counter()
        render_drift(found, "table", Console(file=io.StringIO(), width=160))
        print(f"  rich table alone: {time.perf_counter() - started:.2f} s (no target)")

    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"process max RSS: {max_rss:.0f} MB (includes the generated input)")


if __name__ == "__main__":
    main()
