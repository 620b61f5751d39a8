"""A controller's full Ignition (flatcar-node + this module's files and units) validates,
and Ignition itself puts everything where the kubelet and systemd expect it."""

from __future__ import annotations

import re
import shutil
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.node.ignition_tools import apply_config, validate

from .conftest import NAMES

pytestmark = pytest.mark.slow

STATIC_PODS = ("kube-apiserver", "kube-controller-manager", "kube-scheduler")
EXEC = re.compile(r"^Exec\w+=[-@:+!]*(/\S+)", re.MULTILINE)


@pytest.fixture(scope="session")
def applied(cluster: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """cluster name -> scratch root Ignition wrote its first controller's config into."""
    return {
        name: apply_config(cluster[name]["ignition"], tmp_path_factory.mktemp(f"ignition-{name}"))
        for name in NAMES
    }


@pytest.mark.parametrize("name", NAMES)
def test_ignition_validates(cluster: dict[str, Any], name: str, tmp_path: Path) -> None:
    assert validate(cluster[name]["ignition"], tmp_path) == ""


@pytest.mark.parametrize("name", NAMES)
def test_files_land_with_their_modes(
    cluster: dict[str, Any], applied: dict[str, Path], name: str
) -> None:
    root = applied[name]
    files = cluster[name]["controller_files"][0]
    for file in files:
        written = root / file["path"].lstrip("/")
        assert written.read_text() == file["contents"], file["path"]
        assert stat.S_IMODE(written.stat().st_mode) == file["mode"], file["path"]
    for key in (root / "etc/kubernetes/pki").rglob("*.key"):
        assert stat.S_IMODE(key.stat().st_mode) == 0o600, key
    for key in (root / "etc/ssl/etcd").glob("*.key"):
        assert stat.S_IMODE(key.stat().st_mode) == 0o600, key
    manifests = sorted(p.name for p in (root / "etc/kubernetes/manifests").iterdir())
    assert manifests == [f"{pod}.yaml" for pod in STATIC_PODS]
    bootstrap_kubeconfig = (root / "etc/kubernetes/bootstrap-kubeconfig").read_text()
    assert bootstrap_kubeconfig == cluster[name]["kubeconfig_kubelet"]
    assert (root / "opt/bootstrap/apply").stat().st_mode & stat.S_IXUSR


@pytest.mark.parametrize("name", NAMES)
def test_units_land_enabled(cluster: dict[str, Any], applied: dict[str, Path], name: str) -> None:
    root = applied[name]
    units = root / "etc/systemd/system"
    presets = (root / "etc/systemd/system-preset/20-ignition.preset").read_text().split("\n")
    for unit in cluster[name]["controller_units"][0]:
        assert (units / unit["name"]).read_text() == unit["contents"]
        # etcd-rejoin.service is pulled in by etcd-member.service, not enabled on its own.
        assert (f"enable {unit['name']}" in presets) == unit.get("enabled", False)
    bootstrap = (units / "bootstrap.service").read_text()
    assert "ConditionPathExists=!/opt/bootstrap/bootstrap.done" in bootstrap


@pytest.mark.parametrize("name", NAMES)
def test_units_pass_systemd_analyze(applied: dict[str, Path], name: str) -> None:
    root = applied[name]
    for unit in ("etcd-member.service", "etcd-rejoin.service", "bootstrap.service"):
        text = (root / "etc/systemd/system" / unit).read_text()
        for command in EXEC.findall(text):  # the Flatcar image has these; the host lends them
            target = root / command.lstrip("/")
            if not target.exists():
                found = shutil.which(Path(command).name)
                assert found, f"{unit}: {command} is not on this host either"
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(found, target)
        result = subprocess.run(
            ["systemd-analyze", "verify", f"--root={root}", "--recursive-errors=no", unit],
            capture_output=True,
            text=True,
            timeout=60,
        )
        output = (result.stdout + result.stderr).strip()
        assert result.returncode == 0 and not output, f"{unit}:\n{output}"


@pytest.mark.parametrize("name", NAMES)
def test_scripts_parse(applied: dict[str, Path], name: str) -> None:
    for path in ("opt/bootstrap/apply", "opt/etcd/rejoin"):
        script = applied[name] / path
        assert script.stat().st_mode & stat.S_IXUSR, path
        result = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
