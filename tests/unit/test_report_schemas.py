"""The published report schemas (`railyard schema --report NAME`) are valid JSON Schemas and
describe the reports railyard really writes, from real terraform output (1.0 and 1.11);
and each schema rejects what breaks its contract, so the check can fail."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import jsonschema
import pytest

from railyard.report.drift import drift_json, find_drift
from railyard.report.plan_summary import plan_summary_json, summarise
from railyard.report.schemas import REPORTS, SCHEMA_VERSION, report_schema
from railyard.report.status import build_status, status_json
from railyard.terraform.plan import parse_plan
from tests.unit.test_report_drift import VERSIONS, drift_plan, with_update
from tests.unit.test_report_plan_summary import planned
from tests.unit.test_report_status import BINARY, state


def reports(version: str) -> dict[str, dict[str, Any]]:
    """Each report as railyard prints it, round-tripped through JSON text."""
    documents = {
        "plan": plan_summary_json(summarise(planned(version, "plan-change.jsonl"))),
        "status": status_json(build_status(state(version), "pg", BINARY)),
        "drift": drift_json(find_drift(parse_plan(with_update(drift_plan(version))))),
    }
    return {name: json.loads(json.dumps(document)) for name, document in documents.items()}


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = report_schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("name", sorted(REPORTS))
def test_reports_validate_against_their_schema(name: str, version: str) -> None:
    document = reports(version)[name]
    assert document["schema_version"] == SCHEMA_VERSION
    errors = [error.message for error in validator(name).iter_errors(document)]
    assert errors == []


def test_sandbox_objects_in_status_are_described() -> None:
    document = reports("1.11.4")["status"]
    document["sandbox"] = {"objects_by_type": {"aws_instance": 8}}
    assert validator("status").is_valid(document)
    document["sandbox"] = {"objects_by_type": {"aws_instance": "eight"}}
    assert not validator("status").is_valid(document)


@pytest.mark.parametrize(
    ("name", "break_it"),
    [
        ("plan", lambda d: d.pop("schema_version")),
        ("plan", lambda d: d["counts"].update(create="2")),
        ("status", lambda d: d["nodes"][0].pop("address")),
        ("status", lambda d: d.update(schema_version=SCHEMA_VERSION + 1)),
        ("drift", lambda d: d.update(drifted="yes")),
        ("drift", lambda d: d["resources"][0]["attributes"][0].pop("path")),
    ],
)
def test_schemas_reject_broken_reports(name: str, break_it: Any) -> None:
    document = reports("1.11.4")[name]
    break_it(document)
    assert not validator(name).is_valid(document)


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_schema_command_prints_them(name: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "railyard", "schema", "--report", name],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout) == report_schema(name)


def test_schema_command_refuses_an_unknown_report() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "railyard", "schema", "--report", "apply"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
