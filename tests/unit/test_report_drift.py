"""Drift report from real refresh-only plans (terraform 1.0 and 1.11), in every format.

With only the null provider, terraform can show one kind of drift for real: a resource gone
(see capture.py). Attribute-level drift is built from the same real plan by giving its
drifted resource an `update` with changed and sensitive attributes.
"""

from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from railyard.report.drift import (
    AttributeChange,
    DriftFormat,
    drift_json,
    drift_junit,
    drift_markdown,
    find_drift,
    masked,
    render_drift,
)
from railyard.terraform.plan import parse_plan

CAPTURED = Path(__file__).parent.parent / "terraform" / "fixtures" / "runner" / "captured"
VERSIONS = sorted(p.name for p in CAPTURED.iterdir())
WORKER_A = 'null_resource.worker["a"]'
ALL = sorted(["module.cluster.null_resource.controllers[0]", WORKER_A, 'null_resource.worker["b"]'])


def drift_plan(version: str) -> dict[str, Any]:
    data = json.loads((CAPTURED / version / "plan-drift.json").read_text())
    assert isinstance(data, dict)
    return data


def with_update(data: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    (drift,) = data["resource_drift"]
    before = drift["change"]["before"]
    drift["change"] = {
        "actions": ["update"],
        "before": before,
        "after": {
            **before,
            "triggers": {**before["triggers"], "name": "renamed", "token": "s3cret", "a.b": "x"},
        },
        "before_sensitive": {"triggers": {}},
        "after_sensitive": {"triggers": {"token": True}},
    }
    return data


@pytest.mark.parametrize("version", VERSIONS)
def test_deleted_resource(version: str) -> None:
    report = find_drift(parse_plan(drift_plan(version)))
    assert report.drifted
    (resource,) = report.resources
    assert (resource.address, resource.action, resource.attributes) == (WORKER_A, "delete", [])
    assert report.checked == ALL


@pytest.mark.parametrize("version", VERSIONS)
def test_changed_attributes(version: str) -> None:
    report = find_drift(parse_plan(with_update(drift_plan(version))))
    (resource,) = report.resources
    assert resource.action == "update"
    assert resource.attributes == [
        AttributeChange('triggers["a.b"]', None, "x"),
        AttributeChange("triggers.name", "a", "renamed"),
        AttributeChange("triggers.token", None, "(sensitive)"),
    ]


def test_no_drift() -> None:
    data = drift_plan("1.11.4")
    data["resource_drift"] = []
    report = find_drift(parse_plan(data))
    assert not report.drifted and len(report.checked) == 2  # worker a is gone from the state
    console = Console(record=True, width=100)
    render_drift(report, "table", console)
    assert "No drift: 2 resources match the state." in console.export_text()
    junit = ET.fromstring(drift_junit(report))
    assert junit.find("testsuite").get("failures") == "0"  # type: ignore[union-attr]


def test_masked() -> None:
    value = {"a": [1, {"b": "secret"}], "c": "plain"}
    assert masked(value, {"a": [False, {"b": True}]}) == {
        "a": [1, {"b": "(sensitive)"}],
        "c": "plain",
    }
    assert masked(value, True) == "(sensitive)"
    assert masked(value, False) == value


def test_formats() -> None:
    report = find_drift(parse_plan(with_update(drift_plan("1.11.4"))))

    document = drift_json(report)
    assert document["drifted"] is True and document["checked"] == 3
    assert document["resources"][0]["attributes"][1] == {
        "path": "triggers.name",
        "before": "a",
        "after": "renamed",
    }

    markdown = drift_markdown(report)
    assert markdown.startswith("### Drift: 1 of 3 resources")
    assert '| `null_resource.worker["a"]` | update | triggers.name | "a" | "renamed" |' in markdown
    assert "s3cret" not in markdown

    suite = ET.fromstring(drift_junit(report)).find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures")) == ("3", "1")
    cases = {str(case.get("name")): case for case in suite.iter("testcase")}
    assert sorted(cases) == ALL
    failure = cases[WORKER_A].find("failure")
    assert failure is not None and failure.text is not None
    assert 'triggers.name: "a" -> "renamed"' in failure.text
    assert cases['null_resource.worker["b"]'].find("failure") is None

    formats: list[DriftFormat] = ["table", "json", "markdown", "junit"]
    for fmt in formats:
        console = Console(record=True, width=200)
        render_drift(report, fmt, console)
        text = console.export_text()
        assert "s3cret" not in text
        assert ('triggers[\\"a.b\\"]' if fmt == "json" else 'triggers["a.b"]') in text
    console = Console(record=True, width=200)
    render_drift(report, "json", console)
    assert json.loads(console.export_text()) == json.loads(json.dumps(document))
