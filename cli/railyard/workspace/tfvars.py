"""The cluster model as terraform variable values (all of them: templates hold none)."""

from __future__ import annotations

from typing import Any

from railyard.config.model import ClusterBase


def cluster_tfvars(
    cluster: ClusterBase, snippets: dict[tuple[str | int, ...], str]
) -> dict[str, Any]:
    """Values for the root module; `snippets` maps a snippet's path in the file to Ignition JSON."""

    def loaded(prefix: tuple[str | int, ...], count: int) -> list[str]:
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
    values.update(cluster.platform_tfvars())
    values["worker_pools"] = {
        pool.name: {
            **pool.model_dump(mode="json", exclude={"name", "snippets"}),
            "snippets": loaded(("worker_pools", index, "snippets"), len(pool.snippets)),
        }
        for index, pool in enumerate(cluster.worker_pools)
    }
    return values
