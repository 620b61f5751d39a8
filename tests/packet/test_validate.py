"""The packet modules on their own (init + validate, no warnings) and the mistakes their
checks stop at plan time, with the message a person needs, on every terraform found."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from railyard.sandbox import prepare
from tests.conftest import REPO, scratch_env

from .conftest import make_cluster

pytestmark = pytest.mark.slow

MODULES = ["platforms/packet", "platforms/packet/workers", "modules/ssh-files"]

# override.tf for the fixture -> what plan must say
MISTAKES = {
    "pinned os_version": (
        'module "cluster" {\n  os_version = "4081.2.0"\n}\n',
        "os_version must be current on packet",
    ),
    "arm64 on an x86 plan": (
        'module "cluster" {\n  arch = "arm64"\n}\n',
        "controller_type c3.small.x86 does not match arch arm64",
    ),
    "too many reservations": (
        'module "cluster" {\n  controller_reservation_ids = ["", "", "", "next-available"]\n}\n',
        "controller_reservation_ids has 4 entries for 3 controllers",
    ),
    "pool reservations": (
        'module "reserved" {\n  reservation_ids = ["next-available", "next-available"]\n}\n',
        "pool reserved: reservation_ids has 2 entries for 1 workers",
    ),
    "metro": ('module "cluster" {\n  metro = "dal"\n}\n', "two-letter Equinix Metal metro code"),
    "reservation id": (
        'module "reserved" {\n  reservation_ids = ["res-1"]\n}\n',
        "must be a hardware reservation UUID, next-available or empty",
    ),
}


def test_each_module_validates_on_its_own(terraform_bin: str, tmp_path: Path) -> None:
    copy = tmp_path / "terraform"
    shutil.copytree(REPO / "terraform", copy)
    env = scratch_env(tmp_path / "home", **prepare(tmp_path / "sandbox"))
    for module in MODULES:
        directory = copy / module
        for args in (["init", "-backend=false", "-input=false"], ["validate", "-json"]):
            done = subprocess.run(
                [terraform_bin, f"-chdir={directory}", *args],
                capture_output=True,
                text=True,
                env=env,
                timeout=300,
            )
            assert done.returncode == 0, f"{module}: {done.stdout}{done.stderr}"
        report = json.loads(done.stdout)
        assert report["valid"] and report["warning_count"] == 0, (module, report["diagnostics"])


def test_mistakes_stop_plan_with_a_message(terraform_bin: str, tmp_path: Path) -> None:
    box = make_cluster(terraform_bin, tmp_path)
    box.run("init", "-input=false")
    box.run("plan", "-input=false")  # the fixture itself is fine
    for case, (override, message) in MISTAKES.items():
        (box.workdir / "override.tf").write_text(override)
        done = box.run("plan", "-input=false", "-no-color", check=False)
        assert done.returncode == 1, case
        assert message in " ".join(done.stderr.split()), (case, done.stderr)
