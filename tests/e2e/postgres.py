"""A real PostgreSQL server for the `pg` backend tests: 127.0.0.1, a free port, own data dir.

initdb refuses to run as root, so the server runs as the `postgres` system user. It is
stopped by its own pid (from postmaster.pid), never by name.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

BINARIES = Path("/usr/lib/postgresql/15/bin")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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
    port = _free_port()
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
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    log_text = (base / "postgres.log").read_text()
                    raise RuntimeError(f"postgres did not start: {log_text}") from None
                time.sleep(0.2)
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
