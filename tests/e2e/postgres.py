"""A real PostgreSQL server for the `pg` backend tests: 127.0.0.1, a free port, own data dir.

initdb refuses to run as root, so the server runs as the `postgres` system user. It is
stopped by its own pid (from postmaster.pid), never by name.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.e2e.local_server import free_port, wait_until_listening

BINARIES = Path("/usr/lib/postgresql/15/bin")


def _as_postgres(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a server; yield its connection string; stop it by pid.

    Its directory is a fresh one under the system temp dir, owned by `postgres` (pytest's
    own tmp tree is private to root, and the server cannot reach into it).
    """
    initdb = shutil.which("initdb") or str(BINARIES / "initdb")
    postgres = shutil.which("postgres") or str(BINARIES / "postgres")
    if not Path(initdb).exists():
        pytest.skip("PostgreSQL 15 binaries are not installed")
    base = Path(tempfile.mkdtemp(prefix="railyard-pg-"))
    data = base / "pgdata"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(data, "postgres")
    subprocess.run(
        _as_postgres([initdb, "-D", str(data), "-A", "trust", "-U", "railyard"]),
        check=True,
        capture_output=True,
    )
    port = free_port()
    log = (base / "postgres.log").open("w")
    server = subprocess.Popen(
        _as_postgres(
            [
                postgres,
                "-D",
                str(data),
                "-p",
                str(port),
                "-k",
                str(data),
                "-c",
                "listen_addresses=127.0.0.1",
            ]
        ),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        try:
            wait_until_listening(server, port, "postgres")
        except RuntimeError as error:
            raise RuntimeError(f"{error}: {(base / 'postgres.log').read_text()}") from None
        time.sleep(0.5)  # accepting TCP before it accepts logins
        yield f"postgres://railyard@127.0.0.1:{port}/postgres?sslmode=disable"
    finally:
        pid_file = data / "postmaster.pid"
        pid = int(pid_file.read_text().split()[0]) if pid_file.exists() else server.pid
        os.kill(pid, signal.SIGINT)  # fast shutdown
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.kill(pid, signal.SIGKILL)
            server.wait()
        log.close()
        shutil.rmtree(base, ignore_errors=True)
