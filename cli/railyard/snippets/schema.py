"""Read a YAML document against a small schema, naming file:line:col on every error.

The schema is plain data (Scalar, Seq, Fields, Unsupported). `read()` walks the composed
YAML node tree with it and returns plain Python values; nothing downstream needs positions
because every check happens here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from railyard.config.yaml_positions import compose, construct_scalar
from railyard.errors import RailyardError

# A check returns an error message for a bad value, or None.
Check = Callable[[Any], str | None]


@dataclass(frozen=True)
class Scalar:
    kind: type
    check: Check | None = None


@dataclass(frozen=True)
class Seq:
    item: Spec


@dataclass(frozen=True)
class Fields:
    fields: Mapping[str, Spec]
    required: frozenset[str] = frozenset()
    at_most_one: frozenset[str] = frozenset()
    check: Check | None = None  # on the whole mapping, for rules across keys


@dataclass(frozen=True)
class Unsupported:
    """A key the source format has but railyard cannot express; `why` says what to do."""

    why: str


Spec = Scalar | Seq | Fields | Unsupported


@dataclass(frozen=True)
class Source:
    name: str
    line_offset: int = 0

    def where(self, mark: yaml.Mark | None) -> str:
        if mark is None:
            return self.name
        return f"{self.name}:{mark.line + 1 + self.line_offset}:{mark.column + 1}"


_OCTAL_0O = re.compile(r"0o[0-7]+")
_constructor = yaml.constructor.SafeConstructor()


def _check_mode(value: int) -> str | None:
    if not 0 <= value <= 0o7777:
        return f"file mode {value} (octal {value:o}) is outside 0 to 07777"
    return None


# YAML gives ints for both 420 and 0644; we also accept 0o644 (YAML 1.2, as Butane does).
MODE = Scalar(int, _check_mode)


def parse(text: str, source: Source) -> yaml.Node:
    """Compose one YAML document (refusing hostile YAML, see config/yaml_positions.py);
    errors point at their line and column."""
    node = compose(text, source.where)
    if node is None:
        raise RailyardError("the snippet is empty", where=source.name)
    return node


def _type_name(kind: type) -> str:
    return {str: "a string", int: "a number", bool: "true or false"}[kind]


def _scalar(node: yaml.Node, spec: Scalar, source: Source, path: str) -> Any:
    where = source.where(node.start_mark)
    if not isinstance(node, yaml.ScalarNode):
        raise RailyardError(f"{path} must be {_type_name(spec.kind)}", where=where)
    value = construct_scalar(node, _constructor, source.where)
    if spec.kind is int and node.style is None and _OCTAL_0O.fullmatch(str(node.value)):
        value = int(str(node.value)[2:], 8)
    if spec.kind is str and node.tag != "tag:yaml.org,2002:str" and value is not None:
        value = str(node.value)  # a bare 12 or true where text is wanted: keep what was written
    if type(value) is not spec.kind:
        shown = f"the string {value!r}" if isinstance(value, str) else repr(value)
        raise RailyardError(
            f"{path} must be {_type_name(spec.kind)}, not {shown}",
            where=where,
            hint="file modes are numbers: decimal (420) or octal with a leading zero (0644)"
            if path.endswith(".mode")
            else None,
        )
    if spec.check is not None:
        problem = spec.check(value)
        if problem:
            raise RailyardError(f"{path}: {problem}", where=where)
    return value


def read(node: yaml.Node, spec: Spec, source: Source, path: str = "") -> Any:
    """Check `node` against `spec`; return plain Python values (dicts, lists, scalars)."""
    where = source.where(node.start_mark)
    if isinstance(spec, Unsupported):
        raise RailyardError(f"{path} is not supported", where=where, hint=spec.why)
    if isinstance(spec, Scalar):
        return _scalar(node, spec, source, path)
    if isinstance(spec, Seq):
        if not isinstance(node, yaml.SequenceNode):
            raise RailyardError(f"{path} must be a list", where=where)
        return [read(item, spec.item, source, f"{path}[{i}]") for i, item in enumerate(node.value)]
    if not isinstance(node, yaml.MappingNode):
        raise RailyardError(f"{path or 'the snippet'} must be a mapping of keys", where=where)
    values: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        key_path = f"{path}.{key}" if path else key
        key_where = source.where(key_node.start_mark)
        if key not in spec.fields:
            known = ", ".join(sorted(spec.fields))
            raise RailyardError(
                f"unknown key {key_path!r}", where=key_where, hint=f"known keys here: {known}"
            )
        if key in values:
            raise RailyardError(f"duplicate key {key_path!r}", where=key_where)
        values[key] = read(value_node, spec.fields[key], source, key_path)
    clashing = sorted(spec.at_most_one & values.keys())
    if len(clashing) > 1:
        raise RailyardError(
            f"{path} has {' and '.join(clashing)}; give only one of them", where=where
        )
    missing = sorted(spec.required - values.keys())
    if missing:
        raise RailyardError(f"{path or 'the snippet'} needs {', '.join(missing)}", where=where)
    problem = spec.check(values) if spec.check else None
    if problem:
        raise RailyardError(f"{path}: {problem}", where=where)
    return values


def top_keys(node: yaml.Node) -> dict[str, yaml.Node]:
    """The top-level mapping's keys -> value nodes (empty when it is not a mapping)."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): v for k, v in node.value}
