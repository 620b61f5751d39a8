"""The cluster model as terraform variable values (all of them: templates hold none)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from railyard.config.load import LoadedCluster
from railyard.config.model import LOCAL_FILE, SnippetPath
from railyard.platforms import Platform


def cluster_tfvars(
    source: LoadedCluster,
    snippets: Mapping[SnippetPath, str],
    platform: Platform,
    *,
    sandbox: bool,
) -> dict[str, Any]:
    """Values for the root module: the settings every platform shares, the platform's own
    section as its module's variables take them, and `worker_pools` (pool name -> the pool's
    fields). `snippets` maps a snippet's path in the file to its Ignition JSON."""
    cluster = source.cluster
    data = cluster.model_dump(mode="json")
    for path, ignition in snippets.items():
        _put(data, path, ignition)
    values: dict[str, Any] = {
        "cluster_name": cluster.name,
        "os_channel": cluster.channel,
        "os_version": cluster.version,
        "ssh_authorized_keys": cluster.ssh_authorized_keys,
        "controller_count": cluster.controllers.count,
        "controller_snippets": data["controllers"]["snippets"],
        "networking": cluster.networking,
        "pod_cidr": cluster.pod_cidr,
        "service_cidr": cluster.service_cidr,
        "cluster_domain": cluster.cluster_domain,
        "container_runtime": cluster.kubelet.container_runtime,
        "cgroup_driver": cluster.kubelet.cgroup_driver,
        "kubelet_extra_args": cluster.kubelet.extra_args,
        "disable_auto_update": cluster.updates.disable_auto_update,
        "reboot_strategy": cluster.updates.reboot_strategy,
    }
    section = data[platform.section]
    fields = type(getattr(cluster, platform.section)).model_fields
    for name, field in fields.items():
        if LOCAL_FILE in field.metadata:
            section[name] = _absolute(source.base_dir, section[name])
    values.update(section)
    if sandbox:
        values.update(platform.sandbox_tfvars)
    values["worker_pools"] = {pool.pop("name"): pool for pool in data["worker_pools"]}
    return values


def _put(data: Any, path: SnippetPath, value: str) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def _absolute(base_dir: Path, path: str | None) -> str:
    """A path from the cluster file, absolute; unset ("" to terraform) stays unset."""
    if path is None:
        return ""
    return str((base_dir / Path(path).expanduser()).resolve())
