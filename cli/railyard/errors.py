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


class Terminated(Exception):
    """SIGTERM stopped railyard, after any terraform it ran stopped cleanly (exit 143).

    Not a KeyboardInterrupt: typer turns those into exit 130."""

    exit_code = 128 + 15


def os_error(error: OSError) -> RailyardError:
    """One message for a filesystem error: what failed, on which path, what to do."""
    import errno

    hints = {
        errno.ENOSPC: "free some space, then run the command again: it carries on from the "
        "state terraform saved",
        errno.EDQUOT: "free some space (disk quota), then run the command again",
        errno.EACCES: "check the permissions of the path and its directories (ls -ld)",
        errno.EPERM: "check the permissions of the path and its directories (ls -ld)",
        errno.EROFS: "the filesystem is read-only: pick a --workdir on a writable one",
        errno.ENOTDIR: "a part of the path is a file, not a directory: pick another path",
        errno.EISDIR: "the path is a directory where a file is expected",
        errno.ENOENT: "check that the path exists",
    }
    path = error.filename if error.filename is not None else "?"
    message = f"{error.strerror or error}: {path}"
    if error.filename2 is not None:
        message += f" -> {error.filename2}"
    return RailyardError(message, hint=hints.get(error.errno or 0, "check the path"))
