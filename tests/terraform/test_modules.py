"""Every HCL module under terraform/, as a Terraform shop would use it directly:
`terraform fmt` clean, `terraform validate` clean on its own (with no warnings; providers
from the sandbox's mirror, which serves the real schemas), and documented: its README's
inputs and outputs tables list exactly its variables and outputs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from railyard.sandbox import prepare
from tests.conftest import REPO, scratch_env

HCL = REPO / "terraform"
MODULES = sorted(p.parent.relative_to(HCL).as_posix() for p in HCL.rglob("variables.tf"))
# Where each module's tables are: README, inputs heading, outputs heading. The tables'
# rows read `| name | description | type | default | required |` and
# `| name | description |` (bootstrap's differ: there only the names are compared).
DOCUMENTED = {
    "modules/flatcar-node": ("modules/flatcar-node/README.md", "## Inputs", "## Outputs"),
    "modules/bootstrap": ("modules/bootstrap/README.md", "## Inputs", "## Outputs"),
    "platforms/aws": ("platforms/aws/README.md", "## Inputs", "## Outputs"),
    "platforms/aws/workers": ("platforms/aws/workers/README.md", "## Inputs", "## Outputs"),
    "platforms/azure": ("platforms/azure/README.md", "## Inputs", "## Outputs"),
    "platforms/azure/workers": ("platforms/azure/workers/README.md", "## Inputs", "## Outputs"),
    "platforms/gcp": ("platforms/gcp/README.md", "## Inputs", "## Outputs"),
    "platforms/gcp/workers": ("platforms/gcp/workers/README.md", "## Inputs", "## Outputs"),
    "platforms/bare-metal": (
        "platforms/bare-metal/README.md",
        "### Inputs (cluster)",
        "### Outputs (cluster)",
    ),
    "platforms/bare-metal/workers": (
        "platforms/bare-metal/README.md",
        "### Inputs (workers)",
        "### Outputs (workers)",
    ),
    "platforms/packet": ("platforms/packet/README.md", "## Inputs", "## Outputs"),
    "platforms/packet/workers": ("platforms/packet/workers/README.md", "## Inputs", "## Outputs"),
}
NAMES_ONLY = {"modules/bootstrap"}
# Called only by their platform's own modules.
INTERNAL = {"modules/ssh-files", "modules/zones-kept", "platforms/bare-metal/machine"}

_BLOCK = r'^{kind} "(\w+)" \{{\n(.*?)^\}}'
_DESCRIPTION = re.compile(r'^\s*description\s*=\s*"((?:[^"\\]|\\.)*)"', re.MULTILINE)
# A type runs to the next argument: object({...}) types span several lines.
_TYPE = re.compile(
    r"^\s*type\s*=\s*(.+?)$(?=\n\s*(description|default|sensitive|nullable)\b)",
    re.MULTILINE | re.DOTALL,
)
_DEFAULT = re.compile(r"^\s*default\s*=\s*(.+)$", re.MULTILINE)


def _blocks(module: str, kind: str) -> list[tuple[str, str]]:
    text = (HCL / module / f"{kind}s.tf").read_text()
    return re.findall(_BLOCK.format(kind=kind), text, re.MULTILINE | re.DOTALL)


def _description(body: str) -> str:
    found = _DESCRIPTION.search(body)
    assert found, body
    return found.group(1).replace('\\"', '"')


def _one_line(expression: str) -> str:
    """A type written over several lines (object({...})) as one line of HCL."""
    lines = [" ".join(line.split()) for line in expression.splitlines()]
    text = lines[0]
    for line in lines[1:]:
        joiner = " " if text.endswith(("{", "(")) or line.startswith(("}", ")")) else ", "
        text += joiner + line
    return text


def _expected_rows(module: str) -> tuple[list[str], list[str]]:
    inputs = []
    for name, body in _blocks(module, "variable"):
        kind = _TYPE.search(body)
        assert kind, f"{module}: variable {name} has no type"
        default = _DEFAULT.search(body)
        cells = [
            f"`{name}`",
            _description(body),
            f"`{_one_line(kind.group(1))}`",
            f"`{default.group(1)}`" if default else "—",
            "no" if default else "yes",
        ]
        inputs.append("| " + " | ".join(cells) + " |")
    outputs = [f"| `{name}` | {_description(body)} |" for name, body in _blocks(module, "output")]
    return inputs, outputs


def _rows(readme: str, heading: str) -> list[str]:
    assert f"\n{heading}\n" in readme, f"no {heading!r} section"
    section = readme.split(f"\n{heading}\n", 1)[1].split("\n#", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| `")]


def _names(rows: list[str]) -> list[str]:
    return [row.split("`")[1] for row in rows]


def test_every_public_module_is_documented() -> None:
    assert set(MODULES) == set(DOCUMENTED) | INTERNAL


@pytest.mark.parametrize("module", sorted(DOCUMENTED))
def test_readme_tables_match_the_hcl(module: str) -> None:
    readme_path, inputs_heading, outputs_heading = DOCUMENTED[module]
    readme = (HCL / readme_path).read_text()
    inputs, outputs = _expected_rows(module)
    if module in NAMES_ONLY:
        assert _names(_rows(readme, inputs_heading)) == _names(inputs)
        assert _names(_rows(readme, outputs_heading)) == _names(outputs)
    else:
        assert _rows(readme, inputs_heading) == inputs
        assert _rows(readme, outputs_heading) == outputs


@pytest.mark.parametrize("tree", [HCL, REPO / "tests"], ids=["modules", "test-fixtures"])
def test_fmt_clean(terraform_bin: str, tree: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [terraform_bin, "fmt", "-check", "-recursive", "-diff", str(tree)],
        capture_output=True,
        text=True,
        env={"CHECKPOINT_DISABLE": "1", "HOME": str(tmp_path), "TF_CLI_CONFIG_FILE": os.devnull},
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_each_module_validates_on_its_own(terraform_bin: str, tmp_path: Path) -> None:
    copy = tmp_path / "terraform"
    shutil.copytree(HCL, copy)
    env = scratch_env(tmp_path / "home", **prepare(tmp_path / "sandbox"))
    for module in MODULES:
        directory = copy / module
        init = subprocess.run(
            [terraform_bin, f"-chdir={directory}", "init", "-backend=false", "-input=false"],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        assert init.returncode == 0, f"{module}: {init.stdout}{init.stderr}"
        done = subprocess.run(
            [terraform_bin, f"-chdir={directory}", "validate", "-json"],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        report = json.loads(done.stdout)
        assert report["valid"] and report["warning_count"] == 0, (module, report["diagnostics"])
