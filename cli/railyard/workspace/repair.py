"""Checks that keep a damaged workspace from turning into a plan that rebuilds everything.

- `init_incomplete`: `.terraform/providers` or the lock file went missing, so the next
  command must run `terraform init` again whatever the init marker says.
- `check_local_state`: a local state that is missing, empty or cut short (a terraform killed
  while writing it, a full disk, a stray `>`) while the sandbox's fake cloud, or the state's
  own backup, still holds resources is refused: planning from it would create every
  resource a second time. In the sandbox, a saved copy (terraform's `errored.tfstate`, then
  `terraform.tfstate.backup`) that records exactly the objects the fake cloud holds is put
  back instead, and the caller says so.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from railyard.errors import RailyardError, os_error
from railyard.files import write_if_changed
from railyard.sandbox.store import recorded_objects

# terraform writes this in its working directory when it cannot save the state
ERRORED_STATE = "errored.tfstate"


def init_incomplete(workdir: Path) -> bool:
    return (
        not (workdir / ".terraform" / "providers").is_dir()
        or not (workdir / ".terraform.lock.hcl").is_file()
    )


def _read(path: Path) -> bytes | None:
    """A file's bytes; None when it is missing."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise os_error(error) from None


def _parse(data: bytes) -> dict[str, Any] | None:
    """A state file's JSON; None when the bytes are not a state (empty, cut short)."""
    try:
        state = json.loads(data)
    except ValueError:
        return None
    if not isinstance(state, dict) or not isinstance(state.get("resources"), list):
        return None
    return state


def check_local_state(
    workdir: Path, state_path: str, cloud: set[tuple[str, str]] | None
) -> str | None:
    """Refuse a lost or damaged state while resources it should list still exist, or, in
    the sandbox, put back a saved copy that records exactly what the fake cloud holds.

    `cloud` is the sandbox fake cloud's objects, (type, key) (None outside the sandbox).
    Returns a sentence saying what was restored, or None when the state was left alone."""
    state_file = workdir / state_path
    if state_file.with_name(f".{state_file.name}.lock.info").exists():
        return None  # another run holds the lock and is writing the state: terraform says so
    data = _read(state_file)
    state = _parse(data) if data is not None else None
    if state is not None and state["resources"]:
        return None
    backup_file = state_file.with_name(state_file.name + ".backup")
    backup_data = _read(backup_file)
    backup = _parse(backup_data) if backup_data is not None else None
    backup_count = len(backup["resources"]) if backup is not None else 0
    condition = (
        "is missing" if data is None else "is unreadable" if state is None else "lists no resources"
    )
    if cloud:
        lineage = state.get("lineage") if state is not None else None
        for saved_file in (workdir / ERRORED_STATE, backup_file):
            saved_data = _read(saved_file)
            saved = _parse(saved_data) if saved_data is not None else None
            if saved_data is None or saved is None:
                continue
            if lineage is not None and saved.get("lineage") != lineage:
                continue  # a copy of another state
            if recorded_objects(saved) != cloud:
                continue  # it would lose or duplicate objects
            kept = set_aside(state_file) if data else None
            write_if_changed(state_file, saved_data, 0o600)
            return (
                f"the state {state_file} {condition}: restored it from {saved_file.name} "
                f"(serial {saved.get('serial')}), which records exactly the {len(cloud)} "
                "objects the sandbox's fake cloud holds"
                + (f"; the damaged file is kept as {kept.name}" if kept else "")
            )
        raise RailyardError(
            f"the state {state_file} {condition} but the sandbox's fake cloud holds "
            f"{len(cloud)} objects: a plan would create every resource again",
            hint=f"neither {ERRORED_STATE} nor {backup_file.name} records exactly those "
            "objects: restore the state yourself, or remove the workdir's .sandbox/ too to "
            "start the sandbox over",
        )
    # 0 resources next to a full backup is what a destroy leaves: only a state that is
    # unreadable, or gone while its backup is not, is damage
    if (data is not None and state is None) or (data is None and backup_count > 0):
        raise RailyardError(
            f"the state {state_file} {condition}"
            + (f"; its backup lists {backup_count} resources" if backup_count > 0 else ""),
            hint="restore it from terraform.tfstate.backup (or your own copy) before "
            "planning: from a lost state terraform would create every resource again",
        )
    return None


def set_aside(state_file: Path) -> Path:
    """Keep a damaged state next to where it was, under a name that says what it is."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = state_file.with_name(f"{state_file.name}.damaged-{stamp}")
    state_file.rename(kept)
    return kept


# Files holding secrets (private keys, tokens, backend credentials) in a workspace.
PRIVATE_FILES = (
    "terraform.tfstate",
    "terraform.tfstate.backup",
    ".terraform/terraform.tfstate",
    "terraform.tfvars.json",
    "backend.hcl",
)


def readable_by_others(workdir: Path) -> list[str]:
    """Warnings for the workdir and its secret files when group or others can read them
    (a workspace from before terraform ran with umask 077, or a copy with other modes)."""
    found = []
    for path, mask in [(workdir, 0o055), *((workdir / name, 0o044) for name in PRIVATE_FILES)]:
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            continue
        if mode & mask:
            kind = "directory" if path.is_dir() else "file"
            found.append(
                f"the {kind} {path} is open to others (mode {mode:04o}) and holds secrets: "
                f"chmod {'700' if kind == 'directory' else '600'} {path}"
            )
    return found
