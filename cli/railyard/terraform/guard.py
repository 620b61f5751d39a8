"""The single-threaded parent terraform runs under, so that railyard's death stops it once.

railyard runs `python -I -S guard.py RAILYARD_PID TERRAFORM ARGS...` (see `command`), and
this process:

- dies with railyard, however railyard dies (PR_SET_PDEATHSIG SIGKILL; it exits at once if
  railyard is already gone);
- starts terraform (in the same process group, which railyard signals) tied to itself:
  when the guard dies the kernel sends terraform SIGTERM, which terraform treats like
  Ctrl-C (it finishes what is in flight, writes the state and releases the lock);
- lets SIGINT and SIGTERM sent to the group reach terraform and only notes them itself;
- exits with terraform's exit code (128+N when signal N ended terraform, 127 when it could
  not be started).

Why a separate parent: PR_SET_PDEATHSIG fires when the *thread* that started the child
exits, and once more each time the child passes to another live thread of the same
process. railyard has threads (rich's refresh thread), so its SIGKILL sent terraform one
SIGTERM per thread in about half the runs; terraform takes a second SIGTERM as "cancel
now", releases the lock and exits while its apply is still writing the state (seen: an
empty terraform.tfstate). This process has one thread: terraform gets exactly one SIGTERM.

Standard library only: it runs with `-I -S`, outside railyard's environment.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
from pathlib import Path

PR_SET_PDEATHSIG = 1
CANNOT_START = 127


def command(argv: list[str]) -> list[str]:
    """The argv that runs `argv` (terraform and its arguments) under a guard tied to us."""
    return [sys.executable, "-I", "-S", str(Path(__file__)), str(os.getpid()), *argv]


def _die_with(parent: int, signum: int) -> None:
    """Have the kernel send this process `signum` when `parent` dies; exit at once if it
    already has (a signal sent to ourselves here could meet an inherited handler)."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(128 + signum)


def main(parent: int, argv: list[str]) -> int:
    _die_with(parent, signal.SIGKILL)
    # Handlers, not SIG_IGN: an ignored signal would stay ignored in terraform too.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda _signum, _frame: None)
    guard = os.getpid()
    try:
        terraform = subprocess.Popen(argv, preexec_fn=lambda: _die_with(guard, signal.SIGTERM))
    except OSError as error:
        print(f"railyard: cannot run {argv[0]}: {error}", file=sys.stderr, flush=True)
        return CANNOT_START
    code = terraform.wait()
    return 128 - code if code < 0 else code


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]), sys.argv[2:]))
