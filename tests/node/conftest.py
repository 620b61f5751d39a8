"""Session-wide renderings of the flatcar-node module, one terraform run per version."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .ignition_tools import apply_config
from .matrix import cases
from .render import render


@pytest.fixture(scope="session")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """The module calls (the same ones for every terraform version)."""
    return cases(tmp_path_factory.mktemp("snippets"))


@pytest.fixture(scope="session")
def rendered(
    terraform_bin: str, matrix: dict[str, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, dict[str, str]]:
    """case -> {"ignition", "ignition_compact"} JSON text, rendered by this terraform."""
    return render(terraform_bin, tmp_path_factory.mktemp("render") / "root", matrix)


@pytest.fixture(scope="session")
def applied(rendered: dict[str, dict[str, str]]) -> Iterator[dict[str, dict[str, Path]]]:
    """case -> {"ignition": root, "ignition_compact": root}: each config applied by Ignition.

    Not under pytest's tmp dir: that is mode 0700, and Ignition writes ~core/.ssh as core.
    """
    base = Path(tempfile.mkdtemp(prefix="railyard-ignition-"))
    base.chmod(0o755)
    roots: dict[str, dict[str, Path]] = {}
    try:
        for case, outputs in rendered.items():
            roots[case] = {}
            for form, text in outputs.items():
                workdir = base / f"{case}-{form}"
                workdir.mkdir()
                roots[case][form] = apply_config(text, workdir)
        yield roots
    finally:
        shutil.rmtree(base)
