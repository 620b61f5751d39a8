"""JSON Schemas of railyard's machine reports: `plan --json`, `status --json`,
`drift --format json`. `railyard schema --report NAME` prints them; the tests validate real
reports against them.

Each report carries `schema_version`. It goes up when a field is removed or changes meaning;
new fields may appear without a bump, so consumers should ignore what they do not know.
"""

from __future__ import annotations

from typing import Any

SCHEMA_VERSION = 1
DIALECT = "https://json-schema.org/draft/2020-12/schema"

_STRING = {"type": "string"}
_COUNT = {"type": "integer", "minimum": 0}
_STRINGS = {"type": "array", "items": _STRING}


def _document(title: str, description: str, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "$schema": DIALECT,
        "title": title,
        "description": description,
        "type": "object",
        "required": sorted(["schema_version", *properties]),
        "properties": {"schema_version": {"const": SCHEMA_VERSION}, **properties},
    }


def _plan() -> dict[str, Any]:
    return _document(
        "railyard plan --json",
        "The saved plan's changes by action and module (no values: plans hold secrets).",
        {
            "total": {**_COUNT, "description": "Resources the plan changes."},
            "counts": {
                "type": "object",
                "additionalProperties": _COUNT,
                "description": "Action (create, update, replace, delete, ...) -> count.",
            },
            "by_action": {
                "type": "object",
                "additionalProperties": _STRINGS,
                "description": "Action -> resource addresses, sorted.",
            },
            "by_module": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": _COUNT,
                },
                "description": 'Module address ("" = root module) -> action -> count.',
            },
            "controller_changes": {
                **_STRINGS,
                "description": "Controllers the plan deletes or replaces (etcd members).",
            },
        },
    )


def _status() -> dict[str, Any]:
    node = {
        "type": "object",
        "required": ["role", "name", "address", "id"],
        "properties": {"role": _STRING, "name": _STRING, "address": _STRING, "id": _STRING},
    }
    pool = {
        "type": "object",
        "required": ["name", "count"],
        "properties": {"name": _STRING, "count": _COUNT},
    }
    document = _document(
        "railyard status --json",
        "What the state says the cluster is. Sensitive outputs are listed by name only.",
        {
            "backend": {**_STRING, "description": "Terraform backend type: local, s3, pg, ..."},
            "terraform": {
                "type": "object",
                "required": ["version", "flavor", "state_written_by"],
                "properties": {
                    "version": {**_STRING, "description": 'e.g. "Terraform v1.11.4"'},
                    "flavor": {"enum": ["terraform", "opentofu"]},
                    "state_written_by": {
                        "type": ["string", "null"],
                        "description": "The version that last wrote the state.",
                    },
                },
            },
            "nodes": {"type": "array", "items": node},
            "worker_pools": {"type": "array", "items": pool},
            "resources": {
                "type": "object",
                "required": ["total", "by_type"],
                "properties": {
                    "total": _COUNT,
                    "by_type": {
                        "type": "object",
                        "additionalProperties": _COUNT,
                        "description": 'Resource type ("data.T" for data sources) -> count.',
                    },
                },
            },
            "outputs": {"type": "object", "description": "Non-sensitive root outputs."},
            "sensitive_outputs": _STRINGS,
        },
    )
    document["properties"]["sandbox"] = {
        "type": "object",
        "description": "Only in the sandbox: objects in the fake cloud by type.",
        "required": ["objects_by_type"],
        "properties": {
            "objects_by_type": {"type": "object", "additionalProperties": _COUNT},
        },
    }
    return document


def _drift() -> dict[str, Any]:
    attribute = {
        "type": "object",
        "required": ["path", "before", "after"],
        "properties": {
            "path": {**_STRING, "description": 'e.g. tags["Name"], root_block_device[0].size'},
            "before": {"description": 'In the state; "(sensitive)" when secret.'},
            "after": {"description": 'In the real world; "(sensitive)" when secret.'},
        },
    }
    resource = {
        "type": "object",
        "required": ["address", "action", "attributes"],
        "properties": {
            "address": _STRING,
            "action": {
                **_STRING,
                "description": "update, or delete: gone outside terraform (no attributes).",
            },
            "attributes": {"type": "array", "items": attribute},
        },
    }
    return _document(
        "railyard drift --format json",
        "Resources changed outside terraform, from a refresh-only plan.",
        {
            "drifted": {"type": "boolean"},
            "checked": {**_COUNT, "description": "Managed resources the refresh looked at."},
            "resources": {"type": "array", "items": resource},
        },
    )


REPORTS = {"plan": _plan, "status": _status, "drift": _drift}


def report_schema(name: str) -> dict[str, Any]:
    return REPORTS[name]()
