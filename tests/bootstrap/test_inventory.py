"""Each add-on against its upstream release manifest at the pinned version.

upstream/<add-on>.txt holds the facts of the upstream manifest (objects, RBAC rules, binding
subjects, and per workload its service account, containers, volumes, mounts and environment
names), written by tests/bootstrap/inventory.py from the file its header names. Every fact
upstream has that railyard lacks ("- fact") and every fact railyard adds ("+ fact") must be
an adaptation listed here with its reason; a listed adaptation that matches no difference
fails too, so the list stays true.
"""

from __future__ import annotations

import fnmatch
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from . import inventory
from .conftest import CLUSTERS

pytestmark = pytest.mark.slow

UPSTREAM = Path(__file__).resolve().parent / "upstream"
ASSETS = "/opt/bootstrap/assets"

API_ENV_REASON = (
    "host-network pods reach the API server by its DNS name before kube-proxy programs"
    " the service IP"
)

# add-on -> (cluster that renders it, assets file, {"± fact pattern": reason})
ADDONS: dict[str, tuple[str, str, dict[str, str]]] = {
    "flannel": (
        "flannel",
        "30-network.yaml",
        {
            "+ initContainer DaemonSet kube-flannel/kube-flannel-ds: install-cni-plugins": (
                "the CNI config delegates to bridge and host-local and chains portmap; upstream"
                " trusts the host to have them, railyard installs them (poseidon/flannel-cni)"
            ),
            "+ mount DaemonSet kube-flannel/kube-flannel-ds install-cni-plugins: *": (
                "where install-cni-plugins writes the plugins"
            ),
            "+ env DaemonSet kube-flannel/kube-flannel-ds install-cni-plugins: SLEEP": (
                "some releases of poseidon/flannel-cni's script read it under `set -u`"
            ),
            "+ env DaemonSet kube-flannel/kube-flannel-ds kube-flannel: POD_IP": (
                "--iface=$(POD_IP) picks the node's own interface on hosts with several (Typhoon)"
            ),
            "+ env DaemonSet kube-flannel/kube-flannel-ds kube-flannel: KUBERNETES_SERVICE_*": (
                API_ENV_REASON
            ),
        },
    ),
    "calico": (
        "calico",
        "30-network.yaml",
        {
            "+ object ConfigMap kube-system/kubernetes-services-endpoint": (
                "upstream's optional envFrom source, filled with the API server's DNS name: "
                + API_ENV_REASON
            ),
            "+ env DaemonSet kube-system/calico-node calico-node: CALICO_IPV4POOL_CIDR": (
                "the default IP pool is the cluster's pod_cidr (commented out upstream)"
            ),
        },
    ),
    "cilium": (
        "cilium",
        "30-network.yaml",
        {},
    ),
    "coredns": (
        "flannel",
        "20-coredns.yaml",
        {
            "- object Service kube-system/coredns": (
                "the cluster DNS Service keeps the name kube-dns, as kubeadm and"
                " coredns/deployment name it"
            ),
            "+ object Service kube-system/kube-dns": "(the same Service, renamed)",
        },
    ),
    "kube-proxy": (
        "flannel",
        "10-kube-proxy.yaml",
        {
            "- volume DaemonSet kube-system/kube-proxy: kubeconfig configMap *": (
                "kube-proxy uses its service account token and the API server's DNS name"
                " (KUBERNETES_SERVICE_HOST) instead of an in-cluster kubeconfig"
            ),
            "- mount DaemonSet kube-system/kube-proxy kube-proxy: kubeconfig /etc/kubernetes": (
                "(the kubeconfig above)"
            ),
            "- volume DaemonSet kube-system/kube-proxy: etc-* hostPath /etc/*": (
                "kube-proxy talks only to the API server, whose CA its service account token"
                " mount carries; the host's CA bundles are not needed"
            ),
            "- mount DaemonSet kube-system/kube-proxy kube-proxy: etc-* /etc/*": "(as above)",
            "+ env DaemonSet kube-system/kube-proxy kube-proxy: KUBERNETES_SERVICE_*": (
                API_ENV_REASON
            ),
        },
    ),
    "fluo": (
        "flannel",
        "40-coordinated-updates.yaml",
        {},
    ),
}


def _rendered(cluster: dict[str, Any], name: str) -> list[dict[str, Any]]:
    text = cluster["assets"][f"{ASSETS}/{name}"]
    return [doc for doc in yaml.safe_load_all(text) if doc]


def _differences(addon: str, cluster: dict[str, Any]) -> set[str]:
    name, assets_file, _ = ADDONS[addon]
    _, upstream = inventory.read(UPSTREAM / f"{addon}.txt")
    ours = inventory.facts(_rendered(cluster[name], assets_file))
    return {f"- {fact}" for fact in upstream - ours} | {f"+ {fact}" for fact in ours - upstream}


@pytest.mark.parametrize("addon", sorted(ADDONS))
def test_every_difference_from_upstream_is_an_adaptation(
    cluster: dict[str, Any], addon: str
) -> None:
    adaptations = ADDONS[addon][2]
    differences = _differences(addon, cluster)
    unexplained = sorted(
        d for d in differences if not any(fnmatch.fnmatchcase(d, p) for p in adaptations)
    )
    stale = sorted(p for p in adaptations if not fnmatch.filter(differences, p))
    assert not unexplained, "differences from upstream without a reason:\n" + "\n".join(unexplained)
    assert not stale, "adaptations that no longer apply:\n" + "\n".join(stale)
    assert all(reason.strip() for reason in adaptations.values())


@pytest.mark.parametrize("addon", sorted(ADDONS))
def test_upstream_facts_name_their_source(addon: str) -> None:
    header, facts = inventory.read(UPSTREAM / f"{addon}.txt")
    assert re.search(r"v\d+\.\d+\.\d+", header[0]), header
    assert any(fact.startswith("object ") for fact in facts)


def test_a_missing_fact_is_caught(cluster: dict[str, Any]) -> None:
    """The comparison is live: dropping calico's CNI service account shows up."""
    documents = [
        doc
        for doc in _rendered(cluster["calico"], "30-network.yaml")
        if doc["metadata"]["name"] != "calico-cni-plugin" or doc["kind"] != "ServiceAccount"
    ]
    _, upstream = inventory.read(UPSTREAM / "calico.txt")
    assert "object ServiceAccount kube-system/calico-cni-plugin" in upstream - inventory.facts(
        documents
    )


@pytest.mark.parametrize("name", sorted(CLUSTERS))
def test_every_service_account_used_exists(cluster: dict[str, Any], name: str) -> None:
    documents = [
        doc
        for path, text in cluster[name]["assets"].items()
        if path.startswith(ASSETS)
        for doc in yaml.safe_load_all(text)
        if doc
    ]
    facts = inventory.facts(documents)
    accounts = {f.split(" ", 2)[2] for f in facts if f.startswith("object ServiceAccount ")}
    used = {
        (where.split(" ")[1].split("/")[0], account)
        for fact in facts
        if fact.startswith("serviceAccount ")
        for where, account in [fact.removeprefix("serviceAccount ").split(": ")]
    }
    missing = sorted(f"{ns}/{account}" for ns, account in used if f"{ns}/{account}" not in accounts)
    assert not missing, f"workloads name service accounts nobody creates: {missing}"
    subjects = {
        f.rsplit(" ", 1)[1] for f in facts if f.startswith("subject ") and ": ServiceAccount " in f
    }
    assert subjects <= accounts, subjects - accounts


# What each image installs into /opt/cni/bin, from its upstream build:
# flannel-io/cni-plugin (flannel), poseidon/flannel-cni v0.4.2 scripts/fetch-cni.sh,
# projectcalico/calico v3.32.1 cni-plugin/Makefile (CN_FILES, flannel, and its own two),
# cilium/cilium plugins/cilium-cni/install-plugin.sh (cilium-cni, and loopback when absent).
INSTALLS = {
    "flannel-cni-plugin": {"flannel"},
    "poseidon/flannel-cni": {"loopback", "bridge", "host-local", "portmap", "tuning", "bandwidth"},
    "calico/cni": {
        "calico",
        "calico-ipam",
        "host-local",
        "portmap",
        "loopback",
        "tuning",
        "flannel",
    },
    "cilium/cilium": {"cilium-cni", "loopback"},
}
# Plugins a config calls without naming them: containerd sets up every pod's lo with
# loopback; flannel delegates to bridge with host-local IPAM.
IMPLICIT = {
    "flannel": {"loopback", "bridge", "host-local"},
    "calico": {"loopback"},
    "cilium": {"loopback"},
}
# Written by the agent itself (write-cni-conf-when-ready), not kept in a ConfigMap.
CILIUM_CONFIG_TYPES = {"cilium-cni"}


def _plugin_types(config: dict[str, Any]) -> set[str]:
    found: set[str] = set()
    for plugin in config.get("plugins", [config]):
        found.add(plugin["type"])
        for nested in ("ipam", "delegate"):
            if isinstance(plugin.get(nested), dict) and "type" in plugin[nested]:
                found.add(plugin[nested]["type"])
    return found


@pytest.mark.parametrize("name", sorted(CLUSTERS))
def test_every_cni_plugin_type_is_installed(cluster: dict[str, Any], name: str) -> None:
    documents = _rendered(cluster[name], "30-network.yaml")
    networking = CLUSTERS[name]["networking"]
    configs = [
        json.loads(value.replace("__CNI_MTU__", "1450"))
        for doc in documents
        if doc["kind"] == "ConfigMap"
        for key, value in doc.get("data", {}).items()
        if key in ("cni-conf.json", "cni_network_config")
    ]
    types = set().union(*map(_plugin_types, configs)) if configs else set(CILIUM_CONFIG_TYPES)
    types |= IMPLICIT[networking]
    images = {
        container["image"]
        for doc in documents
        if doc["kind"] == "DaemonSet"
        for container in doc["spec"]["template"]["spec"].get("initContainers", [])
    }
    installed = {
        plugin
        for image in images
        for key, plugins in INSTALLS.items()
        if f"/{key}:" in image
        for plugin in plugins
    }
    assert types and types <= installed, f"plugins not installed: {sorted(types - installed)}"
