"""Read a cluster file into a validated model, with errors that point into the file."""

from __future__ import annotations

import os
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydantic
from pydantic import BaseModel

from railyard.config.model import ClusterBase
from railyard.config.yaml_positions import LoadedYaml, load_yaml_file
from railyard.errors import RailyardError
from railyard.platforms import NAMES, PLATFORMS

MAX_ERRORS_SHOWN = 10


@dataclass(frozen=True)
class LoadedCluster:
    cluster: ClusterBase
    path: Path
    yaml: LoadedYaml

    @property
    def base_dir(self) -> Path:
        return self.path.parent

    def where(self, path: tuple[str | int, ...]) -> str:
        return self.yaml.where(path)


def load_cluster(path: Path) -> LoadedCluster:
    loaded = load_yaml_file(path, display=_display(path))
    if not isinstance(loaded.data, dict):
        raise RailyardError(
            "the cluster file must be a YAML mapping",
            where=loaded.source,
            hint="start from `railyard init --platform aws`",
        )
    platform = loaded.data.get("platform")
    entry = PLATFORMS.get(platform) if isinstance(platform, str) else None
    if entry is None:
        raise RailyardError(
            f"platform must be one of: {', '.join(NAMES)} "
            f"({'it is missing' if platform is None else f'not {platform!r}'})",
            where=loaded.where(("platform",)),
            hint="fix the cluster file; `railyard schema` prints every field it takes",
        )
    model = entry.load_model()
    try:
        cluster = model.model_validate(loaded.data)
    except pydantic.ValidationError as error:
        raise _explain(error, loaded, model) from None
    return LoadedCluster(cluster=cluster, path=path.resolve(), yaml=loaded)


def sandbox_enabled(cluster: ClusterBase, flag: bool) -> bool:
    """--sandbox, RAILYARD_SANDBOX=1 (typer folds it into the flag) or `sandbox: true`."""
    return flag or cluster.sandbox or os.environ.get("RAILYARD_SANDBOX", "") in ("1", "true")


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _explain(
    error: pydantic.ValidationError, loaded: LoadedYaml, model: type[ClusterBase]
) -> RailyardError:
    issues = error.errors(include_url=False)
    located = []
    for issue in issues:
        loc = tuple(issue["loc"])
        if loc and loc[-1] == "[key]":  # a bad mapping key: point at the key itself
            loc = loc[:-1]
        located.append((loaded.line_of(loc), loc, issue))
    located.sort(key=lambda item: item[0])
    lines = [
        f"{loaded.where(loc)}: {_dotted(loc) or 'cluster file'}: {_message(issue, loc, model)}"
        for _, loc, issue in located[:MAX_ERRORS_SHOWN]
    ]
    if len(issues) > MAX_ERRORS_SHOWN:
        lines.append(f"... and {len(issues) - MAX_ERRORS_SHOWN} more")
    return RailyardError(
        "\n".join(lines),
        hint="fix the cluster file; `railyard schema` prints every field it takes",
    )


def _dotted(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _message(issue: Any, loc: tuple[Any, ...], model: type[ClusterBase]) -> str:
    kind = issue["type"]
    ctx = issue.get("ctx") or {}
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, loc[:-1])
        return "unknown field" + (f"; allowed here: {', '.join(allowed)}" if allowed else "")
    if kind == "greater_than_equal":
        return f"must be >= {ctx['ge']}"
    if kind == "less_than_equal":
        return f"must be <= {ctx['le']}"
    if kind == "literal_error":
        return f"must be one of: {ctx['expected'].replace(chr(39), '')}"
    if kind == "string_pattern_mismatch":
        return f"{issue['input']!r} is not allowed: it must match {ctx['pattern']}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "must be a whole number"
    if kind in ("bool_type", "bool_parsing"):
        return "must be true or false"
    if kind in ("float_type", "float_parsing"):
        return "must be a number"
    if kind == "finite_number":
        return "must be a finite number (not .inf or .nan)"
    if kind == "string_too_long":
        return f"is longer than {ctx['max_length']} characters"
    if kind == "string_type":
        return "must be a string"
    if kind == "list_type":
        return "must be a list"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "must be a mapping"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s)"
    if kind == "value_error":
        return str(issue["msg"]).removeprefix("Value error, ")
    return str(issue["msg"])


def _allowed_fields(cluster_model: type[ClusterBase], loc: tuple[Any, ...]) -> list[str]:
    """The field names the model at `loc` accepts, for 'unknown field' messages."""
    model: Any = cluster_model
    for part in loc:
        if model is None:
            return []
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        model = _model_in(field.annotation) if field else None
    return sorted(model.model_fields) if model else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) in (
        list,
        typing.Union,
    ):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found:
                return found
    return None
