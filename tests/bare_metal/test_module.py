"""The bare-metal modules: README tables match the HCL; every module is `terraform fmt` clean
and `terraform validate` clean on its own, under each terraform version."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from railyard.sandbox import prepare
from tests.conftest import TERRAFORMS

from .conftest import newest_terraform

HCL = Path(__file__).resolve().parents[2] / "terraform"
PLATFORM = HCL / "platforms" / "bare-metal"
MODULES = {"cluster": PLATFORM, "workers": PLATFORM / "workers"}

_BLOCK = r'^{kind} "(\w+)" \{{\n(.*?)^\}}'
_DESCRIPTION = re.compile(r'^\s*description\s*=\s*"((?:[^"\\]|\\.)*)"', re.MULTILINE)
_TYPE = re.compile(r"^\s*type\s*=\s*(.+)$", re.MULTILINE)
_DEFAULT = re.compile(r"^\s*default\s*=\s*(.+)$", re.MULTILINE)


def _blocks(module: Path, kind: str, filename: str) -> list[tuple[str, str]]:
    text = (module / filename).read_text()
    return re.findall(_BLOCK.format(kind=kind), text, re.MULTILINE | re.DOTALL)


def _description(body: str) -> str:
    found = _DESCRIPTION.search(body)
    assert found, body
    return found.group(1).replace('\\"', '"')


def expected_tables(module: Path) -> tuple[list[str], list[str]]:
    """The README's table rows as they should read: (inputs, outputs)."""
    inputs = []
    for name, body in _blocks(module, "variable", "variables.tf"):
        kind = _TYPE.search(body)
        assert kind, f"variable {name} has no type"
        default = _DEFAULT.search(body)
        cells = [
            f"`{name}`",
            _description(body),
            f"`{kind.group(1)}`",
            f"`{default.group(1)}`" if default else "—",
            "no" if default else "yes",
        ]
        inputs.append("| " + " | ".join(cells) + " |")
    outputs = [
        f"| `{name}` | {_description(body)} |"
        for name, body in _blocks(module, "output", "outputs.tf")
    ]
    return inputs, outputs


def _rows(readme: str, heading: str) -> list[str]:
    section = readme.split(f"\n{heading}\n", 1)[1].split("\n#", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| `")]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_tables_match_the_hcl(name: str) -> None:
    readme = (PLATFORM / "README.md").read_text()
    inputs, outputs = expected_tables(MODULES[name])
    assert _rows(readme, f"### Inputs ({name})") == inputs
    assert _rows(readme, f"### Outputs ({name})") == outputs


def test_fmt_clean(tmp_path: Path) -> None:
    done = subprocess.run(
        [newest_terraform(TERRAFORMS), "fmt", "-check", "-recursive", "-diff", str(PLATFORM)],
        capture_output=True,
        text=True,
        env={"CHECKPOINT_DISABLE": "1", "HOME": str(tmp_path), "TF_CLI_CONFIG_FILE": "/dev/null"},
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_each_module_validates_on_its_own(terraform_bin: str, tmp_path: Path) -> None:
    """The platform, workers/ and machine/ as a user would call them (providers from the
    sandbox's mirror: matchbox stand-in, real null)."""
    copy = tmp_path / "terraform"
    for part in ("modules", "platforms/bare-metal"):
        shutil.copytree(HCL / part, copy / part)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "CHECKPOINT_DISABLE": "1",
        "TF_IN_AUTOMATION": "1",
        **prepare(tmp_path / "sandbox"),
    }
    for module in ("", "workers", "machine"):
        directory = copy / "platforms" / "bare-metal" / module
        for args in (["init", "-backend=false", "-input=false"], ["validate", "-no-color"]):
            done = subprocess.run(
                [terraform_bin, f"-chdir={directory}", *args],
                capture_output=True,
                text=True,
                env=env,
                timeout=300,
            )
            assert done.returncode == 0, f"{module or 'cluster'}: {done.stdout}{done.stderr}"
