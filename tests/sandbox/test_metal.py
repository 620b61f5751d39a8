"""The bare-metal and packet platforms' providers in the sandbox: matchbox, equinix, and the
null stand-in (used when the real null binary is not installed)."""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path

import pytest

import railyard.sandbox
from railyard.sandbox import store

from .conftest import make_sandboxed

pytestmark = pytest.mark.slow


def test_metal_module_lifecycle(
    terraform_bin: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(railyard.sandbox, "real_null_provider", lambda: None)
    box = make_sandboxed(terraform_bin, "metal", tmp_path)
    null_dir = box.sandbox_dir / "mirror/registry.terraform.io/hashicorp/null/2.1.2/linux_amd64"
    assert [p.name for p in null_dir.iterdir()] == ["terraform-provider-null_v2.1.2"]

    box.run("init", "-input=false")
    box.run("apply", "-auto-approve", "-input=false")
    outputs = json.loads(box.run("output", "-json").stdout)
    address = ipaddress.ip_address(outputs["public_ipv4"]["value"])
    assert address in ipaddress.ip_network("198.51.100.0/24")
    assert outputs["fingerprint"]["value"] == outputs["key_fingerprint"]["value"]
    assert store.summary(box.sandbox_dir) == {
        "equinix_metal_bgp_session": 1,
        "equinix_metal_device": 1,
        "equinix_metal_project_ssh_key": 1,
        "matchbox_group": 1,
        "matchbox_profile": 1,
        "null_resource": 1,
        "tls_private_key": 1,
    }
    assert store.get(box.sandbox_dir, "matchbox_group", "controller") is not None
    assert box.run("plan", "-detailed-exitcode", "-input=false").returncode == 0

    box.run("destroy", "-auto-approve", "-input=false")
    assert store.summary(box.sandbox_dir) == {}
