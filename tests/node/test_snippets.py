"""Snippets (CLC and Butane) -> Ignition fragments, checked by the real ignition-validate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from railyard.errors import RailyardError
from railyard.snippets import load, to_ignition

from .ignition_tools import read_data_url, validate
from .samples import BUTANE_FULL, BUTANE_REMOTE, CLC_FULL, HELLOWORLD


def _files(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["path"]: f for f in config.get("storage", {}).get("files", [])}


def _units(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {u["name"]: u for u in config.get("systemd", {}).get("units", [])}


@pytest.mark.parametrize("text", [HELLOWORLD, CLC_FULL, BUTANE_FULL, BUTANE_REMOTE])
def test_fragments_pass_ignition_validate(text: str, tmp_path: Path) -> None:
    config = to_ignition(text, "snippet.yaml")
    assert config["ignition"] == {"version": "3.3.0"}
    assert validate(config, tmp_path) == ""


def test_helloworld_dropin_kept_as_written() -> None:
    unit = _units(to_ignition(HELLOWORLD, "s.yaml"))["helloworld.service"]
    assert unit == {
        "name": "helloworld.service",
        "dropins": [
            {"name": "10-helloworld.conf", "contents": "[Install]\nWantedBy=multi-user.target\n"}
        ],
    }


def test_clc_files_modes_and_contents() -> None:
    config = to_ignition(CLC_FULL, "s.yaml")
    files = _files(config)
    motd = files["/etc/motd.d/hello.conf"]
    assert motd["mode"] == 0o644  # octal as written
    assert motd["overwrite"] is True  # Ignition 2 semantics CLC users expect
    assert read_data_url(motd["contents"]) == b"hello from a snippet\n"
    script = files["/opt/tools/run.sh"]
    assert script["mode"] == 493  # decimal as written
    assert script["user"] == {"name": "core"}
    assert read_data_url(script["contents"]) == b"#!/bin/sh\necho 100% done\n"
    network = files["/etc/systemd/network/00-eth0.network"]
    assert read_data_url(network["contents"]).startswith(b"[Match]\nName=eth0\n")
    update = read_data_url(files["/etc/flatcar/update.conf"]["contents"]).decode()
    assert update.splitlines() == [
        "GROUP=beta",
        "REBOOT_STRATEGY=etcd-lock",
        "LOCKSMITHD_REBOOT_WINDOW_START=Thu 04:00",
        "LOCKSMITHD_REBOOT_WINDOW_LENGTH=1h",
    ]
    assert config["storage"]["directories"] == [{"path": "/opt/tools", "mode": 0o750}]
    assert config["storage"]["links"] == [{"path": "/opt/bin/run", "target": "/opt/tools/run.sh"}]
    users = {u["name"]: u for u in config["passwd"]["users"]}
    assert users["core"]["sshAuthorizedKeys"] == ["ssh-ed25519 AAAAsnippetkey snippet@example"]
    assert users["ops"]["groups"] == ["wheel"]
    units = _units(config)
    assert units["tools.service"]["enabled"] is True
    assert units["docker.service"]["dropins"][0]["name"] == "20-env.conf"


def test_butane_remote_source_kept() -> None:
    files = _files(to_ignition(BUTANE_REMOTE, "s.bu"))
    assert files["/etc/remote.conf"]["contents"] == {
        "source": "https://example.com/remote.conf",
        "verification": {"hash": "sha512-" + "00ff" * 32},
    }


def test_butane_maps_to_ignition_names() -> None:
    config = to_ignition(BUTANE_FULL, "s.bu")
    files = _files(config)
    assert files["/etc/motd.d/hello.conf"]["mode"] == 0o644
    assert read_data_url(files["/etc/motd.d/hello.conf"]["contents"]) == b"hello from butane"
    assert "overwrite" not in files["/etc/tools.env"]  # Butane leaves Ignition's default
    assert config["storage"]["directories"] == [{"path": "/opt/tools", "mode": 0o750}]
    assert config["passwd"]["users"][0]["sshAuthorizedKeys"] == [
        "ssh-ed25519 AAAAbutanekey butane@example"
    ]


BAD = [
    pytest.param(
        "systemd:\n  units:\n  - name: helloworld\n",
        "s.yaml:3:11",
        "needs a suffix",
        id="unit-without-suffix",
    ),
    pytest.param(
        "storage:\n  files:\n  - filesystem: root\n    path: /x\n    mode: '0644'\n",
        "s.yaml:5:11",
        "must be a number",
        id="mode-not-a-number",
    ),
    pytest.param(
        "storage:\n  files:\n  - filesystem: root\n    path: /x\n    mode: rw\n",
        "s.yaml:5:11",
        "must be a number",
        id="mode-a-word",
    ),
    pytest.param(
        "systemd:\n  unitz: []\n", "s.yaml:2:3", "unknown key 'systemd.unitz'", id="unknown-key"
    ),
    pytest.param(
        "systemd:\n  units:\n  - name: a.service\n    contents: |\n      [Service]\n"
        "    enabled: [\n",
        "s.yaml:7:1",
        "YAML syntax error",
        id="broken-yaml",
    ),
    pytest.param("storage:\n\tfiles: []\n", "s.yaml:2:1", "YAML syntax error", id="tab-indent"),
    pytest.param(
        "storage:\n  files:\n  - filesystem: oem\n    path: /x\n",
        "s.yaml:3:17",
        "only 'root'",
        id="other-filesystem",
    ),
    pytest.param(
        "storage:\n  files:\n  - filesystem: root\n    path: etc/x\n",
        "s.yaml:4:11",
        "must be absolute",
        id="relative-path",
    ),
    pytest.param("etcd:\n  name: x\n", "s.yaml:2:3", "etcd is not supported", id="clc-etcd"),
    pytest.param(
        "systemd:\n  units:\n  - name: a.service\n    enabled: true\n"
        "    contents: |\n      [Service]\n      ExecStart=/bin/true\n",
        "s.yaml:3:5",
        "no [Install] section",
        id="enabled-without-install",
    ),
    pytest.param(
        "systemd:\n  units:\n  - name: a.service\n    contents: |\n      ExecStart=/bin/true\n",
        "s.yaml:4:15",
        "before any [Section]",
        id="unit-text-without-section",
    ),
    pytest.param(
        "systemd:\n  units:\n  - name: a.service\n    dropins:\n    - name: 10-a\n",
        "s.yaml:5:13",
        "drop-in name",
        id="dropin-without-conf",
    ),
    pytest.param(
        "variant: fcos\nversion: 1.0.0\n", "s.yaml:1:10", "use flatcar", id="butane-variant"
    ),
    pytest.param(
        "variant: flatcar\nversion: 1.1.0\n", "s.yaml:2:10", "use 1.0.0", id="butane-version"
    ),
    pytest.param(
        "variant: flatcar\nversion: 1.0.0\nstorage:\n  files:\n  - path: /x\n"
        "    contents:\n      local: x.txt\n",
        "s.yaml:7:14",
        "local is not supported",
        id="butane-local",
    ),
    pytest.param(
        "variant: flatcar\nversion: 1.0.0\nsystemd:\n  units:\n  - name: a.service\n"
        "    enable: true\n",
        "s.yaml:6:5",
        "unknown key",
        id="butane-clc-key",
    ),
    pytest.param(
        "storage:\n  files:\n  - filesystem: root\n    path: /x\n    contents:\n"
        "      remote:\n        url: https://example.com/x\n        verification:\n"
        "          hash:\n            function: sha512\n            sum: abc\n",
        "s.yaml:10:13",
        "128 hex digits",
        id="short-hash",
    ),
    pytest.param("- a\n- b\n", "s.yaml:1:1", "must be a mapping", id="not-a-mapping"),
    pytest.param("", "s.yaml", "empty", id="empty"),
]


@pytest.mark.parametrize(("text", "where", "message"), BAD)
def test_bad_snippets_name_file_line_and_key(text: str, where: str, message: str) -> None:
    with pytest.raises(RailyardError) as caught:
        to_ignition(text, "s.yaml")
    assert caught.value.where == where
    assert message in caught.value.message


def test_line_offset_points_into_the_cluster_file() -> None:
    with pytest.raises(RailyardError) as caught:
        to_ignition("systemd:\n  unitz: []\n", "cluster.yaml", line_offset=40)
    assert caught.value.where == "cluster.yaml:42:3"


def test_load_file_relative_to_base_dir(tmp_path: Path) -> None:
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "hello.yaml").write_text(HELLOWORLD)
    text = load("snippets/hello.yaml", tmp_path, "cluster.yaml:3:5")
    assert json.loads(text) == to_ignition(HELLOWORLD, "x")
    assert text == json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"))
    assert load("snippets/hello.yaml", tmp_path, "cluster.yaml:3:5") == text


def test_load_errors_name_the_snippet_file(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("systemd:\n  units:\n  - name: x\n")
    with pytest.raises(RailyardError) as caught:
        load("bad.yaml", tmp_path, "cluster.yaml:3:5")
    assert caught.value.where == f"{tmp_path / 'bad.yaml'}:3:11"


def test_load_missing_file_points_at_the_cluster_file(tmp_path: Path) -> None:
    with pytest.raises(RailyardError) as caught:
        load("nope.yaml", tmp_path, "cluster.yaml:7:9")
    assert caught.value.where == "cluster.yaml:7:9"
    assert "nope.yaml" in caught.value.message
    assert caught.value.hint


def test_load_inline_counts_lines_from_the_block(tmp_path: Path) -> None:
    assert json.loads(load(HELLOWORLD, tmp_path, "cluster.yaml:12:7")) == to_ignition(
        HELLOWORLD, "x"
    )
    with pytest.raises(RailyardError) as caught:
        load("systemd:\n  units:\n  - name: x\n", tmp_path, "cluster.yaml:12:7")
    assert caught.value.where == "cluster.yaml:15:11"
