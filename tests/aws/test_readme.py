"""The aws modules' READMEs list exactly their variables and outputs; the HCL is fmt-clean."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from .conftest import MODULE

_BLOCK = r'^{kind} "(\w+)" \{{\n(.*?)^\}}'
_DESCRIPTION = re.compile(r'^\s*description\s*=\s*"((?:[^"\\]|\\.)*)"', re.MULTILINE)
_TYPE = re.compile(r"^\s*type\s*=\s*(.+)$", re.MULTILINE)
_DEFAULT = re.compile(r"^\s*default\s*=\s*(.+)$", re.MULTILINE)
MODULES = [MODULE, MODULE / "workers"]


def _blocks(module: Path, kind: str, filename: str) -> list[tuple[str, str]]:
    text = (module / filename).read_text()
    return re.findall(_BLOCK.format(kind=kind), text, re.MULTILINE | re.DOTALL)


def _description(body: str) -> str:
    found = _DESCRIPTION.search(body)
    assert found, body
    return found.group(1).replace('\\"', '"')


def _table(module: Path, heading: str) -> list[list[str]]:
    readme = (module / "README.md").read_text()
    section = readme.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.name)
def test_inputs_table_matches_variables(module: Path) -> None:
    expected = []
    for name, body in _blocks(module, "variable", "variables.tf"):
        type_match = _TYPE.search(body)
        assert type_match, f"variable {name} has no type"
        default = _DEFAULT.search(body)
        expected.append(
            [
                f"`{name}`",
                _description(body),
                f"`{type_match.group(1)}`",
                f"`{default.group(1)}`" if default else "—",
                "no" if default else "yes",
            ]
        )
    assert _table(module, "Inputs") == expected


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.name)
def test_outputs_table_matches_outputs(module: Path) -> None:
    outputs = _blocks(module, "output", "outputs.tf")
    expected = [[f"`{name}`", _description(body)] for name, body in outputs]
    assert _table(module, "Outputs") == expected


def test_fmt_clean(terraform_bin: str, tmp_path: Path) -> None:
    done = subprocess.run(
        [terraform_bin, "fmt", "-check", "-recursive", "-diff", str(MODULE)],
        capture_output=True,
        text=True,
        env={"CHECKPOINT_DISABLE": "1", "HOME": str(tmp_path), "TF_CLI_CONFIG_FILE": "/dev/null"},
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
