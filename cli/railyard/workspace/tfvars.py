"""The cluster model as terraform variable values (all of them: templates hold none)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from railyard.config.load import LoadedCluster
from railyard.config.model import LOCAL_FILE, KubeletSettings, SnippetPath
from railyard.errors import RailyardError
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
    base_kubelet = cluster.kubelet.settings()
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
        "kubernetes_version": cluster.kubernetes.version,
        "kubelet_version": cluster.kubernetes.kubelet_version,
        "kubelet_settings": kubelet_settings(base_kubelet),
        "container_runtime": cluster.kubelet.container_runtime,
        "cgroup_driver": cluster.kubelet.cgroup_driver,
        "kubelet_extra_args": cluster.kubelet.extra_args,
        "disable_auto_update": cluster.updates.disable_auto_update,
        "reboot_strategy": cluster.updates.reboot_strategy,
    }
    section = data[platform.section]
    section_model = getattr(cluster, platform.section)
    for name, field in type(section_model).model_fields.items():
        if LOCAL_FILE in field.metadata:
            given, section[name] = section[name], _absolute(source.base_dir, section[name])
            # terraform's providers read it: a missing file fails here, at its line (the
            # sandbox's stand-ins read no files)
            if section[name] and not sandbox and not Path(section[name]).is_file():
                raise RailyardError(
                    f"{platform.section}.{name}: {given!r} is not a file "
                    f"(looked for {section[name]})",
                    where=source.where((platform.section, name)),
                    hint="fix the path (relative to the cluster file) or create the file",
                )
    # Per-machine kubelet settings (bare-metal): each over the cluster's.
    machines = getattr(section_model, "kubelet", None)
    if machines is not None:
        del section["kubelet"]
        section["machine_kubelet_settings"] = {
            name: kubelet_settings(override.over(base_kubelet))
            for name, override in machines.items()
        }
    values.update(section)
    if sandbox:
        values.update(platform.sandbox_tfvars)
    values["worker_pools"] = {}
    for pool, pool_data in zip(cluster.worker_pools, data["worker_pools"], strict=True):
        del pool_data["name"]
        # A pool's own kubelet settings (aws), over the cluster's; null: the cluster's.
        if "kubelet" in pool_data:
            del pool_data["kubelet"]
            override: KubeletSettings | None = getattr(pool, "kubelet", None)
            pool_data[POOL_VARIABLES["kubelet"]] = (
                None if override is None else kubelet_settings(override.over(base_kubelet))
            )
        values["worker_pools"][pool.name] = pool_data
    return values


# Pool fields whose workers-module variable has another name.
POOL_VARIABLES = {"kubelet": "kubelet_settings"}


def kubelet_settings(settings: KubeletSettings) -> dict[str, Any]:
    """The platform modules' kubelet_settings object."""
    return {
        "max_pods": settings.max_pods,
        "kube_reserved": settings.kube_reserved,
        "system_reserved": settings.system_reserved,
        "eviction_hard": settings.eviction_hard,
        "kubelet_mounts": {
            mount.host_path: {
                "container_path": mount.container_path or mount.host_path,
                "options": ["ro"] if mount.read_only else [],
            }
            for mount in settings.extra_mounts
        },
        "cni_conf_dir": settings.cni_conf_dir,
        "pod_manifest_path": settings.pod_manifest_path,
        "volume_plugin_dir": settings.volume_plugin_dir,
    }


def _put(data: Any, path: SnippetPath, value: str) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def _absolute(base_dir: Path, path: str | None) -> str:
    """A path from the cluster file, absolute; unset ("" to terraform) stays unset."""
    if path is None:
        return ""
    return str((base_dir / Path(path).expanduser()).resolve())
