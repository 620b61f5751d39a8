"""`railyard schema`: the cluster file's JSON Schema, for editors."""

from __future__ import annotations

import json

from pydantic import TypeAdapter

from railyard.config.platforms import Cluster


def schema() -> None:
    document = TypeAdapter(Cluster).json_schema()
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "railyard cluster file",
        **document,
    }
    print(json.dumps(document, indent=2, sort_keys=True))
