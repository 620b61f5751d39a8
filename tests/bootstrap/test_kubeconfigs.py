"""Every kubeconfig parses and names the right server, CA and identity."""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest
import yaml
from cryptography.x509.oid import NameOID

from .conftest import NAMES, inputs
from .helpers import PKI, certificate, documents, find, kubeconfig_ca, private_key, public_der

pytestmark = pytest.mark.slow

LOCAL_API = "https://127.0.0.1:6443"


def _client(kubeconfig: dict[str, Any]) -> tuple[str, list[str]]:
    """The client certificate's common name and organizations; checks the key matches."""
    user = kubeconfig["users"][0]["user"]
    cert = certificate(base64.b64decode(user["client-certificate-data"]).decode())
    key = private_key(base64.b64decode(user["client-key-data"]).decode())
    assert public_der(key.public_key()) == public_der(cert.public_key())
    cert.verify_directly_issued_by(kubeconfig_ca(kubeconfig))
    common_name = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    organizations = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    return str(common_name), [str(o.value) for o in organizations]


def _consistent(kubeconfig: dict[str, Any]) -> None:
    """current-context names a context whose cluster and user exist."""
    contexts = {c["name"]: c["context"] for c in kubeconfig["contexts"]}
    context = contexts[kubeconfig["current-context"]]
    assert context["cluster"] in {c["name"] for c in kubeconfig["clusters"]}
    assert context["user"] in {u["name"] for u in kubeconfig["users"]}


@pytest.mark.parametrize("name", NAMES)
def test_admin_kubeconfig(cluster: dict[str, Any], name: str) -> None:
    outputs = cluster[name]
    endpoint = f"https://{inputs(name)['api_servers'][0]}:6443"
    assert outputs["api_endpoint"] == endpoint
    admin = yaml.safe_load(outputs["kubeconfig_admin"])
    assert admin == yaml.safe_load(outputs["assets"]["/etc/kubernetes/admin.conf"])
    _consistent(admin)
    assert admin["clusters"][0]["cluster"]["server"] == endpoint
    assert kubeconfig_ca(admin) == certificate(outputs["assets"][f"{PKI}/ca.crt"])
    assert _client(admin) == (f"{inputs(name)['cluster_name']}-admin", ["system:masters"])


@pytest.mark.parametrize("name", NAMES)
def test_component_kubeconfigs(cluster: dict[str, Any], name: str) -> None:
    assets = cluster[name]["assets"]
    for file, user in (
        ("controller-manager.conf", "system:kube-controller-manager"),
        ("scheduler.conf", "system:kube-scheduler"),
    ):
        kubeconfig = yaml.safe_load(assets[f"/etc/kubernetes/{file}"])
        _consistent(kubeconfig)
        assert kubeconfig["clusters"][0]["cluster"]["server"] == LOCAL_API
        assert kubeconfig_ca(kubeconfig) == certificate(assets[f"{PKI}/ca.crt"])
        assert _client(kubeconfig) == (user, [])


@pytest.mark.parametrize("name", NAMES)
def test_kubelet_bootstrap_kubeconfig(cluster: dict[str, Any], name: str) -> None:
    outputs = cluster[name]
    kubeconfig = yaml.safe_load(outputs["kubeconfig_kubelet"])
    _consistent(kubeconfig)
    assert kubeconfig["clusters"][0]["cluster"]["server"] == outputs["api_endpoint"]
    assert kubeconfig_ca(kubeconfig) == certificate(outputs["assets"][f"{PKI}/ca.crt"])
    user = kubeconfig["users"][0]["user"]
    assert set(user) == {"token"}
    token = re.fullmatch(r"([a-z0-9]{6})\.([a-z0-9]{16})", user["token"])
    assert token is not None, "not a bootstrap token: [a-z0-9]{6}.[a-z0-9]{16}"
    token_id, token_secret = token.groups()
    secret = find(outputs, "Secret", f"bootstrap-token-{token_id}")
    assert secret["type"] == "bootstrap.kubernetes.io/token"
    assert secret["metadata"]["namespace"] == "kube-system"
    assert secret["stringData"]["token-id"] == token_id
    assert secret["stringData"]["token-secret"] == token_secret
    assert secret["stringData"]["usage-bootstrap-authentication"] == "true"
    # flatcar-node's kubelet unit extracts the CA with grep + awk '{print $2}' + base64 -d.
    lines = outputs["kubeconfig_kubelet"].splitlines()
    line = next(li for li in lines if "certificate-authority-data" in li)
    assert base64.b64decode(line.split()[1]).decode() == outputs["assets"][f"{PKI}/ca.crt"]


@pytest.mark.parametrize("name", NAMES)
def test_nodes_may_join_and_rotate(cluster: dict[str, Any], name: str) -> None:
    """The RBAC that lets a bootstrap token ask for a certificate and nodes renew theirs."""
    bindings = {
        (doc["roleRef"]["name"], subject["kind"], subject["name"])
        for docs in documents(cluster[name]).values()
        for doc in docs
        if doc["kind"] == "ClusterRoleBinding"
        for subject in doc["subjects"]
    }
    csr = "system:certificates.k8s.io:certificatesigningrequests"
    assert bindings >= {
        ("system:node-bootstrapper", "Group", "system:bootstrappers"),
        (f"{csr}:nodeclient", "Group", "system:bootstrappers"),
        (f"{csr}:selfnodeclient", "Group", "system:nodes"),
        ("system:kubelet-api-admin", "User", "kube-apiserver-kubelet-client"),
    }


def test_bootstrap_token_secret_stays_out_of_terraform_output(
    cluster: dict[str, Any], cluster_root: tuple[Any, str]
) -> None:
    """The token's secret half is sensitive: apply never prints it (a resource id would be
    printed as [id=...] in every plan and apply log)."""
    applied = cluster_root[1]
    for name in NAMES:
        user = yaml.safe_load(cluster[name]["kubeconfig_kubelet"])["users"][0]["user"]
        token_id, token_secret = user["token"].split(".")
        # The log is live: the public id half shows, as every resource id does.
        assert f"[id={token_id}]" in applied
        assert token_secret not in applied, f"{name}: the token secret is in terraform's output"
