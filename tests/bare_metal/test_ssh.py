"""The SSH step against real hosts: network namespaces running Debian's OpenSSH server with
a `core` user. The whole bare-metal workspace is applied (matchbox from the sandbox, the real
hashicorp/null provisioners): kubeconfig and controller PKI land on each machine with the
right contents, modes and owner, the bootstrap starts on the first controller, a machine
that is still installing fails by name after the timeout and converges once it answers, and
a connection cut mid-copy leaves no half-written file."""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TERRAFORMS

from .conftest import Workspace, example_cluster, newest_terraform, render_workspace
from .hosts import Host, run

pytestmark = pytest.mark.slow

MakeHosts = Callable[..., list[Host]]
CONTROLLER_MAC = "52:54:00:a1:9c:ae"
WORKER_MAC = "52:54:00:b2:2f:86"
APPLY = ("apply", "-input=false", "-auto-approve", "-no-color")
# Files the controller gets; contents checked against terraform's own values below.
CONTROLLER_ONLY = (
    "/etc/kubernetes/pki/ca.key",
    "/etc/kubernetes/pki/ca.crt",
    "/etc/kubernetes/admin.conf",
    "/etc/ssl/etcd/peer.key",
    "/etc/etcd/etcd.env",
    "/opt/bootstrap/apply",
)
KUBECONFIG = "/etc/kubernetes/bootstrap-kubeconfig"


def workspace_for(
    tmp_path: Path, ssh_key: tuple[Path, str], controller: Host, worker: Host, timeout: str
) -> Workspace:
    cluster = example_cluster(
        tmp_path / "cluster",
        top={"ssh_authorized_keys": [ssh_key[1]]},
        controllers=[
            {"name": controller.name, "mac": CONTROLLER_MAC, "domain": controller.address}
        ],
        workers=[{"name": worker.name, "mac": WORKER_MAC, "domain": worker.address}],
        snippets={},
        labels={},
        taints={},
        ssh_private_key_file=str(ssh_key[0]),
        ssh_timeout=timeout,
    )
    terraform = newest_terraform(TERRAFORMS)
    return render_workspace(cluster, tmp_path / "work", terraform, tmp_path / "home")


def values(workspace: Workspace) -> dict[str, dict[str, Any]]:
    """address -> values of every resource in the state."""
    found: dict[str, dict[str, Any]] = {}
    modules = [workspace.state()["values"]["root_module"]]
    while modules:
        module = modules.pop()
        found.update({r["address"]: r["values"] for r in module.get("resources", [])})
        modules += module.get("child_modules", [])
    return found


def tree(host: Host) -> dict[str, bytes]:
    """Every file the step may have written on `host`: absolute path -> contents."""
    found = {}
    for top in ("etc/kubernetes", "etc/ssl", "etc/etcd", "opt/bootstrap"):
        base = host.file(f"/{top}")
        if base.is_dir():
            for path in base.rglob("*"):
                if path.is_file():
                    found["/" + str(path.relative_to(host.root / "upper"))] = path.read_bytes()
    return found


def mode_and_owner(host: Host, path: str) -> tuple[str, int, int]:
    stat = host.file(path).stat()
    return oct(stat.st_mode & 0o7777), stat.st_uid, stat.st_gid


def test_assets_reach_each_machine_then_bootstrap_runs_once(
    make_hosts: MakeHosts, ssh_key: tuple[Path, str], tmp_path: Path
) -> None:
    controller, worker = make_hosts("node1", "node2")
    workspace = workspace_for(tmp_path, ssh_key, controller, worker, "30s")
    controller.start()
    worker.start()
    applied = workspace.run(*APPLY)
    assert "railyard: 1 files in place on node2, 1 changed" in applied.stdout

    state = values(workspace)
    bootstrap = "module.cluster.module.bootstrap"
    token = ".".join(
        state[f"{bootstrap}.{kind}.bootstrap_token_{part}"]["result"]
        for kind, part in (("random_string", "id"), ("random_password", "secret"))
    )
    admin = json.loads(workspace.run("output", "-json").stdout)["kubeconfig"]["value"]
    expected = {
        "/etc/kubernetes/pki/ca.key": (
            state[f'{bootstrap}.tls_private_key.ca["kubernetes"]']["private_key_pem"],
            "0o600",
        ),
        "/etc/kubernetes/pki/ca.crt": (
            state[f'{bootstrap}.tls_self_signed_cert.ca["kubernetes"]']["cert_pem"],
            "0o644",
        ),
        "/etc/ssl/etcd/peer.key": (
            state[f'{bootstrap}.tls_private_key.leaf["etcd_peer_0"]']["private_key_pem"],
            "0o600",
        ),
        "/etc/kubernetes/admin.conf": (admin, "0o600"),
    }
    for path, (contents, mode) in expected.items():
        assert controller.file(path).read_text() == contents, path
        assert mode_and_owner(controller, path) == (mode, 0, 0), path
    assert mode_and_owner(controller, "/opt/bootstrap/apply") == ("0o700", 0, 0)
    assert f"https://{controller.address}:2380" in controller.file("/etc/etcd/etcd.env").read_text()

    # every machine: the kubelet's kubeconfig; only controllers: the PKI
    for host in (controller, worker):
        kubeconfig = host.file(KUBECONFIG).read_text()
        assert f"token: {token}" in kubeconfig
        assert mode_and_owner(host, KUBECONFIG) == ("0o600", 0, 0)
        assert all(host.file(p).stat().st_uid == 0 for p in tree(host))
        assert not [p for p in tree(host) if "/.railyard." in p], "temporary files left"
        assert not host.file("/home/core/.railyard/files.sh").exists(), "upload left behind"
    assert set(tree(worker)) == {KUBECONFIG}
    assert len(tree(controller)) > 20

    assert controller.systemctl_calls() == ["0 start bootstrap.service"]
    assert worker.systemctl_calls() == []

    # again: nothing to do, nothing copied, no second bootstrap
    workspace.run("plan", "-input=false", "-detailed-exitcode")
    before = {host.name: tree(host) for host in (controller, worker)}
    kubeconfig_mtime = worker.file(KUBECONFIG).stat().st_mtime_ns
    again = workspace.run(*APPLY)
    assert "files in place" not in again.stdout
    assert controller.systemctl_calls() == ["0 start bootstrap.service"]

    # a new etcd peer key: only the controller's files are copied again
    peer = f'{bootstrap}.tls_private_key.leaf["etcd_peer_0"]'
    changed = workspace.run(*APPLY, f"-replace={peer}")
    assert "files in place on node1" in changed.stdout
    assert "on node2" not in changed.stdout
    assert worker.file(KUBECONFIG).stat().st_mtime_ns == kubeconfig_mtime
    after = tree(controller)
    new_key = values(workspace)[peer]["private_key_pem"]
    assert (
        after["/etc/ssl/etcd/peer.key"].decode()
        == new_key
        != before["node1"]["/etc/ssl/etcd/peer.key"].decode()
    )
    assert controller.systemctl_calls() == ["0 start bootstrap.service"]


def test_machine_still_installing_fails_by_name_then_converges(
    make_hosts: MakeHosts, ssh_key: tuple[Path, str], tmp_path: Path
) -> None:
    controller, worker = make_hosts("node1", "node2")
    workspace = workspace_for(tmp_path, ssh_key, controller, worker, "6s")
    controller.start()  # node2 has no sshd yet: it is still installing

    started = time.monotonic()
    failed = workspace.run(*APPLY, codes=(1,))
    took = time.monotonic() - started
    node2 = 'module.workers["workers"].module.machines["node2"]'
    assert f"{node2}.module.copy_assets[0].null_resource.copy" in failed.stderr
    assert "timeout" in failed.stderr
    assert worker.address in failed.stderr
    assert "node1" not in failed.stderr
    assert took >= 6
    assert controller.file(KUBECONFIG).is_file()
    assert not worker.file(KUBECONFIG).exists()

    worker.start()
    workspace.run(*APPLY)
    assert worker.file(KUBECONFIG).read_bytes() == controller.file(KUBECONFIG).read_bytes()
    workspace.run("plan", "-input=false", "-detailed-exitcode")


def test_connection_cut_mid_copy_leaves_no_half_written_file(
    make_hosts: MakeHosts, ssh_key: tuple[Path, str], tmp_path: Path
) -> None:
    controller, worker = make_hosts("node1", "node2")
    workspace = workspace_for(tmp_path, ssh_key, controller, worker, "30s")
    controller.start()
    worker.start()
    workspace.run(*APPLY)
    first = tree(controller)

    # new controller PKI, sent through a slow link so the upload can be cut half-way
    outside = controller.link
    run(
        "tc",
        "qdisc",
        "add",
        "dev",
        outside,
        "root",
        "tbf",
        "rate",
        "256kbit",
        "burst",
        "4kb",
        "latency",
        "2s",
    )
    upload = controller.file("/home/core/.railyard/files.sh")
    upload.unlink(missing_ok=True)
    result: dict[str, subprocess.CompletedProcess[str]] = {}
    replace = '-replace=module.cluster.module.bootstrap.tls_private_key.ca["etcd"]'
    thread = threading.Thread(
        target=lambda: result.update(done=workspace.run(*APPLY, replace, codes=(0, 1)))
    )
    thread.start()
    deadline = time.monotonic() + 120
    while not (upload.is_file() and upload.stat().st_size > 4096):
        assert time.monotonic() < deadline, "the upload never started"
        time.sleep(0.02)
    controller.cut()
    thread.join(timeout=300)
    assert result["done"].returncode == 1
    assert 'module.cluster.module.controllers["node1"]' in result["done"].stderr
    assert b"files in place" not in upload.read_bytes(), "the upload was not cut half-way"
    assert tree(controller) == first, "a file changed although its upload never completed"
    assert controller.systemctl_calls() == ["0 start bootstrap.service"]

    run("tc", "qdisc", "del", "dev", outside, "root")
    controller.start()
    workspace.run(*APPLY)
    second = tree(controller)
    new_ca = values(workspace)['module.cluster.module.bootstrap.tls_self_signed_cert.ca["etcd"]']
    assert (
        second["/etc/ssl/etcd/ca.crt"].decode()
        == new_ca["cert_pem"]
        != first["/etc/ssl/etcd/ca.crt"].decode()
    )
    assert not [p for p in second if "/.railyard." in p]
