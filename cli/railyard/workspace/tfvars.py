"""The cluster model as terraform variable values (all of them: templates hold none)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from railyard.config.load import LoadedCluster
from railyard.config.model import SnippetPath
from railyard.errors import RailyardError


def cluster_tfvars(
    source: LoadedCluster, snippets: Mapping[SnippetPath, str], *, sandbox: bool
) -> dict[str, Any]:
    """Values for the root module; `snippets` maps a snippet's path in the file to Ignition JSON."""
    cluster = source.cluster
    if not sandbox:  # the sandbox's stand-in providers read no files
        _check_files_exist(source)

    def loaded(prefix: SnippetPath, count: int) -> list[str]:
        return [snippets[(*prefix, i)] for i in range(count)]

    values: dict[str, Any] = {
        "cluster_name": cluster.name,
        "os_channel": cluster.channel,
        "os_version": cluster.version,
        "ssh_authorized_keys": cluster.ssh_authorized_keys,
        "controller_count": cluster.controllers.count,
        "controller_snippets": loaded(
            ("controllers", "snippets"), len(cluster.controllers.snippets)
        ),
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
    values.update(cluster.platform_tfvars(source.base_dir, snippets, sandbox=sandbox))
    values["worker_pools"] = {
        pool.name: {
            **pool.model_dump(mode="json", exclude={"name", "snippets"}),
            "snippets": loaded(("worker_pools", index, "snippets"), len(pool.snippets)),
        }
        for index, pool in enumerate(cluster.worker_pools)
    }
    return values


def _check_files_exist(source: LoadedCluster) -> None:
    for path, name in source.cluster.files_for_terraform():
        found = (source.base_dir / Path(name).expanduser()).resolve()
        if not found.is_file():
            raise RailyardError(
                f"{'.'.join(map(str, path))}: {name!r} is not a file (looked for {found})",
                where=source.where(path),
                hint="terraform's providers read this file: fix the path (relative to the "
                "cluster file) or create the file",
            )
