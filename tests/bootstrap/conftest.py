"""One sandboxed terraform apply of the bootstrap fixture per terraform version, shared.

The fixture root modules reach the modules by relative path (../../../../terraform/...),
so each run gets a scratch tree shaped like the repository: a copy of the fixture under
tests/bootstrap/fixtures/ and a `terraform` symlink to the real modules. Providers are the
sandbox's functional tls and random stand-ins.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from railyard.sandbox import prepare
from tests.conftest import scratch_env

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

ETCD_OVERRIDE = "registry.k8s.io/etcd:3.5.21-0"

# The clusters the `cluster` fixture builds: flannel with three controllers and every
# input set (coordinated updates on); calico with one controller, aggregation off and
# another Kubernetes release; cilium with five controllers; the last two take the module's
# defaults otherwise.
CLUSTERS: dict[str, dict[str, Any]] = {
    "flannel": {
        "cluster_name": "rail",
        "api_servers": ["api.rail.example.com", "k8s.rail.example.com"],
        "etcd_servers": ["c0.rail.example.com", "c1.rail.example.com", "c2.rail.example.com"],
        "networking": "flannel",
        "pod_cidr": "10.20.0.0/16",
        "service_cidr": "10.30.0.0/20",
        "host_cidr": "192.168.10.0/24",
        "cluster_domain": "k8s.test",
        "kubernetes_version": "v1.36.2",
        "coordinated_updates": True,
        "enable_aggregation": True,
        "certificate_validity_hours": 720,
        "container_images": {"etcd": ETCD_OVERRIDE},
    },
    "calico": {
        "cluster_name": "yard",
        "api_servers": ["api.yard.example.com"],
        "etcd_servers": ["c0.yard.example.com"],
        "networking": "calico",
        "kubernetes_version": "v1.35.4",
        "enable_aggregation": False,
    },
    "cilium": {
        "cluster_name": "depot",
        "api_servers": ["api.depot.example.com"],
        "etcd_servers": [f"c{index}.depot.example.com" for index in range(5)],
        "networking": "cilium",
    },
}
# The module's defaults the calico cluster relies on.
DEFAULTS: dict[str, Any] = {
    "pod_cidr": "10.2.0.0/16",
    "service_cidr": "10.3.0.0/16",
    "cluster_domain": "cluster.local",
    "kubernetes_version": "v1.36.1",
    "coordinated_updates": False,
    "certificate_validity_hours": 8760,
    "enable_aggregation": True,
}


NAMES = tuple(CLUSTERS)


def inputs(cluster: str) -> dict[str, Any]:
    """The cluster's arguments with the module defaults filled in."""
    return {**DEFAULTS, **CLUSTERS[cluster]}


@dataclass
class Root:
    """A fixture root module in a scratch tree, with terraform and a sandbox to run it."""

    terraform: str
    workdir: Path
    env: dict[str, str]

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self.terraform, f"-chdir={self.workdir}", *args, "-no-color"],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=300,
        )

    def check(self, *args: str) -> str:
        result = self.run(*args)
        assert result.returncode == 0, f"terraform {args[0]}:\n{result.stderr}{result.stdout}"
        return result.stdout


def make_root(terraform: str, fixture: str, scratch: Path) -> Root:
    tree = scratch / "tree"
    workdir = tree / "tests" / "bootstrap" / "fixtures" / fixture
    shutil.copytree(FIXTURES / fixture, workdir)
    (tree / "terraform").symlink_to(REPO / "terraform", target_is_directory=True)
    env = scratch_env(scratch / "home", **prepare(scratch / "sandbox"))
    root = Root(terraform, workdir, env)
    root.check("init", "-input=false")
    return root


@pytest.fixture(scope="session")
def cluster_root(terraform_bin: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Root, str]:
    """The cluster fixture applied, and what that apply printed."""
    root = make_root(terraform_bin, "cluster", tmp_path_factory.mktemp("bootstrap"))
    (root.workdir / "terraform.tfvars.json").write_text(json.dumps({"clusters": CLUSTERS}))
    return root, root.check("apply", "-auto-approve", "-input=false")


@pytest.fixture(scope="session")
def cluster(cluster_root: tuple[Root, str]) -> dict[str, Any]:
    """cluster name -> the module's outputs (plus `ignition`: its first controller's config)."""
    outputs = json.loads(cluster_root[0].check("output", "-json"))
    return {name: output["value"] for name, output in outputs.items()}


@pytest.fixture(scope="session")
def inputs_root(terraform_bin: str, tmp_path_factory: pytest.TempPathFactory) -> Root:
    """The bootstrap module alone, initialised, for plans with bad inputs."""
    return make_root(terraform_bin, "inputs", tmp_path_factory.mktemp("bootstrap-inputs"))
