"""Where railyard's own HCL lives: inside the wheel, or in a source checkout."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def hcl_root() -> Path:
    """The tree holding `modules/` and `platforms/`.

    RAILYARD_HCL_DIR overrides it (module development, and the tests' stand-in platforms).
    """
    override = os.environ.get("RAILYARD_HCL_DIR")
    if override:
        return Path(override).resolve()
    packaged = PACKAGE_DIR / "hcl"
    if packaged.is_dir():
        return packaged
    return PACKAGE_DIR.parent.parent / "terraform"
