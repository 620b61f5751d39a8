"""Fixtures for the bare-metal platform: cluster files made from the example, rendered into
workspaces that run real terraform against the sandbox's matchbox stand-in (and the real
hashicorp/null, whose SSH provisioners reach the test's namespace hosts)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from railyard.commands.pipeline import load_snippets
from railyard.config.load import load_cluster
from railyard.sandbox import prepare
from railyard.workspace.render import render
from tests.conftest import scratch_env

from . import hosts

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bare-metal"


def example_cluster(directory: Path, top: dict[str, Any] | None = None, **bare_metal: Any) -> Path:
    """The example's cluster file (and snippets, matchbox files) copied into `directory`, with
    top-level keys from `top` and `bare_metal` keys replaced; returns the cluster file."""
    shutil.copytree(EXAMPLE, directory, dirs_exist_ok=True)
    path = directory / "cluster.yaml"
    data = yaml.safe_load(path.read_text())
    data.update(top or {})
    data["bare_metal"].update(bare_metal)
    data["controllers"]["count"] = len(data["bare_metal"]["controllers"])
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


@dataclass
class Workspace:
    """A rendered bare-metal workspace, and terraform run in it against the sandbox."""

    terraform: str
    path: Path
    env: dict[str, str]

    def run(self, *args: str, codes: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [self.terraform, f"-chdir={self.path}", *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=600,
        )
        if result.returncode not in codes:
            raise AssertionError(
                f"terraform {' '.join(args)} exited {result.returncode}\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result

    @property
    def sandbox_dir(self) -> Path:
        return self.path / ".sandbox"

    def state(self) -> dict[str, Any]:
        return json.loads(self.run("show", "-json").stdout)  # type: ignore[no-any-return]


def render_workspace(cluster_file: Path, workdir: Path, terraform: str, home: Path) -> Workspace:
    """Render `cluster_file` as `railyard render` does, prepare the sandbox, terraform init."""
    loaded = load_cluster(cluster_file)
    snippets = load_snippets(loaded)
    # Rendered as for real machines (copy_assets as the file says): the SSH tests pair the
    # sandbox's matchbox with real SSH hosts.
    render(loaded, workdir, snippets, sandbox=False)
    env = scratch_env(home, **prepare(workdir / ".sandbox"))
    workspace = Workspace(terraform=terraform, path=workdir, env=env)
    workspace.run("init", "-input=false")
    return workspace


def newest_terraform(terraforms: dict[str, str]) -> str:
    return terraforms[max(terraforms, key=lambda v: tuple(int(p) for p in v.split(".")[:3]))]


@pytest.fixture(scope="session")
def ssh_key(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A test key pair: (private key file, public key line)."""
    directory = tmp_path_factory.mktemp("ssh-key")
    key = directory / "id_ed25519"
    hosts.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "railyard-test", "-f", str(key))
    return key, (directory / "id_ed25519.pub").read_text().strip()


@pytest.fixture
def make_hosts(tmp_path: Path, ssh_key: tuple[Path, str]) -> Iterator[Any]:
    """make_hosts("node1", "node2") -> namespace hosts (sshd not started); all removed after."""
    reason = hosts.preflight()
    if reason:
        pytest.skip(f"SSH hosts: {reason}")
    made: list[hosts.Host] = []

    def make(*names: str) -> list[hosts.Host]:
        for name in names:
            root = tmp_path / "hosts" / name
            root.mkdir(parents=True)
            made.append(hosts.make_host(name, root, ssh_key[1]))
        return made[-len(names) :]

    try:
        yield make
    finally:
        for host in made:
            hosts.remove_host(host)
