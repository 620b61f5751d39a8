"""Compare a node railyard renders with Typhoon's Flatcar node, item by item.

    railyard ignition --role worker --pool spot > worker.ign
    git -C typhoon show HEAD:aws/flatcar-linux/kubernetes/workers/butane/worker.yaml > worker.yaml
    python scripts/node_vs_typhoon.py worker.yaml worker.ign

Prints a Markdown table (item, Typhoon, railyard) read from the two files: the kubelet
container's image, options, mounts and flags, its unit's dependencies, the
KubeletConfiguration, and the other files and units each node gets.
"""

from __future__ import annotations

import base64
import gzip
import itertools
import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

Node = dict[str, Any]  # "units": name -> unit, "files": path -> contents


def typhoon_node(butane_path: Path) -> Node:
    """Typhoon's Butane template (its ${...} left as written)."""
    config = yaml.safe_load(butane_path.read_text())
    units = {unit["name"]: unit for unit in config["systemd"]["units"]}
    files = {
        entry["path"]: entry.get("contents", {}).get("inline", "")
        for entry in config["storage"]["files"]
    }
    return {"units": units, "files": files}


def railyard_node(ignition_path: Path) -> Node:
    config = json.loads(ignition_path.read_text())
    units = {unit["name"]: unit for unit in config["systemd"]["units"]}
    files = {entry["path"]: _data(entry["contents"]) for entry in config["storage"]["files"]}
    return {"units": units, "files": files}


def _data(resource: dict[str, Any]) -> str:
    payload = resource["source"].partition(",")[2]
    data = base64.b64decode(payload)
    if resource.get("compression") == "gzip":
        data = gzip.decompress(data)
    return data.decode()


def _kubelet_text(node: Node) -> str:
    """The kubelet unit with its drop-ins, their Environment= values filled in."""
    unit = node["units"]["kubelet.service"]
    dropins = "\n".join(d.get("contents", "") for d in unit.get("dropins", []))
    text = str(unit["contents"]) + "\n" + dropins
    for name, value in re.findall(r'^Environment="?(\w+)=([^"\n]*)"?$', dropins, re.M):
        if name != "KUBELET_IMAGE":
            text = text.replace(f"${{{name}}}", value).replace(f"${name}", value)
    return text


def _docker_run(unit: str) -> list[str]:
    """The words of the kubelet's `docker run` (comments and template directives dropped)."""
    lines = [line for line in unit.splitlines() if not line.strip().startswith(("%{", "#"))]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    command = next(line for line in joined.splitlines() if "docker run" in line)
    return command.split()


def _mounts(words: list[str]) -> dict[str, str]:
    """Host path -> container path and options."""
    found = {}
    for flag, value in itertools.pairwise(words):
        if flag in ("-v", "--volume"):
            host, _, rest = value.partition(":")
            found[host] = rest
    return found


def _flags(words: list[str]) -> dict[str, list[str]]:
    """Kubelet flags (after the image) -> values."""
    image = next(i for i, w in enumerate(words) if "KUBELET_IMAGE" in w)
    flags: dict[str, list[str]] = {}
    for word in words[image + 1 :]:
        if word.startswith("--"):
            name, _, value = word[2:].partition("=")
            flags.setdefault(name, []).append(value)
    return flags


def _run_options(words: list[str]) -> list[str]:
    image = next(i for i, w in enumerate(words) if "KUBELET_IMAGE" in w)
    options = []
    skip = False
    for word in words[words.index("run") + 1 : image]:
        if skip:
            skip = False
        elif word in ("-v", "--volume", "--name"):
            skip = True
        elif word.startswith("-"):
            options.append(word)
    return options


def _unit_lines(unit: str, key: str) -> list[str]:
    return [
        value
        for line in unit.splitlines()
        if line.startswith(f"{key}=")
        for value in line.split("=", 1)[1].split()
    ]


def _image(unit: str) -> str:
    found = re.search(r"KUBELET_IMAGE=([^\"\s]+)", unit)
    return found.group(1) if found else "-"


def _kubelet_config(node: Node) -> dict[str, Any]:
    for text in node["files"].values():
        if "KubeletConfiguration" in text:
            config = yaml.safe_load(text)
            return dict(config) if isinstance(config, dict) else {}
    return {}


def _unit_state(node: Node, name: str) -> str:
    unit = node["units"].get(name)
    if unit is None:
        return "-"
    if unit.get("mask"):
        return "masked"
    return "enabled" if unit.get("enabled") else "written"


def _file_line(node: Node, suffix: str) -> str:
    for path, text in node["files"].items():
        if path.endswith(suffix):
            return f"{path}: {' '.join(text.split())}"
    return "-"


def _cell(value: Any) -> str:
    if value in (None, "", [], {}):
        return "-"
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = ", ".join(f"{k}={v}" for k, v in value.items())
    return str(value).replace("|", "\\|")


def rows(typhoon: Node, railyard: Node) -> list[tuple[str, str, str]]:
    t_unit, r_unit = _kubelet_text(typhoon), _kubelet_text(railyard)
    t_run, r_run = _docker_run(t_unit), _docker_run(r_unit)
    table = [("kubelet image", _image(t_unit), _image(r_unit))]
    table.append(("docker run options", _cell(_run_options(t_run)), _cell(_run_options(r_run))))
    for key in ("Requires", "After", "Wants", "EnvironmentFile", "RestartSec"):
        table.append(
            (
                f"kubelet unit {key}",
                _cell(_unit_lines(t_unit, key)),
                _cell(_unit_lines(r_unit, key)),
            )
        )
    t_mounts, r_mounts = _mounts(t_run), _mounts(r_run)
    for host in sorted(set(t_mounts) | set(r_mounts)):
        table.append((f"mount {host}", t_mounts.get(host, "-"), r_mounts.get(host, "-")))
    t_flags, r_flags = _flags(t_run), _flags(r_run)
    for flag in sorted(set(t_flags) | set(r_flags)):
        table.append((f"flag --{flag}", _cell(t_flags.get(flag)), _cell(r_flags.get(flag))))
    t_config, r_config = _kubelet_config(typhoon), _kubelet_config(railyard)
    for key in sorted((set(t_config) | set(r_config)) - {"apiVersion", "kind"}):
        table.append((f"config {key}", _cell(t_config.get(key)), _cell(r_config.get(key))))
    for name in (
        "docker.service",
        "locksmithd.service",
        "update-engine.service",
        "wait-for-dns.service",
        "containerd.service",
        "etcd-member.service",
        "etcd-rejoin.service",
    ):
        table.append((f"unit {name}", _unit_state(typhoon, name), _unit_state(railyard, name)))
    for suffix in ("logind.conf.d/inhibitors.conf", "max-user-watches.conf", "update.conf"):
        table.append(
            (f"file …/{suffix}", _file_line(typhoon, suffix), _file_line(railyard, suffix))
        )
    t_etcd, r_etcd = _env(typhoon, "/etc/etcd/etcd.env"), _env(railyard, "/etc/etcd/etcd.env")
    for key in sorted(set(t_etcd) | set(r_etcd)):
        table.append((f"etcd.env {key}", _cell(t_etcd.get(key)), _cell(r_etcd.get(key))))
    return table


def _env(node: Node, path: str) -> dict[str, str]:
    text = node["files"].get(path, "")
    return dict(line.split("=", 1) for line in text.split() if "=" in line)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 1
    typhoon, railyard = typhoon_node(Path(argv[0])), railyard_node(Path(argv[1]))
    print("| item | Typhoon | railyard |\n| --- | --- | --- |")
    for item, theirs, ours in rows(typhoon, railyard):
        print(f"| {item} | {theirs} | {ours} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
