"""The guard between railyard and terraform: railyard's death (even by SIGKILL, even with
threads running) sends terraform exactly one SIGTERM, and terraform's exit code comes back.

The stand-in for terraform is a Python script that counts the SIGTERMs it gets."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from railyard.terraform import guard

# Counts SIGTERMs; says it is ready; after the first one waits a second (a second
# SIGTERM from the kernel comes within milliseconds), then writes the count.
TERRAFORM = """
import os, signal, sys, time
got = []
signal.signal(signal.SIGTERM, lambda signum, frame: got.append(signum))
open(sys.argv[1] + ".ready", "w").close()
while not got:
    time.sleep(0.01)
time.sleep(1.0)
open(sys.argv[1] + ".tmp", "w").write(str(len(got)))
os.replace(sys.argv[1] + ".tmp", sys.argv[1])
"""
# railyard's shape: threads besides the main one (rich's refresh thread) when terraform runs.
RAILYARD = """
import subprocess, sys, threading, time
from railyard.terraform import guard
for _ in range(3):
    threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
subprocess.Popen(guard.command([sys.executable, "-c", sys.argv[1], sys.argv[2]]),
                 start_new_session=True)
time.sleep(60)
"""


def wait_for(path: Path, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)


def test_sigkill_of_a_threaded_railyard_sends_terraform_one_sigterm(tmp_path: Path) -> None:
    # Without the guard (PR_SET_PDEATHSIG set in railyard's child) about half of these runs
    # send two or more: one per railyard thread the child passes through as railyard dies.
    counts = []
    for attempt in range(6):
        result = tmp_path / f"count-{attempt}"
        railyard = subprocess.Popen([sys.executable, "-c", RAILYARD, TERRAFORM, str(result)])
        wait_for(Path(f"{result}.ready"))
        railyard.send_signal(signal.SIGKILL)
        railyard.wait()
        wait_for(result)
        counts.append(int(result.read_text()))
    assert counts == [1] * 6


def test_the_exit_code_is_terraform_s(tmp_path: Path) -> None:
    def run(script: str) -> int:
        return subprocess.run(guard.command([sys.executable, "-c", script]), check=False).returncode

    assert run("raise SystemExit(3)") == 3
    assert run("import os, signal; os.kill(os.getpid(), signal.SIGKILL)") == 128 + 9
    missing = subprocess.run(
        guard.command([str(tmp_path / "no-such-terraform")]), capture_output=True, text=True
    )
    assert missing.returncode == guard.CANNOT_START
    assert f"cannot run {tmp_path / 'no-such-terraform'}" in missing.stderr


def test_the_guard_does_not_start_terraform_once_railyard_is_gone(tmp_path: Path) -> None:
    marker = tmp_path / "started"
    argv = guard.command([sys.executable, "-c", f"open({str(marker)!r}, 'w').close()"])
    argv[4] = str(os.getpid() + 1_000_000)  # a parent that is not ours: railyard is gone
    assert subprocess.run(argv, check=False).returncode == 128 + signal.SIGKILL
    assert not marker.exists()
