"""Reuse a rendered workspace when nothing it was made from has changed: the fast path of
`railyard plan`, which then skips reading the cluster file, the snippets and rendering
(and their imports: pydantic models, jinja2), the bulk of railyard's cost beside terraform.

While the full path runs (`recording`), an audit hook notes every file opened for reading
and every directory listed: the cluster file, snippets, from_file secrets, certificates,
the HCL modules and templates, the workspace's own files and terraform's init marker. The
record (`<workdir>/.railyard-inputs.json`, 0600) keeps one digest over their contents, the
whole environment (from_env secrets, RAILYARD_* settings, PATH), the command line's inputs,
the current directory, and railyard's version and code. `reuse` recomputes it: any
difference (a changed, new or deleted file, a changed variable, another railyard) and the
full path runs again. A run that printed anything (a warning, `terraform init`) is not
recorded, so no message is ever skipped; nor is one that failed.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from railyard import __version__
from railyard.files import write_if_changed
from railyard.paths import PACKAGE_DIR
from railyard.workspace.layout import Workspace

RECORD = ".railyard-inputs.json"
RECORD_FORMAT = 1
# Shell bookkeeping that changes between two identical commands.
_VOLATILE_ENV = frozenset({"_", "OLDPWD", "PWD", "SHLVL"})
_SKIPPED_SUFFIXES = (".py", ".pyc", ".so")  # code: railyard's own is covered by _code_digest
_SKIPPED_ROOTS = ("/proc/", "/sys/", "/dev/")  # not files: /dev/null and the like
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR
_PYTHON = tuple(f"{p}/" for p in {sys.prefix, sys.base_prefix, sys.exec_prefix})
_PACKAGE = f"{PACKAGE_DIR}/"  # railyard's templates and HCL count, wherever it is installed
_IMPORT_PATH = frozenset(os.path.abspath(p or os.getcwd()) for p in sys.path)


@dataclass
class Recording:
    """Files read and directories listed during the full path; whether it printed."""

    files: set[str] = field(default_factory=set)
    dirs: set[str] = field(default_factory=set)
    printed: bool = False

    def note(self, event: str, args: tuple[Any, ...]) -> None:
        if event == "open":
            path, mode, flags = args
            writing = (
                any(c in mode for c in "wax+") if isinstance(mode, str) else flags & _WRITE_FLAGS
            )
            if isinstance(path, str | bytes) and not writing:
                self._add(self.files, os.path.abspath(os.fsdecode(path)))
        elif event in ("os.scandir", "os.listdir") and isinstance(args[0], str | bytes):
            self._add(self.dirs, os.path.abspath(os.fsdecode(args[0])))

    @staticmethod
    def _add(found: set[str], path: str) -> None:
        if path.endswith(_SKIPPED_SUFFIXES) or path.startswith(_SKIPPED_ROOTS):
            return
        if (path.startswith(_PYTHON) and not path.startswith(_PACKAGE)) or path in _IMPORT_PATH:
            return  # the interpreter and its packages, as imports list and read them
        found.add(path)


_recording: Recording | None = None


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _recording is not None:
        _recording.note(event, args)


@dataclass
class _Tee:
    """stderr, noting whether anything was written to it."""

    stream: IO[str]
    recording: Recording

    def write(self, text: str) -> int:
        if text:
            self.recording.printed = True
        return self.stream.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


_hooked = False


@contextmanager
def recording() -> Iterator[Recording]:
    """Note the full path's inputs while the block runs."""
    global _recording, _hooked
    if not _hooked:  # an audit hook cannot be removed: one per process, idle outside here
        sys.addaudithook(_audit)
        _hooked = True
    found = Recording()
    stderr = sys.stderr
    sys.stderr = _Tee(stderr, found)
    _recording = found
    try:
        yield found
    finally:
        _recording = None
        sys.stderr = stderr


@dataclass(frozen=True)
class Reused:
    workspace: Workspace
    cluster_name: str
    terraform_setting: str | None  # the cluster file's terraform.binary
    terraform_path: str  # the binary the workspace was initialised with
    sandbox: bool


def save(found: Recording, key: dict[str, Any], reused: Reused) -> None:
    """Write the record, unless the recorded run printed something."""
    path = reused.workspace.path / RECORD
    if found.printed:
        path.unlink(missing_ok=True)
        return
    # What terraform and the sandbox change on their own is not an input.
    base = str(reused.workspace.path.resolve())
    own = tuple(f"{base}/{part}" for part in (".sandbox/", ".terraform/", "logs/", RECORD))
    files = sorted(p for p in found.files if not p.startswith(own))
    dirs = sorted(p for p in found.dirs if not p.startswith(own) and p != f"{base}/logs")
    record = {
        "format": RECORD_FORMAT,
        "key": key,
        "digest": _digest(key, files, dirs),
        "files": files,
        "dirs": dirs,
        "cluster_name": reused.cluster_name,
        "platform": reused.workspace.platform,
        "backend_type": reused.workspace.backend_type,
        "terraform_setting": reused.terraform_setting,
        "terraform_path": reused.terraform_path,
        "sandbox": reused.sandbox,
    }
    write_if_changed(path, (json.dumps(record, indent=1) + "\n").encode(), 0o600)


def reuse(key: dict[str, Any], where: Path) -> Reused | None:
    """The workspace recorded for `key` at `where` (the workspace, or with the default
    workdir the `.railyard/` holding one per cluster name), if every input is as it was."""
    for path in [where / RECORD, *sorted(where.glob(f"*/{RECORD}"))]:
        try:
            record = json.loads(path.read_text())
            if record["format"] != RECORD_FORMAT or record["key"] != key:
                continue
            workdir = path.parent
            if not (workdir / ".terraform").is_dir():
                continue
            if _digest(key, record["files"], record["dirs"]) != record["digest"]:
                continue  # e.g. the workspace of the cluster's former name
            return Reused(
                workspace=Workspace(workdir, str(record["platform"]), str(record["backend_type"])),
                cluster_name=str(record["cluster_name"]),
                terraform_setting=record["terraform_setting"],
                terraform_path=str(record["terraform_path"]),
                sandbox=bool(record["sandbox"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return None


def _digest(key: dict[str, Any], files: list[str], dirs: list[str]) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps([__version__, sys.executable, os.getcwd(), key]).encode())
    for name, value in sorted(os.environ.items()):
        if name not in _VOLATILE_ENV:
            digest.update(f"{name}={value}\0".encode())
    for path in files:
        try:
            content = Path(path).read_bytes()
        except OSError:
            content = b"\0(unreadable)"
        digest.update(f"\0{path}\0{len(content)}\0".encode() + content)
    for directory in dirs:
        try:
            names: list[str] | None = sorted(os.listdir(directory))
        except OSError:
            names = None
        digest.update(json.dumps([directory, names]).encode())
    digest.update(_code_digest())
    return digest.hexdigest()


def _code_digest() -> bytes:
    """railyard's own code by size and modification time (a source checkout changes)."""
    lines = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        stat = path.stat()
        lines.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n")
    return "".join(lines).encode()
