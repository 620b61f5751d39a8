"""`railyard schema`: the cluster file's JSON Schema (for editors), or with `--report NAME`
the schema of a machine report (`plan --json`, `status --json`, `drift --format json`)."""

from __future__ import annotations

import json
from typing import Any


def schema(report: str | None = None) -> None:
    document = _report(report) if report else _cluster_file()
    print(json.dumps(document, indent=2, sort_keys=True))


def _report(name: str) -> dict[str, Any]:
    from railyard.report.schemas import report_schema

    return report_schema(name)


def _cluster_file() -> dict[str, Any]:
    from railyard.config.platforms import cluster_json_schema

    document = cluster_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "railyard cluster file",
        **document,
    }
