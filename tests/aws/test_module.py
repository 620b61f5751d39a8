"""The aws platform and workers/ validate on their own, as a Terraform shop calls them
(providers from the sandbox's mirror, which serves the real schemas)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from railyard.sandbox import prepare

from .conftest import MODULE

HCL = MODULE.parents[1]


def test_each_module_validates_on_its_own(terraform_bin: str, tmp_path: Path) -> None:
    copy = tmp_path / "terraform"
    for part in ("modules", "platforms/aws"):
        shutil.copytree(HCL / part, copy / part)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "CHECKPOINT_DISABLE": "1",
        "TF_IN_AUTOMATION": "1",
        **prepare(tmp_path / "sandbox"),
    }
    for module in ("", "workers"):
        directory = copy / "platforms" / "aws" / module
        for args in (["init", "-backend=false", "-input=false"], ["validate", "-no-color"]):
            done = subprocess.run(
                [terraform_bin, f"-chdir={directory}", *args],
                capture_output=True,
                text=True,
                env=env,
                timeout=300,
            )
            assert done.returncode == 0, f"{module or 'cluster'}: {done.stdout}{done.stderr}"
