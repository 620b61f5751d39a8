"""Asking a person before changing infrastructure."""

from __future__ import annotations

from railyard.console import stderr
from railyard.errors import RailyardError


def require_answer(question: str, expected: str) -> None:
    """Ask `question`; anything but `expected` (or end of input) aborts."""
    try:
        answer = stderr.input(f"{question} ")
    except EOFError:
        answer = ""
    if answer.strip() != expected:
        raise RailyardError(
            "not confirmed: nothing was changed",
            hint="answer exactly as asked, or pass --auto-approve",
        )
