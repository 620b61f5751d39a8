"""Manifests pass kubernetes-validate (strict) for the chosen version; images are pinned;
static pods and etcd members are wired to each other."""

from __future__ import annotations

import copy
import re
from typing import Any

import kubernetes_validate  # type: ignore[import-untyped]
import pytest
from kubernetes_validate.utils import SchemaNotFoundError  # type: ignore[import-untyped]

from .conftest import ETCD_OVERRIDE, NAMES, inputs
from .helpers import PKI, controller_file, documents, find

pytestmark = pytest.mark.slow

REGISTRIES = ("registry.k8s.io", "quay.io", "docker.io", "ghcr.io")
IMAGE = re.compile(
    "(?:" + "|".join(map(re.escape, REGISTRIES)) + r")/[A-Za-z0-9._/-]+(?:[:@][^\s\"']*)?"
)
PINNED = re.compile(r".+:v?[0-9]+\.[0-9]+\.[0-9]+(-[A-Za-z0-9.]+)?|.+@sha256:[0-9a-f]{64}")
CNI_DAEMONSETS = {"flannel": "kube-flannel-ds", "calico": "calico-node", "cilium": "cilium"}
CONTROL_PLANE_IMAGES = (
    "kube-apiserver",
    "kube-controller-manager",
    "kube-scheduler",
    "kube-proxy",
    "kubectl",
)


def _pod_spec(document: dict[str, Any]) -> dict[str, Any]:
    """A Pod's spec, or a workload's pod template spec ({} for other kinds)."""
    if document["kind"] == "Pod":
        return dict(document["spec"])
    return dict(document.get("spec", {}).get("template", {}).get("spec", {}))


def _validate_strict(document: dict[str, Any], version: str) -> None:
    kubernetes_validate.validate(document, version, strict=True)


@pytest.mark.parametrize("name", NAMES)
def test_every_manifest_validates_strictly(cluster: dict[str, Any], name: str) -> None:
    version = inputs(name)["kubernetes_version"]
    validated = 0
    for path, docs in documents(cluster[name]).items():
        for document in docs:
            try:
                _validate_strict(document, version)
            except SchemaNotFoundError as missing:  # pragma: no cover - shows which
                pytest.fail(f"{path}: {missing.message}")
            except kubernetes_validate.ValidationError as error:
                where = f"{path}: {document['kind']}/{document['metadata']['name']}"
                pytest.fail(f"{where}: {error.message}")
            validated += 1
    assert validated > 10


def test_strict_validation_rejects_a_misspelt_field(cluster: dict[str, Any]) -> None:
    """The oracle is live: an unknown field in a static pod fails strict validation."""
    pod = copy.deepcopy(find(cluster["flannel"], "Pod", "kube-apiserver"))
    pod["spec"]["containers"][0]["comand"] = pod["spec"]["containers"][0].pop("command")
    with pytest.raises(kubernetes_validate.ValidationError):
        _validate_strict(pod, inputs("flannel")["kubernetes_version"])


@pytest.mark.parametrize("name", NAMES)
def test_every_image_is_pinned(cluster: dict[str, Any], name: str) -> None:
    outputs = cluster[name]
    texts = list(outputs["assets"].values())
    texts += [unit.get("contents", "") for units in outputs["controller_units"] for unit in units]
    found = {image for text in texts for image in IMAGE.findall(text)}
    in_pods = {
        container["image"]
        for docs in documents(outputs).values()
        for doc in docs
        for spec in [_pod_spec(doc)]
        for container in spec.get("containers", []) + spec.get("initContainers", [])
    }
    assert in_pods <= found and len(found) >= 6
    unpinned = sorted(i for i in found if not PINNED.fullmatch(i) or i.endswith(":latest"))
    assert not unpinned, f"unpinned images: {unpinned}"
    version = inputs(name)["kubernetes_version"]
    for component in CONTROL_PLANE_IMAGES:
        assert f"registry.k8s.io/{component}:{version}" in found


def test_container_images_override(cluster: dict[str, Any]) -> None:
    etcd_unit = cluster["flannel"]["controller_units"][0][0]["contents"]
    assert f'"ETCD_IMAGE={ETCD_OVERRIDE}"' in etcd_unit
    assert "quay.io/coreos/etcd" not in etcd_unit
    assert "quay.io/coreos/etcd:v" in cluster["calico"]["controller_units"][0][0]["contents"]


@pytest.mark.parametrize("name", NAMES)
def test_addons(cluster: dict[str, Any], name: str) -> None:
    outputs = cluster[name]
    given = inputs(name)
    service = find(outputs, "Service", "kube-dns")
    assert service["spec"]["clusterIP"] == outputs["cluster_dns_ip"]
    assert outputs["cluster_dns_ip"] == re.sub(r"\.0/\d+$", ".10", given["service_cidr"])
    corefile = find(outputs, "ConfigMap", "coredns")["data"]["Corefile"]
    assert f"kubernetes {given['cluster_domain']} in-addr.arpa" in corefile
    proxy = find(outputs, "DaemonSet", "kube-proxy")["spec"]["template"]["spec"]["containers"][0]
    assert f"--cluster-cidr={given['pod_cidr']}" in proxy["command"]
    daemonsets = {
        d["metadata"]["name"]
        for docs in documents(outputs).values()
        for d in docs
        if d["kind"] == "DaemonSet"
    }
    updates = {"flatcar-linux-update-agent"} if given["coordinated_updates"] else set()
    assert daemonsets == {"kube-proxy", CNI_DAEMONSETS[name], *updates}


def test_cni_pod_cidr(cluster: dict[str, Any]) -> None:
    flannel = find(cluster["flannel"], "ConfigMap", "kube-flannel-cfg")["data"]["net-conf.json"]
    assert f'"Network":"{inputs("flannel")["pod_cidr"]}"' in flannel
    calico = find(cluster["calico"], "DaemonSet", "calico-node")["spec"]["template"]["spec"]
    env = {e["name"]: e.get("value") for e in calico["containers"][0]["env"]}
    assert env["CALICO_IPV4POOL_CIDR"] == inputs("calico")["pod_cidr"]
    cilium = find(cluster["cilium"], "ConfigMap", "cilium")["data"]
    assert cilium["cluster-pool-ipv4-cidr"] == inputs("cilium")["pod_cidr"]


@pytest.mark.parametrize("name", NAMES)
def test_apiserver_flags(cluster: dict[str, Any], name: str) -> None:
    given = inputs(name)
    command = find(cluster[name], "Pod", "kube-apiserver")["spec"]["containers"][0]["command"]
    flags = dict(arg.split("=", 1) for arg in command[1:])
    assert flags["--etcd-servers"] == ",".join(f"https://{h}:2379" for h in given["etcd_servers"])
    assert flags["--service-cluster-ip-range"] == given["service_cidr"]
    assert flags["--enable-bootstrap-token-auth"] == "true"
    aggregation = "--requestheader-client-ca-file" in flags
    assert aggregation == given["enable_aggregation"]
    # Every file a control-plane flag names is one of the controller's files.
    paths = {f["path"] for f in cluster[name]["controller_files"][0]}
    for pod in ("kube-apiserver", "kube-controller-manager", "kube-scheduler"):
        command = find(cluster[name], "Pod", pod)["spec"]["containers"][0]["command"]
        named = [arg.split("=", 1)[1] for arg in command if re.match(r"--[a-z-]+=/etc/", arg)]
        assert named and set(named) <= paths, set(named) - paths


@pytest.mark.parametrize("name", NAMES)
def test_etcd_members(cluster: dict[str, Any], name: str) -> None:
    outputs = cluster[name]
    hosts = inputs(name)["etcd_servers"]
    members = outputs["etcd_members"]
    assert [m.split("=", 1)[1] for m in members] == [f"https://{h}:2380" for h in hosts]
    assert len({m.split("=", 1)[0] for m in members}) == len(hosts)
    for index, host in enumerate(hosts):
        env_file = controller_file(outputs, index, "/etc/etcd/etcd.env")["contents"]
        env = dict(line.split("=", 1) for line in env_file.splitlines())
        assert f"{env['ETCD_NAME']}=https://{host}:2380" == members[index]
        assert env["ETCD_INITIAL_CLUSTER"] == ",".join(members)
        assert env["ETCD_ADVERTISE_CLIENT_URLS"] == f"https://{host}:2379"
        assert env["ETCD_CLIENT_CERT_AUTH"] == env["ETCD_PEER_CLIENT_CERT_AUTH"] == "true"
        assert env["ETCD_LISTEN_CLIENT_URLS"].startswith("https://")
        assert env["ETCD_LISTEN_PEER_URLS"].startswith("https://")
        units = [unit["name"] for unit in outputs["controller_units"][index]]
        expected = ["etcd-member.service", "etcd-rejoin.service"] + (
            ["bootstrap.service"] if index == 0 else []
        )
        assert units == expected


@pytest.mark.parametrize("name", NAMES)
def test_keys_and_secrets_are_0600(cluster: dict[str, Any], name: str) -> None:
    for index in range(len(inputs(name)["etcd_servers"])):
        for file in cluster[name]["controller_files"][index]:
            secret = file["path"].endswith((".key", ".conf")) or file["path"].startswith(
                "/opt/bootstrap/assets/"
            )
            if secret:
                assert file["mode"] == 0o600, file["path"]
            assert file["mode"] in (0o600, 0o644, 0o700, 0o755), file["path"]
    assert f"{PKI}/ca.key" in cluster[name]["assets"]
