"""The README stays true: its reference matches the model, its set-up matches .ci/run."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent


def _reference_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "cluster_reference", REPO / "scripts" / "cluster_reference.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cluster_reference_is_in_sync_with_the_model() -> None:
    script = _reference_script()
    readme = (REPO / "README.md").read_text()
    assert script.readme_with_reference(readme) == readme, (
        "README's cluster file reference is stale: run python scripts/cluster_reference.py --write"
    )
    for field in ("spot_price", "dns_zone_id", "install_disk", "reboot_strategy", "from_env"):
        assert f"`{field}`" in readme


def test_setup_commands_are_the_ones_ci_runs() -> None:
    readme = (REPO / "README.md").read_text()
    assert "bash scripts/sandbox-demo.sh" in readme
    assert "bash scripts/test.sh" in readme
    assert "bash scripts/test.sh" in (REPO / ".ci" / "run").read_text()
    assert (REPO / "scripts" / "sandbox-demo.sh").is_file()
