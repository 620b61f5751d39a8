"""Bad inputs fail at plan time, each with a message that names the problem."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from .conftest import Root

pytestmark = pytest.mark.slow

GOOD: dict[str, Any] = {
    "cluster_name": "rail",
    "api_servers": ["api.rail.example.com"],
    "etcd_servers": ["c0.rail.example.com", "c1.rail.example.com", "c2.rail.example.com"],
    "networking": "flannel",
    "pod_cidr": "10.2.0.0/16",
    "service_cidr": "10.3.0.0/16",
    "host_cidr": "10.0.0.0/16",
    "kubernetes_version": "v1.36.2",
    "container_images": {},
}

# case -> (changes to GOOD, words the error must hold)
BAD: dict[str, tuple[dict[str, Any], str]] = {
    "pod overlaps service": (
        {"service_cidr": "10.2.128.0/20"},
        "pod_cidr 10.2.0.0/16 overlaps service_cidr 10.2.128.0/20",
    ),
    "host overlaps pod": (
        {"host_cidr": "10.0.0.0/8"},
        "pod_cidr 10.2.0.0/16 overlaps host_cidr 10.0.0.0/8",
    ),
    "even controller count": (
        {"etcd_servers": ["c0.rail.example.com", "c1.rail.example.com"]},
        "controller count, which must be 1, 3 or 5",
    ),
    "unknown networking": ({"networking": "weave"}, "networking must be flannel, calico or cilium"),
    "kubernetes before 1.34": ({"kubernetes_version": "v1.33.3"}, "must be v1.34.0 or newer"),
    "service cidr too small": ({"service_cidr": "10.3.0.0/25"}, "service_cidr is too small"),
    "latest image": (
        {"container_images": {"coredns": "registry.k8s.io/coredns/coredns:latest"}},
        "never :latest or untagged",
    ),
    "unknown image key": (
        {"container_images": {"kube_dns": "registry.k8s.io/coredns/coredns:v1.12.1"}},
        "container_images has unknown keys kube_dns",
    ),
}


def _plan(root: Root, cluster: dict[str, Any], name: str) -> tuple[int, str]:
    var_file = root.workdir / (re.sub(r"\W", "-", name) + ".tfvars.json")
    var_file.write_text(json.dumps({"cluster": cluster}))
    result = root.run("plan", "-input=false", "-refresh=false", f"-var-file={var_file}")
    # Terraform wraps messages and frames them; compare text, not layout.
    text = " ".join(re.sub(r"[│╷╵]", " ", result.stderr + result.stdout).split())
    return result.returncode, text


def test_good_inputs_plan(inputs_root: Root) -> None:
    code, text = _plan(inputs_root, GOOD, "good")
    assert code == 0, text
    assert "https://api.rail.example.com:6443" in text


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_fails_with_its_message(inputs_root: Root, case: str) -> None:
    changes, message = BAD[case]
    code, text = _plan(inputs_root, {**GOOD, **changes}, case)
    assert code != 0, f"plan accepted {case}: {text}"
    assert message in text, text
