"""Bad bare-metal cluster files fail in `railyard validate` with the file and line of the
mistake; good ones give the platform module absolute paths and each machine's snippets."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from railyard.commands.pipeline import load_snippets
from railyard.config.load import load_cluster
from railyard.config.platforms.bare_metal import BareMetalCluster
from railyard.platforms import platform
from railyard.workspace.tfvars import cluster_tfvars

CLUSTER = """\
name: metal
platform: bare-metal
controllers:
  count: 1
bare_metal:
  matchbox_http_endpoint: http://matchbox.example.com:8080
  matchbox_rpc_endpoint: matchbox.example.com:8081
  matchbox_client_cert: tls/client.crt
  matchbox_client_key: tls/client.key
  matchbox_ca: /etc/matchbox/ca.crt
  k8s_domain_name: node1.example.com
  install_disk: /dev/sda
  controllers:
    - {name: node1, mac: "52:54:00:a1:9c:ae", domain: node1.example.com}
  workers:
    - {name: node2, mac: "52:54:00:b2:2f:86", domain: node2.example.com}
    - {name: node3, mac: "52:54:00:C3:61:77", domain: node3.example.com}
  snippets:
    node3:
      - |
        storage:
          files:
            - path: /etc/motd
              filesystem: root
              contents: {inline: hello}
  labels:
    node2: {example.com/disk: ssd}
"""

# (what to change in CLUSTER, the error's place and message)
MISTAKES = {
    "malformed MAC": (
        ('mac: "52:54:00:b2:2f:86"', 'mac: "52:54:00:b2:2f"'),
        "cluster.yaml:16:21: bare_metal.workers[0].mac: '52:54:00:b2:2f' is not a MAC address",
    ),
    "two machines, one MAC": (
        ('mac: "52:54:00:b2:2f:86"', 'mac: "52:54:00:A1:9C:AE"'),
        "cluster.yaml:15:3: bare_metal.workers: machines 'node1' and 'node2' have the same MAC "
        "52:54:00:a1:9c:ae",
    ),
    "two machines, one name": (
        ("name: node3", "name: node1"),
        "cluster.yaml:15:3: bare_metal.workers: machine name 'node1' is used twice",
    ),
    "snippet for no machine": (
        ("    node3:\n      - |", "    node9:\n      - |"),
        "cluster.yaml:18:3: bare_metal.snippets: 'node9' names no machine; the machines are: "
        "node1, node2, node3",
    ),
    "label for no machine": (
        ("node2: {example.com/disk", "nodes2: {example.com/disk"),
        "cluster.yaml:26:3: bare_metal.labels: 'nodes2' names no machine",
    ),
    "relative install disk": (
        ("install_disk: /dev/sda", "install_disk: sda"),
        "cluster.yaml:12:3: bare_metal.install_disk: 'sda' is not an absolute /dev path",
    ),
    "install disk outside /dev": (
        ("install_disk: /dev/sda", "install_disk: /mnt/disk.img"),
        "cluster.yaml:12:3: bare_metal.install_disk: '/mnt/disk.img' is not an absolute /dev path",
    ),
    "controller count disagrees": (
        ("count: 1", "count: 3"),
        "cluster.yaml:5:1: bare_metal: controllers.count is 3 but bare_metal.controllers lists "
        "1 machine(s)",
    ),
    "worker pools": (
        ("controllers:\n  count: 1", "worker_pools: [{name: general}]\ncontrollers:\n  count: 1"),
        "cluster.yaml:3:1: worker_pools: bare-metal has no worker pools: list machines in "
        "bare_metal.workers",
    ),
    "cached install of current": (
        ("install_disk: /dev/sda", "install_disk: /dev/sda\n  cached_install: true"),
        "cluster.yaml:5:1: bare_metal: cached_install needs a Flatcar release in `version`",
    ),
}


def validate(directory: Path, text: str) -> subprocess.CompletedProcess[str]:
    (directory / "cluster.yaml").write_text(text)
    return subprocess.run(
        [sys.executable, "-m", "railyard", "validate", "-c", "cluster.yaml"],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_mistake_is_reported_at_its_line(mistake: str, tmp_path: Path) -> None:
    (old, new), expected = MISTAKES[mistake]
    assert old in CLUSTER
    done = validate(tmp_path, CLUSTER.replace(old, new, 1))
    assert done.returncode == 1
    assert expected in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_values_for_the_platform_module(tmp_path: Path) -> None:
    absolute_ca = tmp_path / "etc" / "ca.crt"  # an absolute path stays as it is
    (tmp_path / "cluster.yaml").write_text(
        CLUSTER.replace(
            "install_disk: /dev/sda", "install_disk: /dev/disk/by-id/wwn-0x5000:c500.1"
        ).replace("/etc/matchbox/ca.crt", str(absolute_ca))
    )
    # outside the sandbox, terraform's providers read these files: they must exist
    for name in ("tls/client.crt", "tls/client.key", "keys/id_ed25519", "etc/ca.crt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    loaded = load_cluster(tmp_path / "cluster.yaml")
    cluster = loaded.cluster
    assert isinstance(cluster, BareMetalCluster)
    snippets = load_snippets(loaded)
    entry = platform("bare-metal")
    values = cluster_tfvars(loaded, snippets, entry, sandbox=False)
    assert values["copy_assets"] is True
    # the sandbox has no machines to reach over SSH
    assert cluster_tfvars(loaded, snippets, entry, sandbox=True)["copy_assets"] is False
    base = tmp_path.resolve()
    assert values["matchbox_client_cert"] == str(base / "tls/client.crt")
    assert values["matchbox_client_key"] == str(base / "tls/client.key")
    assert values["matchbox_ca"] == str(absolute_ca)
    assert values["ssh_private_key_file"] == ""  # the ssh-agent
    keyed = cluster.bare_metal.model_copy(update={"ssh_private_key_file": "keys/id_ed25519"})
    with_key = cluster.model_copy(update={"bare_metal": keyed})
    with_key_loaded = dataclasses.replace(loaded, cluster=with_key)
    with_key_values = cluster_tfvars(with_key_loaded, snippets, entry, sandbox=False)
    assert with_key_values["ssh_private_key_file"] == str(base / "keys/id_ed25519")
    assert values["workers"][1]["mac"] == "52:54:00:c3:61:77"  # matchbox compares lowercase
    ignition = json.loads(values["snippets"]["node3"][0])
    assert ignition["ignition"]["version"].startswith("3.")
    assert ignition["storage"]["files"][0]["path"] == "/etc/motd"
    assert ("bare_metal", "snippets", "node3", 0) in dict(cluster.snippet_refs())
    assert values["install_disk"] == "/dev/disk/by-id/wwn-0x5000:c500.1"
