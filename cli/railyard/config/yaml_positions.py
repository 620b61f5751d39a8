"""YAML loading that remembers where every value came from.

pydantic reports errors by path (`worker_pools`, 1, `count`); people want
`cluster.yaml:14:7`. The loader composes the YAML node tree once and records the line and
column of each path, and refuses duplicate keys (PyYAML would silently keep the last).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from railyard.errors import RailyardError

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


@dataclass(frozen=True)
class LoadedYaml:
    data: Any
    positions: dict[Path_, Position]
    source: str

    def position(self, path: Path_) -> Position | None:
        """Where the deepest recorded prefix of `path` is."""
        for end in range(len(path), -1, -1):
            position = self.positions.get(path[:end])
            if position:
                return position
        return None

    def line_of(self, path: Path_) -> int:
        position = self.position(path)
        return position.line if position else 0

    def where(self, path: Path_) -> str:
        """file:line:col of `path` (or of its deepest recorded parent)."""
        position = self.position(path)
        if position is None:
            return self.source
        return f"{self.source}:{position.line}:{position.column}"


def load_yaml(text: str, source: str) -> LoadedYaml:
    """Parse one YAML document; syntax errors and duplicate keys become RailyardError."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
        problem = error.problem or error.context or "invalid YAML"
        raise RailyardError(
            f"YAML syntax error: {problem}", where=where, hint="fix the YAML syntax"
        ) from None
    if node is None:
        return LoadedYaml(data=None, positions={}, source=source)
    positions: dict[Path_, Position] = {}
    data = _construct(node, (), positions, source, yaml.SafeLoader(""))
    return LoadedYaml(data=data, positions=positions, source=source)


def load_yaml_file(path: Path, display: str | None = None) -> LoadedYaml:
    source = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RailyardError(
            f"file not found: {path}",
            hint="pass the cluster file with -c PATH, or create one with `railyard init`",
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise RailyardError(f"cannot read {path}: {error}") from None
    return load_yaml(text, source)


def _construct(
    node: yaml.Node,
    path: Path_,
    positions: dict[Path_, Position],
    source: str,
    scalars: yaml.SafeLoader,
) -> Any:
    positions[path] = Position(node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = scalars.construct_object(key_node, deep=True)
            if key in result:
                raise RailyardError(
                    f"duplicate key {key!r}",
                    where=f"{source}:{key_node.start_mark.line + 1}:"
                    f"{key_node.start_mark.column + 1}",
                    hint="each key may appear once in a mapping",
                )
            child = (*path, str(key))
            result[key] = _construct(value_node, child, positions, source, scalars)
            # point errors about a key at the key itself, not at its value
            positions[child] = Position(
                key_node.start_mark.line + 1, key_node.start_mark.column + 1
            )
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _construct(item, (*path, index), positions, source, scalars)
            for index, item in enumerate(node.value)
        ]
    return scalars.construct_object(node, deep=True)
