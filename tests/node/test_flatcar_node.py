"""The flatcar-node module under real terraform, checked by Ignition and systemd themselves."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest

from .ignition_tools import read_data_url, validate
from .matrix import BAD_INPUTS, CASE_NAMES, SSH_KEY
from .render import plan_errors

EC2_USER_DATA_LIMIT = 16 * 1024
FORMS = ("ignition", "ignition_compact")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("case", CASE_NAMES)
def test_config_passes_ignition_validate(
    rendered: dict[str, dict[str, str]], case: str, form: str, tmp_path: Path
) -> None:
    config = json.loads(rendered[case][form])
    assert config["ignition"]["version"] == "3.3.0"
    assert validate(rendered[case][form], tmp_path) == ""


def test_compact_form_fits_ec2_user_data(rendered: dict[str, dict[str, str]]) -> None:
    for case in ("worker_containerd", "worker_docker"):
        compact = len(rendered[case]["ignition_compact"].encode())
        assert compact < EC2_USER_DATA_LIMIT, f"{case}: {compact} bytes"
        assert compact < len(rendered[case]["ignition"].encode())


def test_compact_form_holds_the_same_contents(
    rendered: dict[str, dict[str, str]], matrix: dict[str, dict[str, Any]]
) -> None:
    for case, outputs in rendered.items():
        plain, compact = (json.loads(outputs[form]) for form in FORMS)
        assert plain["systemd"] == compact["systemd"]
        # Files a snippet replaces stay uncompressed: merging keeps the parent's compression.
        replaced = {
            file["path"]
            for snippet in matrix[case].get("snippets", [])
            for file in json.loads(snippet).get("storage", {}).get("files", [])
        }
        for plain_file, compact_file in zip(
            plain["storage"]["files"], compact["storage"]["files"], strict=True
        ):
            compression = "" if compact_file["path"] in replaced else "gzip"
            assert compact_file["contents"]["compression"] == compression
            assert read_data_url(plain_file["contents"]) == read_data_url(compact_file["contents"])


def test_bad_inputs_fail_early_and_clearly(
    terraform_bin: str, matrix: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    good = matrix["controller_containerd"]
    calls = {name: {**good, **bad} for name, (bad, _) in BAD_INPUTS.items()}
    errors = plan_errors(terraform_bin, tmp_path / "root", calls)
    # Terraform reports every refused variable, each under the module call carrying it.
    blocks = re.split(r"\n(?=Error: )", errors)
    for name, (_, message) in BAD_INPUTS.items():
        mine = [b for b in blocks if f'module "{name}"' in b or f"module.{name}" in b]
        assert mine, f"{name}: no error for this call in:\n{errors}"
        assert any(message in " ".join(b.split()) for b in mine), f"{name}: {mine}"


# --- What Ignition writes: the configs applied to scratch roots -----------------------


def _unit_text(root: Path, name: str) -> str:
    return (root / "etc/systemd/system" / name).read_text()


def _env(dropin: str) -> dict[str, str]:
    found = re.findall(r'^Environment="([A-Z_]+)=(.*)"$', dropin, re.MULTILINE)
    return dict(found)


def _tree(root: Path) -> dict[str, tuple[int, list[bytes]]]:
    """path -> (mode, lines), lines sorted (Ignition writes presets in no fixed order)."""
    return {
        str(path.relative_to(root)): (
            _mode(path),
            sorted(path.read_bytes().splitlines()) if path.is_file() else [],
        )
        for path in root.rglob("*")
        if not path.is_symlink() and path.name != ".ignition-result.json"
    }


@pytest.mark.parametrize("case", CASE_NAMES)
def test_both_forms_write_the_same_tree(applied: dict[str, dict[str, Path]], case: str) -> None:
    plain, compact = (_tree(applied[case][form]) for form in FORMS)
    assert plain == compact


@pytest.mark.parametrize("case", CASE_NAMES)
def test_kubelet_lands_with_its_config(
    applied: dict[str, dict[str, Path]], matrix: dict[str, dict[str, Any]], case: str
) -> None:
    args = matrix[case]
    root = applied[case]["ignition_compact"]
    runtime = args.get("container_runtime", "containerd")

    unit = _unit_text(root, "kubelet.service")
    assert _mode(root / "etc/systemd/system/kubelet.service") == 0o644
    assert f"Requires=docker.service {runtime}.service wait-for-dns.service" in unit
    aws = args.get("instance_metadata") == "aws"
    assert ("coreos-metadata.service" in unit) == aws
    assert ("EnvironmentFile=/run/metadata/coreos" in unit) == aws
    provider_id = "--provider-id=aws:///${COREOS_EC2_AVAILABILITY_ZONE}/${COREOS_EC2_INSTANCE_ID}"
    assert (provider_id in unit) == aws
    wait = _unit_text(root, "wait-for-dns.service")
    assert "RequiredBy=kubelet.service" in wait
    volumes = dict(
        (m.split(":")[0], m.split(":", 1)[1]) for m in re.findall(r"--volume (\S+)", unit)
    )
    assert volumes["/var/lib/kubelet"] == "/var/lib/kubelet:rshared"
    assert volumes["/usr/lib/os-release"] == "/etc/os-release:ro"
    # What a containerised kubelet on a cgroup-v2 host needs (as Typhoon mounts them).
    assert volumes["/sys/fs/cgroup"] == "/sys/fs/cgroup"
    assert volumes["/etc/machine-id"] == "/etc/machine-id:ro"
    cni_conf_dir = args.get("cni_conf_dir", "/etc/cni/net.d")
    assert volumes[cni_conf_dir] == f"{cni_conf_dir}:ro"
    assert f"/var/lib/{runtime}" in volumes
    for host, change in args.get("kubelet_mounts", {}).items():
        if change is None:
            assert host not in volumes
        else:
            target = change.get("container_path", host)
            assert volumes[host] == ":".join([target, ",".join(change["options"])])
    socket = {"containerd": "/run/containerd/containerd.sock", "docker": "/run/cri-dockerd.sock"}
    assert f"--container-runtime-endpoint=unix://{socket[runtime]}" in unit

    dropin = (root / "etc/systemd/system/kubelet.service.d/10-environment.conf").read_text()
    environment = _env(dropin)
    image = args.get("kubelet_image", "quay.io/poseidon/kubelet:v1.36.1")
    assert environment["KUBELET_IMAGE"] == image
    labels = dict(label.split("=", 1) for label in environment["KUBELET_NODE_LABELS"].split(","))
    role_label = {
        "controller": ("node.kubernetes.io/controller", "true"),
        "worker": ("node.kubernetes.io/node", ""),
    }
    key, value = role_label[args["role"]]
    assert labels.pop(key) == value
    assert labels == args.get("node_labels", {})
    assert environment["KUBELET_EXTRA_ARGS"].split() == args.get("kubelet_extra_args", [])

    config = json.loads((root / "etc/kubernetes/kubelet-config.json").read_text())
    assert config["kind"] == "KubeletConfiguration"
    assert config["cgroupDriver"] == args.get("cgroup_driver", "systemd")
    assert config["clusterDNS"] == ["10.3.0.10"]
    assert config["clusterDomain"] == "cluster.local"
    assert config["authentication"]["webhook"]["enabled"] is True
    assert config["authentication"]["anonymous"]["enabled"] is False
    assert config["authorization"]["mode"] == "Webhook"
    assert config["readOnlyPort"] == 0
    assert config["rotateCertificates"] is True
    assert config["serializeImagePulls"] is False
    assert (config["shutdownGracePeriod"], config["shutdownGracePeriodCriticalPods"]) == (
        "45s",
        "30s",
    )
    logind = (root / "etc/systemd/logind.conf.d/inhibitors.conf").read_text()
    assert logind == "[Login]\nInhibitDelayMaxSec=45s\n"
    sysctl = (root / "etc/sysctl.d/max-user-watches.conf").read_text()
    assert sysctl == "fs.inotify.max_user_watches=524288\n"
    typed = {
        "maxPods": "max_pods",
        "kubeReserved": "kube_reserved",
        "systemReserved": "system_reserved",
        "evictionHard": "eviction_hard",
    }
    for key, arg in typed.items():
        assert config.get(key) == args.get(arg), key
    taints = [
        f"{t['key']}{'=' + t['value'] if 'value' in t else ''}:{t['effect']}"
        for t in config["registerWithTaints"]
    ]
    role_taints = {"controller": ["node-role.kubernetes.io/controller:NoSchedule"], "worker": []}
    assert taints == role_taints[args["role"]] + args.get("node_taints", [])

    kubeconfig = root / "etc/kubernetes/bootstrap-kubeconfig"
    assert kubeconfig.read_text() == args["bootstrap_kubeconfig"]
    assert _mode(kubeconfig) == 0o600
    preset = (root / "etc/systemd/system-preset/20-ignition.preset").read_text()
    assert "enable kubelet.service" in preset.splitlines()
    assert "enable docker.service" in preset.splitlines()


@pytest.mark.parametrize("case", CASE_NAMES)
def test_runtime_settings_land(
    applied: dict[str, dict[str, Path]], matrix: dict[str, dict[str, Any]], case: str
) -> None:
    args = matrix[case]
    root = applied[case]["ignition_compact"]
    systemd_cgroup = args.get("cgroup_driver", "systemd") == "systemd"
    if args.get("container_runtime", "containerd") == "containerd":
        toml = (root / "etc/containerd/config.toml").read_text()
        assert f"SystemdCgroup = {str(systemd_cgroup).lower()}" in toml
        assert f'conf_dir = "{args.get("cni_conf_dir", "/etc/cni/net.d")}"' in toml
        dropin = (root / "etc/systemd/system/containerd.service.d/10-config.conf").read_text()
        assert "Environment=CONTAINERD_CONFIG=/etc/containerd/config.toml" in dropin
        assert not (root / "etc/systemd/system/docker.service.d").exists()
    else:
        dropin = (root / "etc/systemd/system/docker.service.d/10-runtime.conf").read_text()
        environment = _env(dropin)
        driver = "systemd" if systemd_cgroup else "cgroupfs"
        assert environment["DOCKER_CGROUPS"] == f"--exec-opt native.cgroupdriver={driver}"
        assert environment["DOCKER_OPTS"].split() == [
            f"--log-driver={args.get('docker_logging_driver', 'json-file')}",
            "--storage-driver=overlay2",
        ]
        assert not (root / "etc/containerd/config.toml").exists()


@pytest.mark.parametrize("case", CASE_NAMES)
def test_update_settings_land(
    applied: dict[str, dict[str, Path]], matrix: dict[str, dict[str, Any]], case: str
) -> None:
    args = matrix[case]
    root = applied[case]["ignition_compact"]
    update = (root / "etc/flatcar/update.conf").read_text().splitlines()
    locksmith_on = args.get("reboot_strategy") == "reboot" and not args.get("disable_auto_update")
    if case == "controller_docker":
        # Its CLC snippet has update/locksmith sections: Ignition's merge lets the snippet's
        # /etc/flatcar/update.conf replace the module's.
        assert update[:2] == ["GROUP=beta", "REBOOT_STRATEGY=etcd-lock"]
    else:
        expected = [
            f"GROUP={args.get('os_channel', 'stable')}",
            f"REBOOT_STRATEGY={'reboot' if locksmith_on else 'off'}",
        ]
        assert update == expected + (["SERVER=disabled"] if args.get("disable_auto_update") else [])
    # locksmithd reboots only with "reboot"; off and coordinated leave update-engine running.
    masked = {
        "update-engine.service": bool(args.get("disable_auto_update")),
        "locksmithd.service": not locksmith_on,
    }
    for service, is_masked in masked.items():
        unit = root / "etc/systemd/system" / service
        if is_masked:
            assert os.readlink(unit) == "/dev/null"
        else:
            assert not unit.exists() and not unit.is_symlink()


@pytest.mark.parametrize("case", CASE_NAMES)
def test_core_user_and_hostname(
    applied: dict[str, dict[str, Path]], matrix: dict[str, dict[str, Any]], case: str
) -> None:
    root = applied[case]["ignition_compact"]
    passwd = (root / "etc/passwd").read_text()
    assert re.search(r"^core:x:\d+:\d+::/home/core:", passwd, re.MULTILINE)
    keys = (root / "home/core/.ssh/authorized_keys.d/ignition").read_text().splitlines()
    assert SSH_KEY in keys
    hostname = matrix[case].get("hostname")
    assert (root / "etc/hostname").exists() == bool(hostname)
    if hostname:
        assert (root / "etc/hostname").read_text() == f"{hostname}\n"


def test_extra_files_units_and_snippets_land(applied: dict[str, dict[str, Path]]) -> None:
    root = applied["worker_containerd"]["ignition_compact"]
    extra = root / "etc/example/extra.conf"
    assert (extra.read_text(), _mode(extra)) == ("secret=1\n", 0o600)
    assert "Description=Module-level extra unit" in _unit_text(root, "extra.service")
    dropin = root / "etc/systemd/system/helloworld.service.d/10-helloworld.conf"
    assert dropin.read_text() == "[Install]\nWantedBy=multi-user.target\n"
    # Butane snippet
    assert (root / "etc/motd.d/hello.conf").read_text() == "hello from butane"
    assert _mode(root / "etc/tools.env") == 0o600
    assert _mode(root / "opt/tools") == 0o750
    assert os.readlink(root / "opt/bin/run") == "/opt/tools/run.sh"
    assert "ExecStart=/bin/cat /etc/motd.d/hello.conf" in _unit_text(root, "butane-hello.service")
    preset = (root / "etc/systemd/system-preset/20-ignition.preset").read_text().splitlines()
    assert {"enable butane-hello.service", "enable extra.service"} <= set(preset)
    keys = (root / "home/core/.ssh/authorized_keys.d/ignition").read_text().splitlines()
    assert {SSH_KEY, "ssh-ed25519 AAAAbutanekey butane@example"} <= set(keys)


def test_clc_snippet_lands(applied: dict[str, dict[str, Path]]) -> None:
    root = applied["controller_docker"]["ignition_compact"]
    motd = root / "etc/motd.d/hello.conf"
    assert (motd.read_text(), _mode(motd)) == ("hello from a snippet\n", 0o644)
    script = root / "opt/tools/run.sh"
    assert (script.read_text(), _mode(script)) == ("#!/bin/sh\necho 100% done\n", 0o755)
    core = re.search(r"^core:x:(\d+):", (root / "etc/passwd").read_text(), re.MULTILINE)
    assert core and script.stat().st_uid == int(core.group(1))
    network = (root / "etc/systemd/network/00-eth0.network").read_text()
    assert network.startswith("[Match]\nName=eth0\n")
    assert "ExecStart=/opt/tools/run.sh" in _unit_text(root, "tools.service")
    docker = root / "etc/systemd/system/docker.service.d"
    assert sorted(p.name for p in docker.iterdir()) == ["10-runtime.conf", "20-env.conf"]
    assert re.search(r"^wheel:x:10:.*\bops\b", (root / "etc/group").read_text(), re.MULTILINE)


# --- systemd-analyze verify on every unit written -------------------------------------

_EXEC = re.compile(r"^Exec\w+=[-@:+!]*(/\S+)", re.MULTILINE)


def _with_executables(root: Path, units: list[Path]) -> None:
    """Copy the host's binaries a unit names into the root, as the Flatcar image has them.

    verify resolves commands inside --root; scripts a snippet writes are already there.
    """
    for unit in units:
        for command in _EXEC.findall(unit.read_text()):
            target = root / command.lstrip("/")
            if target.exists():
                continue
            found = shutil.which(Path(command).name)
            assert found, f"{unit.name}: {command} is not on this host either"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(found, target)


def _stand_ins_for_image_units(unit_dir: Path) -> list[str]:
    """Drop-ins for units the Flatcar image ships (docker.service...) get a minimal unit of
    that name, so verify parses the drop-ins too; returns those unit names."""
    names = []
    for dropins in sorted(unit_dir.glob("*.service.d")):
        name = dropins.name[: -len(".d")]
        if not (unit_dir / name).exists():
            (unit_dir / name).write_text(
                f"[Unit]\nDescription=stand-in for {name}\n[Service]\nExecStart=/bin/true\n"
            )
            names.append(name)
    return names


@pytest.mark.parametrize("case", CASE_NAMES)
def test_units_pass_systemd_analyze_verify(
    applied: dict[str, dict[str, Path]], case: str, tmp_path: Path
) -> None:
    # A copy: executables and stand-ins added for verify must not leak into other tests.
    root = tmp_path / "root"
    shutil.copytree(applied[case]["ignition_compact"], root, symlinks=True)
    unit_dir = root / "etc/systemd/system"
    written = [p.name for p in unit_dir.iterdir() if p.is_file() and not p.is_symlink()]
    assert "kubelet.service" in written
    names = written + _stand_ins_for_image_units(unit_dir)
    _with_executables(root, [unit_dir / name for name in names])
    _with_executables(root, list(unit_dir.glob("*.d/*.conf")))
    for name in names:
        result = subprocess.run(
            ["systemd-analyze", "verify", f"--root={root}", "--recursive-errors=no", name],
            capture_output=True,
            text=True,
            timeout=60,
        )
        output = (result.stdout + result.stderr).strip()
        assert result.returncode == 0 and not output, f"{name}:\n{output}"
