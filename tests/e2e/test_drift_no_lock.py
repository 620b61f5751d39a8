"""`railyard drift --no-lock` beside another process holding the state lock, on a real
PostgreSQL backend: without the flag drift fails on the lock, with it the check runs."""

from __future__ import annotations

import subprocess
import time

import pytest

from railyard.sandbox import prepare
from tests.e2e.conftest import Cli
from tests.e2e.postgres import postgres_server
from tests.e2e.test_backends import PG_BACKEND

pytestmark = pytest.mark.slow


def test_no_lock_drift_runs_while_the_state_is_locked(cli: Cli, terraform_bin: str) -> None:
    with postgres_server() as pg:
        cli.env["RAILYARD_TEST_PG"] = pg
        cli.cluster_file.write_text(cli.cluster_file.read_text() + PG_BACKEND)
        cli.ok("apply", "--auto-approve")

        # `terraform console` holds the state lock for as long as it runs.
        holder = subprocess.Popen(
            [terraform_bin, f"-chdir={cli.workdir}", "console"],
            env={**cli.env, **prepare(cli.workdir / ".sandbox")},
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 120
            while True:
                locked = cli("drift")
                if locked.returncode == 1 and "lock" in locked.stderr.lower():
                    break
                assert holder.poll() is None, holder.communicate()
                assert time.monotonic() < deadline, "the state lock was never taken"
                time.sleep(0.5)
            assert "Traceback" not in locked.stderr

            checked = cli("drift", "--no-lock", "--format", "json")
            assert checked.returncode == 0, checked.stderr
            assert '"drifted": false' in checked.stdout
            assert holder.poll() is None  # the lock was held throughout
        finally:
            assert holder.stdin is not None
            holder.stdin.close()  # end of input: the console exits and unlocks
            holder.wait(timeout=60)
        assert cli("drift").returncode == 0
