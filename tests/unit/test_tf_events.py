"""parse_event and redact_line on real `-json` output captured from terraform 1.0 and 1.11
(tests/terraform/fixtures/runner/capture.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from railyard.terraform.events import (
    ApplyComplete,
    ApplyErrored,
    ApplyStart,
    ChangeSummary,
    DiagnosticEvent,
    Event,
    OutputsEvent,
    PlannedChange,
    ProvisionEvent,
    RefreshEvent,
    ResourceDrift,
    decode_line,
    parse_event,
    redact_line,
)

CAPTURED = Path(__file__).parent.parent / "terraform" / "fixtures" / "runner" / "captured"
VERSIONS = sorted(p.name for p in CAPTURED.iterdir())
SECRET = "hunter2-do-not-print"


def events(version: str, name: str) -> list[Event]:
    lines = (CAPTURED / version / name).read_text().splitlines()
    return [e for e in map(parse_event, lines) if e is not None]


@pytest.mark.parametrize("version", VERSIONS)
def test_plan_stream(version: str) -> None:
    parsed = events(version, "plan-change.jsonl")
    planned = {e.resource.addr: e for e in parsed if isinstance(e, PlannedChange)}
    assert {a: e.action for a, e in planned.items()} == {
        "module.cluster.null_resource.controllers[0]": "replace",
        "module.cluster.null_resource.controllers[1]": "create",
        'null_resource.worker["a"]': "delete",
        'null_resource.worker["b"]': "replace",
        'null_resource.worker["c"]': "create",
    }
    controller = planned["module.cluster.null_resource.controllers[0]"].resource
    assert (controller.module, controller.resource_type) == ("module.cluster", "null_resource")
    assert (controller.resource_name, controller.resource_key) == ("controllers", 0)
    assert planned['null_resource.worker["c"]'].resource.resource_key == "c"
    assert planned["module.cluster.null_resource.controllers[0]"].reason == "cannot_update"
    (summary,) = [e for e in parsed if isinstance(e, ChangeSummary)]
    assert (summary.add, summary.change, summary.remove, summary.operation) == (4, 0, 3, "plan")
    assert all(isinstance(e, RefreshEvent) for e in parsed if "Refresh" in e.message)


@pytest.mark.parametrize("version", VERSIONS)
def test_apply_stream(version: str) -> None:
    parsed = events(version, "apply-create.jsonl")
    started = [e.resource.addr for e in parsed if isinstance(e, ApplyStart)]
    complete = [e for e in parsed if isinstance(e, ApplyComplete)]
    assert sorted(started) == sorted(e.resource.addr for e in complete)
    assert len(complete) == 3
    assert all(e.action == "create" and e.id_value for e in complete)
    assert all(e.elapsed_seconds >= 0 for e in complete)
    (outputs,) = [e for e in parsed if isinstance(e, OutputsEvent)]
    assert outputs.outputs["greeting"].value == "hello"
    assert outputs.outputs["secret"].sensitive
    assert outputs.outputs["secret"].value is None
    assert SECRET not in repr(parsed)


@pytest.mark.parametrize("version", VERSIONS)
def test_failed_apply_stream(version: str) -> None:
    parsed = events(version, "apply-failed.jsonl")
    (errored,) = [e for e in parsed if isinstance(e, ApplyErrored)]
    assert (errored.resource.addr, errored.action) == ("null_resource.fail[0]", "create")
    stages = [e.stage for e in parsed if isinstance(e, ProvisionEvent)]
    assert stages[0] == "start" and stages[-1] == "errored"
    (diagnostic,) = [e.diagnostic for e in parsed if isinstance(e, DiagnosticEvent)]
    assert diagnostic.summary == "local-exec provisioner error"
    assert (diagnostic.filename, diagnostic.address) == ("main.tf", "null_resource.fail[0]")
    assert diagnostic.line is not None and diagnostic.column is not None


@pytest.mark.parametrize("version", VERSIONS)
def test_refresh_only_stream_reports_drift(version: str) -> None:
    parsed = events(version, "plan-drift.jsonl")
    drift = [(e.resource.addr, e.action) for e in parsed if isinstance(e, ResourceDrift)]
    assert drift == [('null_resource.worker["a"]', "delete")]
    assert not any(isinstance(e, PlannedChange) for e in parsed)


@pytest.mark.parametrize(
    "line",
    [
        "",
        "not json",
        "[1, 2]",
        '{"type": "version", "terraform": "1.11.4"}',
        '{"type": "some_future_event", "hook": {}}',
        '{"@message": "no type"}',
        '{"type": "change_summary", "changes": {"add": "many"}}',
        '{"type": "apply_complete", "hook": "not an object"}',
        '{"type": "planned_change", "change": {"action": "create"}}',
    ],
)
def test_unknown_and_broken_lines_are_skipped(line: str) -> None:
    assert parse_event(line) is None


def test_redact_line_masks_sensitive_outputs() -> None:
    # terraform 1.0 puts the sensitive value in the apply `outputs` event
    lines = (CAPTURED / "1.0.3" / "apply-create.jsonl").read_text().splitlines(keepends=True)
    (raw,) = [line for line in lines if '"type":"outputs"' in line]
    assert SECRET in raw
    redacted = redact_line(raw, decode_line(raw))
    assert SECRET not in redacted
    outputs = json.loads(redacted)["outputs"]
    assert outputs["secret"]["value"] == "(sensitive)"
    assert outputs["greeting"]["value"] == "hello"
    # every other line is logged unchanged
    for line in lines:
        if line is not raw:
            assert redact_line(line, decode_line(line)) == line


def test_redact_line_keeps_lines_without_values() -> None:
    lines = (CAPTURED / "1.11.4" / "apply-create.jsonl").read_text().splitlines(keepends=True)
    for line in lines:
        assert redact_line(line, decode_line(line)) == line


def test_redact_line_leaves_out_a_state_terraform_printed() -> None:
    # what terraform -json prints when it can save its state neither in place nor in
    # errored.tfstate (backupStateForError): the whole state, secrets included
    raw = json.dumps(
        {
            "@level": "info",
            "@message": "Emergency state dump",
            "type": "log",
            "state": {"version": 4, "resources": [{"private_key_pem": SECRET}]},
        }
    )
    redacted = json.loads(redact_line(raw + "\n", decode_line(raw)))
    assert SECRET not in json.dumps(redacted)
    assert redacted["@message"] == "Emergency state dump"
