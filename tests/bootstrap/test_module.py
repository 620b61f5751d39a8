"""The module is `terraform fmt` clean, `terraform validate` clean, and its README lists
every input and output."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from .conftest import REPO, Root, make_root

MODULE = REPO / "terraform" / "modules" / "bootstrap"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _names(kind: str) -> list[str]:
    text = (MODULE / f"{kind}s.tf").read_text()
    return re.findall(rf'^{kind} "([a-z_]+)"', text, re.MULTILINE)


@pytest.mark.parametrize("kind", ["variable", "output"])
def test_readme_tables_list_every_name(kind: str) -> None:
    readme = (MODULE / "README.md").read_text()
    names = _names(kind)
    assert len(names) >= 8
    missing = [name for name in names if f"| `{name}` |" not in readme]
    assert not missing, f"README.md lacks {kind}s {missing}"


@pytest.mark.slow
def test_module_formatted_and_valid(terraform_bin: str, tmp_path: Path) -> None:
    env = make_root(terraform_bin, "inputs", tmp_path).env
    for directory in (MODULE, FIXTURES):
        Root(terraform_bin, directory, env).check("fmt", "-check", "-diff", "-recursive")
    copy = tmp_path / "module"
    shutil.copytree(MODULE, copy)
    module = Root(terraform_bin, copy, env)
    module.check("init", "-input=false")
    report = json.loads(module.run("validate", "-json").stdout)
    assert report["valid"] and report["warning_count"] == 0, report["diagnostics"]
