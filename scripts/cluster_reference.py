"""Generate the README's cluster file reference from the pydantic models.

`python scripts/cluster_reference.py --write` rewrites the section of README.md between the
reference markers; tests/unit/test_readme.py fails when the README is out of date.
"""

from __future__ import annotations

import sys
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from railyard.config.model import ClusterBase, WorkerPool
from railyard.platforms import PLATFORMS

README = Path(__file__).resolve().parent.parent / "README.md"
START = "<!-- cluster-reference:start -->"
END = "<!-- cluster-reference:end -->"


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Literal:
        return " \\| ".join(str(a) for a in args)
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin in (types.UnionType, typing.Union):
        return " or ".join(_type_name(a) for a in args if a is not type(None)) + (
            " (optional)" if type(None) in args else ""
        )
    if origin is list:
        return f"list of {_type_name(args[0])}"
    if origin is dict:
        return f"map of {_type_name(args[1])}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"`{annotation.__name__}`"
    return getattr(annotation, "__name__", str(annotation))


def _default(field: FieldInfo) -> str:
    if field.is_required():
        return "**required**"
    value = field.get_default(call_default_factory=True)
    if isinstance(value, BaseModel):
        return "see below"
    return f"`{value!r}`" if value not in ([], {}, None) else f"`{value}`"


def _nested(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [found for arg in typing.get_args(annotation) for found in _nested(arg)]


def _with_nested(model: type[BaseModel], found: dict[str, type[BaseModel]]) -> None:
    """`model` and every model its fields hold, depth first, each once."""
    found.setdefault(model.__name__, model)
    for field in model.model_fields.values():
        for nested in _nested(field.annotation):
            if nested.__name__ not in found:
                _with_nested(nested, found)


def _table(model: type[BaseModel], skip: set[str] | None = None) -> str:
    rows = ["| field | type | default | description |", "| --- | --- | --- | --- |"]
    for name, field in model.model_fields.items():
        if skip and name in skip:
            continue
        description = (field.description or "").replace("|", "\\|")
        rows.append(
            f"| `{name}` | {_type_name(field.annotation)} | {_default(field)} | {description} |"
        )
    return "\n".join(rows)


def reference() -> str:
    shared: dict[str, type[BaseModel]] = {}
    _with_nested(ClusterBase, shared)
    parts = ["### Every platform", _table(ClusterBase, skip={"platform"})]
    parts += [
        f"#### `{name}`\n\n{_table(model)}"
        for name, model in shared.items()
        if model is not ClusterBase
    ]
    for platform, entry in PLATFORMS.items():
        cluster = entry.load_model()
        own: dict[str, type[BaseModel]] = {}
        for name in set(cluster.model_fields) - set(ClusterBase.model_fields):
            for model in _nested(cluster.model_fields[name].annotation):
                _with_nested(model, own)
        pool = _nested(cluster.model_fields["worker_pools"].annotation)[0]
        if pool is not WorkerPool:
            own[pool.__name__] = pool
        parts.append(f"### `platform: {platform}`")
        for name, model in own.items():
            skip = set(WorkerPool.model_fields) if model is pool else None
            title = f"`{name}` (adds to `WorkerPool`)" if model is pool else f"`{name}`"
            parts.append(f"#### {title}\n\n{_table(model, skip)}")
    return "\n\n".join(parts)


def readme_with_reference(text: str) -> str:
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n\n{reference()}\n\n{END}{tail}"


if __name__ == "__main__":
    current = README.read_text()
    wanted = readme_with_reference(current)
    if "--write" in sys.argv:
        README.write_text(wanted)
    else:
        print(reference())
