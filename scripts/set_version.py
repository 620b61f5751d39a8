"""Set railyard's version everywhere it appears: the package (cli/railyard/__init__.py, which
pyproject.toml reads) and every HCL module's version.tf. Then add the release's section to
CHANGELOG.md and update the README's `?ref=v...` pins (tests/unit/test_release.py checks).

Usage: python scripts/set_version.py 0.2.0
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "cli" / "railyard" / "__init__.py"
_PACKAGE_VERSION = re.compile(r'^__version__ = "[^"]*"$', re.MULTILINE)
_MODULE_VERSION = re.compile(r'^(  value\s*= )"[^"]*"$', re.MULTILINE)


def module_version_files() -> list[Path]:
    """One version.tf in every directory of terraform/ holding HCL."""
    directories = {path.parent for path in (REPO / "terraform").rglob("*.tf")}
    return sorted(directory / "version.tf" for directory in directories)


def set_version(version: str) -> None:
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        sys.exit(f"not a release version (X.Y.Z): {version!r}")
    PACKAGE.write_text(_PACKAGE_VERSION.sub(f'__version__ = "{version}"', PACKAGE.read_text()))
    for path in module_version_files():
        path.write_text(_MODULE_VERSION.sub(rf'\g<1>"{version}"', path.read_text()))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    set_version(sys.argv[1])
