"""What a stand-in provider does with values: plan, apply and data-source reads.

Pure functions over schema blocks and cty Python values (see cty.py); the gRPC layer in
provider.py only decodes requests, calls these and encodes the answers.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from railyard.sandbox import cty, rules
from railyard.sandbox.cty import UNKNOWN

Block = dict[str, Any]
Path_ = list[str | int]  # an attribute path: names and element keys


@dataclass
class Context:
    """Where a request runs: the sandbox, the provider and its configuration, the type."""

    sandbox_dir: Path
    provider: str  # "hashicorp/aws"
    type_name: str
    provider_config: dict[str, Any] = field(default_factory=dict)
    serial: int = 0  # per-type counter, set on create: seeds deterministic values

    @property
    def region(self) -> str:
        configured = self.provider_config.get("region")
        return str(configured or os.environ.get("AWS_REGION") or "us-east-1")


# A hook computes the attributes a type fills itself (real keys, ids...): (ctx, object) -> values.
Hook = Callable[[Context, dict[str, Any]], dict[str, Any]]


def plan(
    ctx: Context,
    block: Block,
    prior: dict[str, Any] | None,
    proposed: dict[str, Any],
    config: dict[str, Any],
) -> tuple[dict[str, Any], list[Path_]]:
    """The planned new state and the paths whose change forces replacement."""
    # Terraform's proposal keeps prior values of computed attributes; what is still null
    # (everything on create, new nested objects on update) is made by the cloud at apply.
    planned = _unknown_computed(block, proposed)
    if prior is None:
        for name, value in rules.plan_defaults(ctx.type_name).items():
            if planned.get(name) is UNKNOWN:
                planned[name] = value
    _plan_derived(ctx, block, planned, config)
    replace = [] if prior is None else _forcing_replacement(ctx.type_name, block, prior, planned)
    return planned, replace


def _unknown_computed(block: Block, value: dict[str, Any]) -> dict[str, Any]:
    """Computed attributes left null become unknown, in every nested block too."""
    out = dict(value)
    for name, attr in block.get("attributes", {}).items():
        if out.get(name) is None and attr.get("computed"):
            out[name] = UNKNOWN
    for name, nested in block.get("block_types", {}).items():
        out[name] = _each_nested(nested, out.get(name), _unknown_computed)
    return out


def _each_nested(nested: dict[str, Any], value: Any, change: Callable[[Block, Any], Any]) -> Any:
    """Apply `change` to every object of a nested block value, whatever its nesting mode."""
    if value is None or value is UNKNOWN:
        return value
    inner = nested["block"]
    mode = nested["nesting_mode"]
    if mode in ("single", "group"):
        return change(inner, value)
    if mode == "map":
        return {key: change(inner, item) for key, item in value.items()}
    return [change(inner, item) for item in value]


def _plan_derived(
    ctx: Context, block: Block, planned: dict[str, Any], config: dict[str, Any]
) -> None:
    """Computed values known at plan time, as the real providers know them."""
    attrs = block.get("attributes", {})
    if "region" in attrs and planned.get("region") is UNKNOWN:
        planned["region"] = ctx.region
    tags_all = attrs.get("tags_all", {})
    if tags_all.get("computed") and config.get("tags_all") is None:
        tags = planned.get("tags")
        if tags is UNKNOWN or (isinstance(tags, dict) and UNKNOWN in tags.values()):
            planned["tags_all"] = UNKNOWN
        else:
            planned["tags_all"] = {**_default_tags(ctx), **(tags or {})}


def _default_tags(ctx: Context) -> dict[str, str]:
    blocks = ctx.provider_config.get("default_tags") or []
    merged: dict[str, str] = {}
    for entry in blocks:
        merged.update(entry.get("tags") or {})
    return merged


def _forcing_replacement(
    type_name: str, block: Block, prior: dict[str, Any], planned: dict[str, Any]
) -> list[Path_]:
    forcing = rules.force_new(type_name, block)
    attrs: dict[str, Any] = cty.block_type(block)[1]
    return [
        [name]
        for name in sorted(forcing)
        if name in attrs
        # a computed value the cloud never set is made at apply, not a change
        and not (planned.get(name) is UNKNOWN and prior.get(name) is None)
        and not cty.equal(attrs[name], prior.get(name), planned.get(name))
    ]


def apply(
    ctx: Context,
    block: Block,
    planned: dict[str, Any],
    hook: Hook | None,
    generate: Callable[[Context, str, Any, dict[str, Any]], Any],
) -> dict[str, Any]:
    """The object as the cloud made it: every unknown replaced by a real value.

    The type's hook fills what it owns first (keys, certificates, random values); then
    `generate(ctx, name, type, object)` fills the rest, names and ids before the attributes
    that are made from them.
    """
    result = dict(planned)
    if hook is not None:
        wanted = {name for name, value in result.items() if value is UNKNOWN}
        result.update({k: v for k, v in hook(ctx, result).items() if k in wanted})
    return fill_unknowns(ctx, block, result, generate)


_FIRST = ("name", "bucket", "key_name", "id", "arn")


def fill_unknowns(
    ctx: Context,
    block: Block,
    value: dict[str, Any],
    generate: Callable[[Context, str, Any, dict[str, Any]], Any],
) -> dict[str, Any]:
    result = dict(value)
    attrs = block.get("attributes", {})
    order = [n for n in _FIRST if n in attrs] + [n for n in attrs if n not in _FIRST]
    for name in order:
        ty = cty.attribute_type(attrs[name])
        result[name] = _fill_value(ctx, name, ty, result.get(name), result, generate)
    for name, nested in block.get("block_types", {}).items():
        result[name] = _each_nested(
            nested,
            result.get(name),
            lambda inner, item: fill_unknowns(ctx, inner, item, generate),
        )
    return result


def _fill_value(
    ctx: Context,
    name: str,
    ty: Any,
    value: Any,
    obj: dict[str, Any],
    generate: Callable[[Context, str, Any, dict[str, Any]], Any],
) -> Any:
    if value is UNKNOWN:
        return generate(ctx, name, ty, obj)
    if value is None or isinstance(ty, str):
        return value
    kind, arg = ty[0], ty[1]
    if kind in ("list", "set"):
        return [_fill_value(ctx, name, arg, item, obj, generate) for item in value]
    if kind == "map":
        return {k: _fill_value(ctx, name, arg, item, obj, generate) for k, item in value.items()}
    if kind == "object":
        return {k: _fill_value(ctx, k, arg[k], value.get(k), obj, generate) for k in arg}
    return [
        _fill_value(ctx, name, t, item, obj, generate) for t, item in zip(arg, value, strict=True)
    ]


def read_data(
    ctx: Context,
    block: Block,
    config: dict[str, Any],
    answer: Hook | None,
    generate: Callable[[Context, str, Any, dict[str, Any]], Any],
) -> dict[str, Any]:
    """A data source's state: its config with every computed attribute answered."""
    state = _unknown_computed(block, config)
    if answer is not None:
        wanted = {name for name, value in state.items() if value is UNKNOWN}
        state.update({k: v for k, v in answer(ctx, state).items() if k in wanted})
    return fill_unknowns(ctx, block, state, generate)
