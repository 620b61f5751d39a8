"""The one error type the CLI turns into a message for people (never a traceback)."""

from __future__ import annotations


class RailyardError(Exception):
    """An error with a message a person can act on.

    `where` is "file:line:col" (or "file:line", or "file") when the error points at a place;
    `hint` says what to do about it.
    """

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text
