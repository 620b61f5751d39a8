"""One version everywhere: the package (which pyproject reads), every HCL module's
`module_version`, the changelog's latest release and the README's pinned module sources;
and the README's report examples match the published schemas."""

from __future__ import annotations

import importlib.metadata
import json
import re
import tomllib
from pathlib import Path

import jsonschema
import pytest

from railyard import __version__
from railyard.report.schemas import REPORTS, report_schema
from tests.conftest import REPO

HCL = REPO / "terraform"
MODULE_DIRS = sorted({p.parent for p in HCL.rglob("*.tf")})
_OUTPUT = re.compile(r'^output "module_version" \{\n.*?^  value\s*= "([^"]*)"\n\}', re.M | re.S)


def test_pyproject_reads_the_package_version() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["hatch"]["version"]["path"] == "cli/railyard/__init__.py"
    assert importlib.metadata.version("railyard") == __version__  # the installed metadata


@pytest.mark.parametrize("directory", MODULE_DIRS, ids=lambda p: p.relative_to(HCL).as_posix())
def test_every_module_has_the_version(directory: Path) -> None:
    found = _OUTPUT.findall((directory / "version.tf").read_text())
    assert found == [__version__]


def test_changelog_latest_release_is_the_version() -> None:
    releases = re.findall(r"^## \[(\d+\.\d+\.\d+)\]", (REPO / "CHANGELOG.md").read_text(), re.M)
    assert releases and releases[0] == __version__


def test_readmes_pin_the_version() -> None:
    readmes = [REPO / "README.md", *HCL.rglob("README.md")]
    refs = {ref for path in readmes for ref in re.findall(r"\?ref=v([\w.]+)", path.read_text())}
    assert refs == {__version__}
    sources = re.findall(r'source = "([^"]+)"', (REPO / "README.md").read_text())
    assert (
        f"git::https://github.com/OWNER/railyard.git//terraform/platforms/aws?ref=v{__version__}"
        in sources
    )


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_readme_shows_each_report_shape(name: str) -> None:
    readme = (REPO / "README.md").read_text()
    block = readme.split(f"<!-- report:{name} -->\n```json\n", 1)[1].split("\n```", 1)[0]
    document = json.loads(block)
    errors = jsonschema.Draft202012Validator(report_schema(name)).iter_errors(document)
    assert [error.message for error in errors] == []
