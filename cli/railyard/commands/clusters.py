"""`railyard clusters [DIR]`: the cluster files under a directory, for people (a table) and
for CI (`--format json`: one line a GitHub Actions matrix takes as `include`).

A cluster file is a YAML file with a top-level `platform:` key whose document is a mapping
with a string `name` and `platform`. Snippets and other YAML are passed over without being
parsed; a file that has `platform:` but is not valid YAML is an error, so a broken cluster
file never drops silently out of a nightly matrix. Hidden directories (.git, .railyard
workspaces, .terraform) are not searched. `--shard I/N` keeps every N-th file from the I-th
(1-based), for CI systems that run N parallel copies of one job (GitLab's `parallel: N`).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from railyard.config.yaml_positions import load_yaml_file
from railyard.errors import RailyardError

_TOP_LEVEL_PLATFORM = re.compile(rb"^platform\s*:", re.MULTILINE)
_SLUG_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class ClusterFile:
    path: str  # as found under DIR, e.g. clusters/prod/cluster.yaml
    name: str
    platform: str
    slug: str  # the path as one safe word (artifact and job names): clusters-prod-cluster


def find_clusters(directory: Path) -> list[ClusterFile]:
    if not directory.is_dir():
        raise RailyardError(f"not a directory: {directory}", hint="pass the fleet's directory")
    found = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.endswith((".yaml", ".yml")):
                cluster = _cluster_file(Path(root) / name)
                if cluster is not None:
                    found.append(cluster)
    return sorted(found, key=lambda c: c.path)


def _cluster_file(path: Path) -> ClusterFile | None:
    try:
        head = path.read_bytes()
    except OSError:
        return None
    if not _TOP_LEVEL_PLATFORM.search(head):
        return None
    data = load_yaml_file(path).data  # syntax errors: RailyardError at file:line:col
    if not isinstance(data, dict):
        return None
    name, platform = data.get("name"), data.get("platform")
    if not isinstance(name, str) or not isinstance(platform, str):
        return None
    slug = _SLUG_UNSAFE.sub("-", path.with_suffix("").as_posix()).strip("-.")
    return ClusterFile(path=path.as_posix(), name=name, platform=platform, slug=slug)


def shard(clusters: list[ClusterFile], spec: str) -> list[ClusterFile]:
    match = re.fullmatch(r"(\d+)/(\d+)", spec)
    index, total = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
    if not 1 <= index <= total:
        raise RailyardError(
            f"--shard must be I/N with 1 <= I <= N, not {spec!r}",
            hint='in GitLab: --shard "$CI_NODE_INDEX/$CI_NODE_TOTAL"',
        )
    return clusters[index - 1 :: total]


def clusters(directory: Path, fmt: str, shard_spec: str | None) -> None:
    found = find_clusters(directory)
    if shard_spec is not None:
        found = shard(found, shard_spec)
    if fmt == "json":
        print(json.dumps([asdict(c) for c in found], separators=(",", ":")))
    elif fmt == "paths":
        print("".join(f"{c.path}\n" for c in found), end="")
    else:
        _print_table(found, directory)


def _print_table(found: list[ClusterFile], directory: Path) -> None:
    from railyard.console import stdout
    from railyard.report.table import Column, print_table

    if not found:
        stdout.print(f"No cluster files under {directory}.", markup=False)
        return
    print_table(
        stdout,
        [Column("path"), Column("name"), Column("platform")],
        [[c.path, c.name, c.platform] for c in found],
        show_edge=False,
    )
