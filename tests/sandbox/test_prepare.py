"""prepare(): the provider mirror, CLI config and store, built idempotently."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

import railyard.sandbox
from railyard.sandbox import PROVIDER_VERSIONS, prepare, store


def _mirror_files(sandbox: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(sandbox)): p.read_bytes()
        for p in sorted((sandbox / "mirror").rglob("*"))
        if p.is_file()
    }


def test_prepare_builds_mirror_config_and_store(tmp_path: Path) -> None:
    sandbox = tmp_path / ".sandbox"
    env = prepare(sandbox)
    assert env == {
        "TF_CLI_CONFIG_FILE": str(sandbox / "terraformrc"),
        "RAILYARD_SANDBOX_DIR": str(sandbox),
    }
    config = (sandbox / "terraformrc").read_text()
    assert f'path = "{sandbox / "mirror"}"' in config and "direct" not in config
    for address, version in PROVIDER_VERSIONS.items():
        platform = sandbox / "mirror/registry.terraform.io" / address / version / "linux_amd64"
        [executable] = list(platform.iterdir())
        assert executable.name.startswith(f"terraform-provider-{address.split('/')[1]}_v{version}")
        assert os.access(executable, os.X_OK)
    launcher = (
        sandbox
        / "mirror/registry.terraform.io/hashicorp/aws/6.0.0/linux_amd64"
        / "terraform-provider-aws_v6.0.0"
    ).read_text()
    assert "-m railyard.sandbox.provider hashicorp/aws" in launcher
    assert str(sandbox) in launcher
    key = sandbox / "plugin-tls/server.pem"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert store.summary(sandbox) == {}


def test_prepare_is_idempotent(tmp_path: Path) -> None:
    sandbox = tmp_path / ".sandbox"
    prepare(sandbox)
    store.put(sandbox, "aws_vpc", "vpc-1", {"id": "vpc-1"})
    before = _mirror_files(sandbox)
    prepare(sandbox)
    assert _mirror_files(sandbox) == before
    assert store.summary(sandbox) == {"aws_vpc": 1}


def test_mirror_is_the_same_however_python_was_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`railyard` (python3) and `python -m railyard` (python) must build identical launchers,
    or the hashes in .terraform.lock.hcl stop matching and terraform refuses to plan."""
    sandbox = tmp_path / ".sandbox"
    bin_dir = Path(sys.executable).parent
    monkeypatch.setattr(sys, "executable", str(bin_dir / "python"))
    prepare(sandbox)
    before = _mirror_files(sandbox)
    monkeypatch.setattr(sys, "executable", str(bin_dir / "python3"))
    prepare(sandbox)
    assert _mirror_files(sandbox) == before


def test_real_null_binary_is_used_when_installed(tmp_path: Path) -> None:
    real = railyard.sandbox.real_null_provider()
    sandbox = tmp_path / ".sandbox"
    prepare(sandbox)
    platform = sandbox / "mirror/registry.terraform.io/hashicorp/null/2.1.2/linux_amd64"
    [executable] = list(platform.iterdir())
    if real is None:
        assert executable.read_text().startswith("#!/bin/sh")
    else:
        assert executable.name == real.name
        assert executable.read_bytes() == real.read_bytes()
