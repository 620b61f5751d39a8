"""Users' node snippets (Container Linux Config or Butane) -> Ignition 3.3.0 fragments.

The flatcar-node Terraform module merges each fragment through `ignition.config.merge`,
so Ignition's own merge rules decide how a snippet combines with the node's config.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from railyard.config.reading import SNIPPET_FILE_LIMIT, read_text, resolve_inside
from railyard.errors import RailyardError
from railyard.snippets import butane, clc
from railyard.snippets.schema import Source, parse, top_keys

__all__ = ["load", "to_ignition"]

_WHERE = re.compile(r"(?P<file>.*?):(?P<line>\d+)(?::\d+)?")


def to_ignition(text: str, source: str, line_offset: int = 0) -> dict[str, Any]:
    """Detect CLC vs Butane, validate, transpile to an Ignition 3.3.0 fragment.

    Errors are RailyardError(where=f"{source}:{line}:{col}"), line counted in `text` plus
    `line_offset` (inline snippets pass the line their YAML block starts after).
    """
    where = Source(source, line_offset)
    node = parse(text, where)
    if "variant" in top_keys(node) or "version" in top_keys(node):
        return butane.transpile(node, where)
    return clc.transpile(node, where)


def dumps(config: dict[str, Any]) -> str:
    """Compact, deterministic JSON: the same snippet always renders the same bytes."""
    return json.dumps(config, sort_keys=True, separators=(",", ":"))


def load(ref: str, base_dir: Path, where: str) -> str:
    """Ignition JSON text for one snippet reference from a cluster file.

    `ref` is inline snippet text when it contains a newline (errors then point into the
    cluster file: `where` is "file:line[:col]" of the YAML block holding it), otherwise a
    path relative to `base_dir`.
    """
    if "\n" in ref:
        match = _WHERE.fullmatch(where)
        source, offset = (match["file"], int(match["line"])) if match else (where, 0)
        return dumps(to_ignition(ref, source, offset))
    path = resolve_inside(ref, base_dir, what="snippet file", where=where)
    if not path.exists():
        raise RailyardError(
            f"snippet file {ref!r} does not exist (looked for {path})",
            where=where,
            hint="snippet paths are relative to the cluster file's directory; fix the path, "
            "or write the snippet inline as a YAML block (key: |)",
        )
    text = read_text(path, limit=SNIPPET_FILE_LIMIT, what="snippet file", where=where)
    return dumps(to_ignition(text, str(path)))
