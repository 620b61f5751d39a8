"""Live apply progress fed with real `apply -json` streams; outputs with secrets hidden."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from rich.console import Console

from railyard.report.progress import ApplyProgress, format_elapsed, print_outputs
from railyard.terraform.events import parse_event
from railyard.terraform.state import outputs_from_json

CAPTURED = Path(__file__).parent.parent / "terraform" / "fixtures" / "runner" / "captured"
VERSIONS = sorted(p.name for p in CAPTURED.iterdir())


def replay(version: str, name: str, total: int) -> tuple[ApplyProgress, str]:
    console = Console(record=True, width=120)
    with ApplyProgress(console, total=total) as progress:
        for line in (CAPTURED / version / name).read_text().splitlines():
            event = parse_event(line)
            if event is not None:
                progress.handle(event)
    return progress, console.export_text()


@pytest.mark.parametrize("version", VERSIONS)
def test_successful_apply(version: str) -> None:
    progress, text = replay(version, "apply-create.jsonl", total=3)
    lines = [line.split() for line in text.splitlines()]
    created = sorted(line[2] for line in lines if line[:2] == ["✓", "created"])
    assert created == [
        "module.cluster.null_resource.controllers[0]",
        'null_resource.worker["a"]',
        'null_resource.worker["b"]',
    ]
    assert all(line[3].endswith("s") for line in lines if line[:2] == ["✓", "created"])
    assert text.splitlines()[-1].startswith("3/3 resources in ")
    assert progress.failed == []


@pytest.mark.parametrize("version", VERSIONS)
def test_failed_apply(version: str) -> None:
    progress, text = replay(version, "apply-failed.jsonl", total=0)  # total from the stream
    assert "✗ create failed null_resource.fail[0]" in text
    assert progress.failed == ["null_resource.fail[0]"]
    assert text.splitlines()[-1].endswith("1 failed")
    # the capture re-creates worker "a" (gone in the drift capture) next to the failing one
    assert text.splitlines()[-1].startswith("2/2 resources")
    assert '✓ created    null_resource.worker["a"]' in text


def test_live_view_shows_running_resources() -> None:
    console = Console(record=True, width=120)
    progress = ApplyProgress(console, total=4)
    lines = (CAPTURED / "1.11.4" / "apply-failed.jsonl").read_text().splitlines()
    for line in lines:
        event = parse_event(line)
        if event is not None and "Provisioning with" in event.message:
            progress.handle(event)
            break
        if event is not None:
            progress.handle(event)
    console.print(progress)
    view = console.export_text()
    assert "provisioning (local-exec)  null_resource.fail[0]" in view
    assert '✓ created    null_resource.worker["a"]' in view
    assert "1/4 resources" in view


@pytest.mark.parametrize("version", VERSIONS)
def test_outputs_hide_sensitive_values(version: str) -> None:
    outputs = outputs_from_json(json.loads((CAPTURED / version / "output.json").read_text()))
    assert outputs["secret"].value == "hunter2-do-not-print"  # output -json has it...
    console = Console(record=True, width=200)
    print_outputs(outputs, console)
    text = console.export_text()
    assert "hunter2" not in text  # ...the view does not
    (secret_row,) = [line for line in text.splitlines() if line.split()[:1] == ["secret"]]
    assert secret_row.split() == ["secret", "│", "(sensitive)"]
    assert '"role": "controller"' in text and "hello" in text


@pytest.mark.parametrize(("seconds", "text"), [(0, "0.0s"), (12.34, "12.3s"), (65, "1m05s")])
def test_format_elapsed(seconds: float, text: str) -> None:
    assert format_elapsed(seconds) == text


def test_terminal_view_prints_and_redraws() -> None:
    """On a terminal, printing a finished line redraws the live view (which reads the same
    state): handle() must not hold its lock while printing, or it deadlocks."""
    console = Console(record=True, width=120, force_terminal=True, color_system=None)
    lines = (CAPTURED / "1.11.4" / "apply-create.jsonl").read_text().splitlines()

    def replay_on_terminal() -> None:
        with ApplyProgress(console, total=3) as progress:
            for line in lines:
                event = parse_event(line)
                if event is not None:
                    progress.handle(event)

    worker = threading.Thread(target=replay_on_terminal, daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive(), "apply progress deadlocked on a terminal"
    text = console.export_text()
    assert text.count("✓ created") == 3
    assert "3/3 resources" in text
