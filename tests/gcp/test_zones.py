"""The region's zones, read at the first apply, are kept: a zone Google opens later moves
no controller and no worker group (real CLI, real gcp module, sandbox)."""

from __future__ import annotations

import pytest

from railyard.sandbox import store
from tests.aws.conftest import Cli

REGION = "europe-west1"


@pytest.mark.slow
def test_zones_read_at_the_first_apply_are_kept(cli: Cli) -> None:
    text = cli.cluster_file.read_text()
    line = next(x for x in text.splitlines(keepends=True) if x.strip().startswith("zones:"))
    cli.cluster_file.write_text(text.replace(line, ""))
    cli.ok("apply", "--auto-approve")
    placed = sorted(i["zone"] for i in cli.cloud()["google_compute_instance"].values())
    assert placed == [f"{REGION}-{z}" for z in "bcd"]

    # Google opens zone a: read afresh, controller i would move to another zone (replaced).
    store.set_zones(cli.workdir / ".sandbox", REGION, [f"{REGION}-{z}" for z in "abcd"])
    assert cli("plan", "--detailed-exitcode").returncode == 0
    assert sorted(i["zone"] for i in cli.cloud()["google_compute_instance"].values()) == placed
