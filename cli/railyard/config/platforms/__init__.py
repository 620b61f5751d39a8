"""Each platform's cluster-file model, one module per platform; the registry
(railyard.platforms) names them, and this is the whole cluster file built from them."""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import Field, TypeAdapter

from railyard.platforms import PLATFORMS


def cluster_json_schema() -> dict[str, Any]:
    """The JSON Schema of the cluster file: one of the platforms' models, by `platform`.
    (Loading validates against the named platform's model only.)"""
    models = tuple(entry.load_model() for entry in PLATFORMS.values())
    cluster: Any = Annotated[Union[models], Field(discriminator="platform")]  # noqa: UP007
    found: dict[str, Any] = TypeAdapter(cluster).json_schema()
    return found
