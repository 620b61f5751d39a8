"""YAML loading that remembers where every value came from, and refuses hostile YAML.

pydantic reports errors by path (`worker_pools`, 1, `count`); people want
`cluster.yaml:14:7`. The loader composes the YAML node tree once and records the line and
column of each path, and refuses duplicate keys (PyYAML would silently keep the last).

A cluster file or snippet may come from someone else, so the loader also refuses what a
configuration file never needs: nesting deeper than MAX_DEPTH, more than MAX_VALUES values
once aliases are expanded (an "alias bomb" is a few lines), tags outside YAML's core schema
(`!!binary`, `!!timestamp`, `!!set`, custom tags), merge keys (`<<`), and keys that are not
plain text. Dates stay text (no implicit timestamps).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from railyard.config.reading import CLUSTER_FILE_LIMIT, read_text
from railyard.errors import RailyardError

MAX_DEPTH = 32
MAX_VALUES = 100_000
_CORE = "tag:yaml.org,2002:"
CORE_TAGS = frozenset(
    _CORE + name for name in ("str", "int", "float", "bool", "null", "seq", "map")
)
_MERGE = _CORE + "merge"


class _Refused(Exception):
    def __init__(self, problem: str, mark: yaml.Mark | None):
        super().__init__(problem)
        self.problem = problem
        self.mark = mark


class SafeLoader(yaml.SafeLoader):
    """yaml.SafeLoader without timestamps, `=` values or tags beyond the core schema, and
    with a nesting limit checked while composing (PyYAML's composer recurses per level)."""

    yaml_implicit_resolvers = {  # noqa: RUF012 (PyYAML's own class attribute)
        first: [(tag, regexp) for tag, regexp in resolvers if tag in CORE_TAGS or tag == _MERGE]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0
        self.nodes = 0  # composed so far: a long flat list is refused before it is all built

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if not isinstance(event, yaml.AliasEvent):
            tag = getattr(event, "tag", None)
            if tag not in (None, "!") and tag not in CORE_TAGS:
                raise _Refused(
                    f"the tag {tag.replace(_CORE, '!!')} is not allowed: only plain YAML values "
                    "(text, numbers, true/false, null, lists, mappings)",
                    event.start_mark,
                )
        self.depth += 1
        self.nodes += 1
        try:
            if self.nodes > MAX_VALUES:
                raise _Refused(f"more than {MAX_VALUES} values", event.start_mark)
            if self.depth > MAX_DEPTH:
                raise _Refused(f"nesting deeper than {MAX_DEPTH} levels", event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def compose(text: str, where: Where) -> yaml.Node | None:
    """One YAML document's node tree, checked for size once aliases are expanded; every
    problem (syntax, control characters, limits) is a RailyardError at `where(mark)`."""
    try:
        loader = SafeLoader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
        if node is not None:
            _check_expansion(node)
    except _Refused as refused:
        raise RailyardError(
            f"YAML refused: {refused.problem}",
            where=where(refused.mark),
            hint="write plain YAML: no tags, no merge keys, aliases only for small values",
        ) from None
    except yaml.reader.ReaderError as error:
        # error.position indexes the decoded text; say where and which character, not more
        line = text.count("\n", 0, error.position)
        column = error.position - (text.rfind("\n", 0, error.position) + 1)
        raise RailyardError(
            f"YAML cannot hold the control character U+{error.character:04X}"
            if isinstance(error.character, int)
            else "YAML cannot hold this character",
            where=where(yaml.Mark("", error.position, line, column, None, 0)),
            hint="remove it; write special characters as escapes in a double-quoted string",
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = ", ".join(filter(None, (error.context, error.problem))) or "invalid YAML"
        raise RailyardError(
            f"YAML syntax error: {problem}", where=where(mark), hint="fix the YAML syntax"
        ) from None
    except yaml.YAMLError as error:
        raise RailyardError(f"YAML error: {error}", where=where(None)) from None
    return node


def _where(source: str, mark: yaml.Mark | None) -> str:
    return f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_expansion(root: yaml.Node) -> None:
    """Refuse recursive aliases and trees that expand past MAX_VALUES or MAX_DEPTH.

    Iterative, with the size and depth of each shared node computed once: the cost is the
    size of the text, not of the expansion."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    open_nodes: set[int] = set()  # started, not finished: the ancestors of the current node
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        children = _children(node)
        if finished:
            open_nodes.discard(key)
            size[key] = 1 + sum(size[id(child)] for child in children)
            depth[key] = 1 + max((depth[id(child)] for child in children), default=0)
            if size[key] > MAX_VALUES:
                raise _Refused(
                    f"more than {MAX_VALUES} values once aliases are expanded", node.start_mark
                )
            if depth[key] > MAX_DEPTH:
                raise _Refused(
                    f"nesting deeper than {MAX_DEPTH} levels once aliases are expanded",
                    node.start_mark,
                )
            continue
        if key in size:
            continue
        if key in open_nodes:
            raise _Refused("an alias refers to a value that contains it", node.start_mark)
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in children)


Path_ = tuple[str | int, ...]
Where = Callable[[yaml.Mark | None], str]  # "file:line:col" of a mark (or the file)


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
    """Parse one YAML document; syntax errors, refused YAML and duplicate keys become
    RailyardError."""
    node = compose(text, lambda mark: _where(source, mark))
    if node is None:
        return LoadedYaml(data=None, positions={}, source=source)
    positions: dict[Path_, Position] = {}
    data = _construct(node, (), positions, source, SafeLoader(""))
    return LoadedYaml(data=data, positions=positions, source=source)


def load_yaml_file(path: Path, display: str | None = None) -> LoadedYaml:
    source = display or str(path)
    if not path.exists():
        raise RailyardError(
            f"file not found: {path}",
            hint="pass the cluster file with -c PATH, or create one with `railyard init`",
        )
    text = read_text(path, limit=CLUSTER_FILE_LIMIT, what="cluster file")
    return load_yaml(text, source)


def _construct(
    node: yaml.Node,
    path: Path_,
    positions: dict[Path_, Position],
    source: str,
    scalars: SafeLoader,
) -> Any:
    positions[path] = Position(node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _key(key_node, source, scalars)
            if key in result:
                raise RailyardError(
                    f"duplicate key {key!r}",
                    where=_where(source, key_node.start_mark),
                    hint="each key may appear once in a mapping",
                )
            child = (*path, key)
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
    return construct_scalar(node, scalars, lambda mark: _where(source, mark))


def construct_scalar(
    node: yaml.Node, loader: yaml.constructor.BaseConstructor, where: Where
) -> Any:
    """The Python value of a scalar node; an explicit tag that does not fit its text
    (`!!int one`) is an error at the value."""
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, TypeError):
        raise RailyardError(
            f"YAML value error: {node.value!r} is not a valid {node.tag.replace(_CORE, '!!')}",
            where=where(node.start_mark),
        ) from None


def _key(node: yaml.Node, source: str, scalars: SafeLoader) -> str:
    """Mapping keys are plain text: `<<`, lists, mappings, numbers and booleans are not."""
    if node.tag == _MERGE:
        problem = "merge keys (<<) are not supported: write the keys out"
    elif not isinstance(node, yaml.ScalarNode):
        problem = "a key must be plain text, not a list or mapping"
    else:
        key = construct_scalar(node, scalars, lambda mark: _where(source, mark))
        if isinstance(key, str):
            return key
        problem = f"the key {node.value!r} reads as {type(key).__name__}, not text: quote it"
    raise RailyardError(f"YAML refused: {problem}", where=_where(source, node.start_mark))
