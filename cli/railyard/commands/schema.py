"""`railyard schema`: the cluster file's JSON Schema, for editors."""

from __future__ import annotations

import json

from railyard.config.platforms import cluster_json_schema


def schema() -> None:
    document = cluster_json_schema()
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "railyard cluster file",
        **document,
    }
    print(json.dumps(document, indent=2, sort_keys=True))
