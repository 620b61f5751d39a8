"""Render a cluster with 100 worker pools and 1,000 nodes (target: under 0.5 s).

Measures what `railyard render` does after start-up: load and validate the cluster file,
then write the workspace (templates, tfvars, module snapshot). The baseline for the ratio
is reading and YAML-parsing the same file with PyYAML alone.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from timing import median_seconds

from railyard.config.load import load_cluster
from railyard.workspace.render import render

POOLS = 100
NODES_PER_POOL = 10
RUNS = 7


def cluster_file(directory: Path) -> Path:
    pools = [
        {
            "name": f"pool-{index:03d}",
            "count": NODES_PER_POOL,
            "labels": {"example.com/pool": f"pool-{index:03d}"},
            "taints": [f"dedicated=pool-{index:03d}:NoSchedule"],
            "instance_type": "m6i.large",
        }
        for index in range(POOLS)
    ]
    document = {
        "name": "bench",
        "platform": "aws",
        "ssh_authorized_keys": ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIbench bench"],
        "aws": {"region": "eu-central-1", "dns_zone": "example.com", "dns_zone_id": "Z123BENCH"},
        "controllers": {"count": 3},
        "worker_pools": pools,
    }
    path = directory / "cluster.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        path = cluster_file(Path(scratch))
        workdir = Path(scratch) / "workspace"
        nodes = POOLS * NODES_PER_POOL
        baseline = median_seconds(lambda: yaml.safe_load(path.read_text()), RUNS)
        measured = median_seconds(lambda: render(load_cluster(path), workdir, {}), RUNS)
    print(f"cluster: {POOLS} worker pools, {nodes} worker nodes, 3 controllers")
    print(f"yaml.safe_load alone: {baseline * 1000:7.1f} ms")
    print(f"load + render:        {measured * 1000:7.1f} ms (median of {RUNS})")
    print(f"ratio to parsing:     {measured / baseline:7.2f}x")
    print(f"target: under 500 ms {'OK' if measured < 0.5 else 'OVER'}")


if __name__ == "__main__":
    main()
