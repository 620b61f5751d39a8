"""Reading the files a cluster file names: bounded, UTF-8, and inside the cluster's tree.

A cluster file may come from someone else (a pull request). So every file railyard reads
for it is a regular file (a FIFO or /dev/zero would hang or exhaust memory), of bounded
size, read once, decoded as UTF-8 with a file:line:col error, and, when the cluster file
names it, resolved inside the cluster file's tree: the directory of the git repository that
holds it, or its own directory. RAILYARD_ALLOWED_PATHS (directories, `:`-separated) widens
that. The content of a refused file is never shown.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from railyard.errors import RailyardError

KIB = 1024
CLUSTER_FILE_LIMIT = 1024 * KIB
# Ignition has no size limit of its own, but EC2 user data is at most 16 KiB and matchbox
# serves whole configs; 256 KiB keeps a snippet a config file, not a payload.
SNIPPET_FILE_LIMIT = 256 * KIB
SECRET_FILE_LIMIT = 64 * KIB
ALLOWED_PATHS_VARIABLE = "RAILYARD_ALLOWED_PATHS"


def read_text(path: Path, *, limit: int, what: str, where: str | None = None) -> str:
    """The UTF-8 text of `path`, a regular file of at most `limit` bytes."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise RailyardError(f"{what} {path} does not exist", where=where) from None
    except OSError as error:
        raise RailyardError(
            f"cannot open {what} {path}: {error.strerror}",
            where=where,
            hint="check the path and its permissions",
        ) from None
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise RailyardError(
            f"{what} {path} is not a regular file", where=where, hint="name a plain file"
        )
    with os.fdopen(descriptor, "rb") as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as error:
            raise RailyardError(
                f"cannot read {what} {path}: {error.strerror}", where=where
            ) from None
    if len(data) > limit:
        raise RailyardError(
            f"{what} {path} is larger than {limit // KIB} KiB",
            where=where,
            hint="railyard reads configuration files, not payloads (see README, Input limits)",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise RailyardError(
            f"{what} is not UTF-8 text (byte 0x{data[error.start]:02x})",
            where=f"{path}:{line}:{column}",
            hint="save the file as UTF-8",
        ) from None


def tree_root(base_dir: Path) -> Path:
    """The git repository holding `base_dir`, or `base_dir` itself outside one."""
    base = base_dir.resolve()
    for directory in (base, *base.parents):
        if (directory / ".git").exists():
            return directory
    return base


def allowed_roots(base_dir: Path) -> list[Path]:
    extra = os.environ.get(ALLOWED_PATHS_VARIABLE, "")
    return [tree_root(base_dir), *(Path(p).resolve() for p in extra.split(os.pathsep) if p)]


def resolve_inside(ref: str, base_dir: Path, *, what: str, where: str) -> Path:
    """`ref` (relative to `base_dir`, symlinks followed) if it stays in the cluster's tree."""
    if "\0" in ref:
        raise RailyardError(f"{what} path holds a NUL character", where=where)
    path = (base_dir / Path(ref).expanduser()).resolve()
    roots = allowed_roots(base_dir)
    if not any(path.is_relative_to(root) for root in roots):
        raise RailyardError(
            f"{what} {ref!r} resolves to {path}, outside {roots[0]}",
            where=where,
            hint=f"keep the files a cluster file names in its own tree, or list the "
            f"directory in {ALLOWED_PATHS_VARIABLE} to trust it",
        )
    return path
