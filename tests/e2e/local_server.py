"""What the test servers (PostgreSQL, moto) share: a free port on 127.0.0.1, and waiting
until the process listens on it."""

from __future__ import annotations

import socket
import subprocess
import time


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_listening(server: subprocess.Popen[bytes], port: int, name: str) -> None:
    """Return once 127.0.0.1:port accepts connections; fail if `server` exits or 30 s pass."""
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError(f"{name} did not start listening on port {port}") from None
            time.sleep(0.2)
