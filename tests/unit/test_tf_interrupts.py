"""A Ctrl-C that arrives while terraform is being started (the full Ctrl-C path, and the
second Ctrl-C, are tested in tests/terraform/test_runner.py)."""

from __future__ import annotations

import signal
import subprocess

from railyard.terraform.runner import _Interrupts


def test_ctrl_c_while_terraform_starts_is_forwarded_once_it_runs() -> None:
    said: list[str] = []
    interrupts = _Interrupts(said.append)
    interrupts.handle(signal.SIGINT, None)  # before the process exists: remembered
    assert said == []
    # A child inherits an *ignored* SIGINT (as pytest has under a non-interactive shell's
    # `&`, and terraform does not care: Go re-enables it); this `sleep` must not inherit it.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        process = subprocess.Popen(["sleep", "30"], start_new_session=True, text=True)
    finally:
        signal.signal(signal.SIGINT, previous)
    interrupts.attach(process)
    assert process.wait(timeout=10) == -signal.SIGINT
    assert said == [
        "interrupt: waiting for terraform to stop cleanly (state written, lock released)"
    ]
