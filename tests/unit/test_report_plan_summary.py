"""Plan summary on real `plan -json` streams captured from terraform 1.0 and 1.11."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console

from railyard.report.plan_summary import (
    is_controller,
    plan_summary_json,
    plan_summary_markdown,
    print_plan_summary,
    summarise,
)
from railyard.terraform.events import PlannedChange, parse_event

CAPTURED = Path(__file__).parent.parent / "terraform" / "fixtures" / "runner" / "captured"
VERSIONS = sorted(p.name for p in CAPTURED.iterdir())
CONTROLLER = "module.cluster.null_resource.controllers[0]"


def planned(version: str, name: str) -> list[PlannedChange]:
    lines = (CAPTURED / version / name).read_text().splitlines()
    return [e for e in map(parse_event, lines) if isinstance(e, PlannedChange)]


@pytest.mark.parametrize("version", VERSIONS)
def test_summary_by_action_and_module(version: str) -> None:
    summary = summarise(planned(version, "plan-change.jsonl"))
    assert summary.by_action == {
        "create": ["module.cluster.null_resource.controllers[1]", 'null_resource.worker["c"]'],
        "replace": [CONTROLLER, 'null_resource.worker["b"]'],
        "delete": ['null_resource.worker["a"]'],
    }
    assert list(summary.by_action) == ["create", "replace", "delete"]  # fixed order
    assert summary.by_module == {
        "": {"create": 1, "replace": 1, "delete": 1},
        "module.cluster": {"create": 1, "replace": 1},
    }
    assert summary.controller_changes == [CONTROLLER]
    assert summary.total == 5
    assert summary.count("delete") == 1 and summary.count("update") == 0


@pytest.mark.parametrize("version", VERSIONS)
def test_creating_controllers_is_not_a_controller_change(version: str) -> None:
    summary = summarise(planned(version, "plan-create.jsonl"))
    assert summary.by_action == {
        "create": [CONTROLLER, 'null_resource.worker["a"]', 'null_resource.worker["b"]']
    }
    assert summary.controller_changes == []


def test_json_form() -> None:
    summary = summarise(planned("1.11.4", "plan-change.jsonl"))
    document = json.loads(json.dumps(plan_summary_json(summary)))
    assert document["total"] == 5
    assert document["counts"] == {"create": 2, "replace": 2, "delete": 1}
    assert document["by_module"]["module.cluster"] == {"create": 1, "replace": 1}
    assert document["controller_changes"] == [CONTROLLER]


def test_rich_view_shows_controller_replacement_in_red() -> None:
    console = Console(record=True, width=120, force_terminal=True, color_system="standard")
    print_plan_summary(summarise(planned("1.11.4", "plan-change.jsonl")), console)
    text = console.export_text(clear=False)
    assert "Plan: 2 to create, 2 to replace, 1 to delete" in text
    assert "deletes or replaces 1 controller(s)" in text
    assert "(root)" in text and "module.cluster" in text
    styled = console.export_text(styles=True)
    bold_red = "\x1b[1;31m"
    assert f"{bold_red}  {CONTROLLER}" in styled
    assert f'{bold_red}  null_resource.worker["b"]' not in styled  # a worker is not red


def test_no_changes() -> None:
    console = Console(record=True, width=100)
    print_plan_summary(summarise([]), console)
    assert console.export_text().startswith("No changes")


@pytest.mark.parametrize(
    ("address", "controller"),
    [
        ("module.cluster.aws_instance.controllers[0]", True),
        ('module.cluster.null_resource.controller["a"]', True),
        ("module.controller.aws_instance.this", True),
        ("module.controllers-east.module.x.aws_instance.node[1]", True),
        ("aws_instance.controller_extra", True),
        ("data.aws_ami.controller", True),
        ("module.cluster.aws_instance.workers[0]", False),
        ('module.cluster.null_resource.node["controller"]', False),  # a key, not a name
        ("aws_instance.my_controller", False),
        ("module.workers.aws_autoscaling_group.workers", False),
    ],
)
def test_is_controller(address: str, controller: bool) -> None:
    assert is_controller(address) is controller


def test_markdown_form() -> None:
    markdown = plan_summary_markdown(summarise(planned("1.11.4", "plan-change.jsonl")))
    lines = markdown.splitlines()
    assert lines[0] == "### Plan: 2 to create, 2 to replace, 1 to delete"
    assert f"- `{CONTROLLER}`" in lines[2:5]  # the controller warning comes first
    assert "| `(root)` | 1 | 1 | 1 |" in lines
    assert "| `module.cluster` | 1 | 1 |  |" in lines
    assert "<details><summary>delete (1)</summary>" in lines
    assert plan_summary_markdown(summarise([])).startswith("### No changes")
