"""Control-plane hardening: Secrets encrypted at rest with a key made by Terraform, an audit
log with rotation, profiling off, probes on every static pod, anonymous requests limited to
the health paths the probes use."""

from __future__ import annotations

import base64
from typing import Any

import pytest
import yaml

from .conftest import NAMES, inputs
from .helpers import controller_file, find

pytestmark = pytest.mark.slow

APISERVER = "/etc/kubernetes/apiserver"
COMPONENTS = ("kube-apiserver", "kube-controller-manager", "kube-scheduler")


def _container(outputs: dict[str, Any], pod: str) -> dict[str, Any]:
    return dict(find(outputs, "Pod", pod)["spec"]["containers"][0])


def _flags(outputs: dict[str, Any], pod: str) -> dict[str, str]:
    return dict(arg.split("=", 1) for arg in _container(outputs, pod)["command"][1:])


def _config(outputs: dict[str, Any], name: str) -> dict[str, Any]:
    return dict(yaml.safe_load(outputs["assets"][f"{APISERVER}/{name}"]))


@pytest.mark.parametrize("name", NAMES)
def test_secrets_are_encrypted_at_rest(cluster: dict[str, Any], name: str) -> None:
    outputs = cluster[name]
    path = _flags(outputs, "kube-apiserver")["--encryption-provider-config"]
    config = _config(outputs, "encryption.yaml")
    assert path == f"{APISERVER}/encryption.yaml"
    assert config["kind"] == "EncryptionConfiguration"
    [resource] = config["resources"]
    assert resource["resources"] == ["secrets"]
    first, fallback = resource["providers"]
    [key] = first["secretbox"]["keys"]
    assert len(base64.b64decode(key["secret"])) == 32
    assert fallback == {"identity": {}}
    for index in range(len(inputs(name)["etcd_servers"])):
        assert controller_file(outputs, index, path)["mode"] == 0o600


def test_encryption_keys_are_random_and_never_printed(
    cluster: dict[str, Any], cluster_root: tuple[Any, str]
) -> None:
    keys = {
        _config(cluster[name], "encryption.yaml")["resources"][0]["providers"][0]["secretbox"][
            "keys"
        ][0]["secret"]
        for name in NAMES
    }
    assert len(keys) == len(NAMES)
    for key in keys:
        assert key not in cluster_root[1]
        assert base64.b64decode(key).decode() not in cluster_root[1]


@pytest.mark.parametrize("name", NAMES)
def test_audit_log_with_rotation(cluster: dict[str, Any], name: str) -> None:
    outputs = cluster[name]
    flags = _flags(outputs, "kube-apiserver")
    assert flags["--audit-policy-file"] == f"{APISERVER}/audit-policy.yaml"
    log_dir = flags["--audit-log-path"].rsplit("/", 1)[0]
    assert int(flags["--audit-log-maxsize"]) * int(flags["--audit-log-maxbackup"]) <= 2000
    assert int(flags["--audit-log-maxage"]) > 0
    pod = find(outputs, "Pod", "kube-apiserver")["spec"]
    volumes = {v["name"]: v["hostPath"]["path"] for v in pod["volumes"]}
    mounts = {m["mountPath"]: m for m in pod["containers"][0]["volumeMounts"]}
    assert volumes[mounts[log_dir]["name"]] == log_dir and not mounts[log_dir]["readOnly"]
    assert volumes[mounts[APISERVER]["name"]] == APISERVER and mounts[APISERVER]["readOnly"]
    policy = _config(outputs, "audit-policy.yaml")
    assert policy["kind"] == "Policy"
    # Secret values never land in the audit log: Secrets are logged at Metadata only.
    for rule in policy["rules"]:
        if rule["level"] in ("Request", "RequestResponse"):
            assert "resources" not in rule or all(
                "secrets" not in group.get("resources", []) for group in rule["resources"]
            )
    # The first rule a request for a Secret can match (by any user, any verb).
    first_secret_rule = next(
        rule
        for rule in policy["rules"]
        if "nonResourceURLs" not in rule
        and "users" not in rule
        and (
            "resources" not in rule
            or any("secrets" in group.get("resources", []) for group in rule["resources"])
        )
    )
    assert first_secret_rule["level"] == "Metadata"


@pytest.mark.parametrize("name", NAMES)
def test_profiling_off_and_probes_on(cluster: dict[str, Any], name: str) -> None:
    outputs = cluster[name]
    for pod in COMPONENTS:
        assert _flags(outputs, pod)["--profiling"] == "false"
        container = _container(outputs, pod)
        for probe in ("livenessProbe", "readinessProbe"):
            get = container[probe]["httpGet"]
            assert get["scheme"] == "HTTPS" and get["host"] == "127.0.0.1"
            assert get["path"] in ("/livez", "/readyz", "/healthz")
    ports = {
        pod: _container(outputs, pod)["livenessProbe"]["httpGet"]["port"] for pod in COMPONENTS
    }
    assert ports == {
        "kube-apiserver": 6443,
        "kube-controller-manager": 10257,
        "kube-scheduler": 10259,
    }
    assert _flags(outputs, "kube-apiserver")["--secure-port"] == "6443"


@pytest.mark.parametrize("name", NAMES)
def test_anonymous_requests_reach_only_the_health_paths(cluster: dict[str, Any], name: str) -> None:
    outputs = cluster[name]
    flags = _flags(outputs, "kube-apiserver")
    # kube-apiserver refuses --anonymous-auth together with an anonymous section.
    assert "--anonymous-auth" not in flags
    assert flags["--authentication-config"] == f"{APISERVER}/authentication.yaml"
    config = _config(outputs, "authentication.yaml")
    assert config["apiVersion"] == "apiserver.config.k8s.io/v1"
    anonymous = config["anonymous"]
    assert anonymous["enabled"] is True
    assert {c["path"] for c in anonymous["conditions"]} == {"/livez", "/readyz", "/healthz"}
    probed = {
        _container(outputs, "kube-apiserver")[probe]["httpGet"]["path"]
        for probe in ("livenessProbe", "readinessProbe")
    }
    assert probed <= {c["path"] for c in anonymous["conditions"]}
