"""`railyard clusters`: which files are cluster files, the formats, sharding, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from railyard.commands.clusters import ClusterFile, find_clusters, shard
from railyard.errors import RailyardError
from tests.conftest import REPO


def fleet(root: Path) -> Path:
    (root / "prod" / "snippets").mkdir(parents=True)
    (root / "prod" / "cluster.yaml").write_text("name: prod\nplatform: aws\n")
    (root / "prod" / "snippets" / "a.yaml").write_text("storage:\n  files: []\n")
    (root / "lab" / ".railyard" / "lab").mkdir(parents=True)
    (root / "lab" / "metal.yml").write_text("# lab\nplatform: bare-metal\nname: lab\n")
    (root / "lab" / ".railyard" / "lab" / "copy.yaml").write_text("name: x\nplatform: aws\n")
    (root / "lab" / "values.yaml").write_text("image: {{ .Values.image }}\n")  # not YAML
    (root / "lab" / "nested.yaml").write_text("spec:\n  platform: aws\n  name: n\n")
    return root


def test_finds_cluster_files_only(tmp_path: Path) -> None:
    found = find_clusters(fleet(tmp_path / "fleet"))
    base = (tmp_path / "fleet").as_posix()
    assert found == [
        ClusterFile(f"{base}/lab/metal.yml", "lab", "bare-metal", found[0].slug),
        ClusterFile(f"{base}/prod/cluster.yaml", "prod", "aws", found[1].slug),
    ]
    assert found[1].slug.endswith("fleet-prod-cluster") and "/" not in found[1].slug


def test_a_broken_cluster_file_is_an_error_with_its_line(tmp_path: Path) -> None:
    root = fleet(tmp_path / "fleet")
    (root / "prod" / "cluster.yaml").write_text("name: prod\nplatform: aws\nworkers: [\n")
    with pytest.raises(RailyardError) as error:
        find_clusters(root)
    assert error.value.where is not None and "prod/cluster.yaml:4" in error.value.where


def test_shards_cover_every_cluster_once() -> None:
    clusters = [ClusterFile(f"c{i}.yaml", f"c{i}", "aws", f"c{i}") for i in range(7)]
    shards = [shard(clusters, f"{i}/3") for i in (1, 2, 3)]
    assert sorted(c.name for part in shards for c in part) == sorted(c.name for c in clusters)
    assert [len(part) for part in shards] == [3, 2, 2]
    for bad in ("0/3", "4/3", "1-3", ""):
        with pytest.raises(RailyardError):
            shard(clusters, bad)


def _railyard(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "railyard", *args], cwd=cwd, capture_output=True, text=True
    )


def test_formats(tmp_path: Path) -> None:
    fleet(tmp_path / "fleet")
    as_json = _railyard("clusters", "fleet", "--format", "json", cwd=tmp_path)
    assert as_json.returncode == 0 and as_json.stdout.count("\n") == 1  # one line: $GITHUB_OUTPUT
    assert [c["path"] for c in json.loads(as_json.stdout)] == [
        "fleet/lab/metal.yml",
        "fleet/prod/cluster.yaml",
    ]
    paths = _railyard("clusters", "fleet", "--format", "paths", "--shard", "2/2", cwd=tmp_path)
    assert paths.stdout == "fleet/prod/cluster.yaml\n"
    table = _railyard("clusters", cwd=tmp_path / "fleet")
    assert table.stdout.splitlines()[2].split() == ["lab/metal.yml", "lab", "bare-metal"]
    assert "\x1b" not in table.stdout


def test_examples_are_a_fleet() -> None:
    platforms = {c.platform for c in find_clusters(REPO / "examples")}
    assert {"aws", "bare-metal"} <= platforms
