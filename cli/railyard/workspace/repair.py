"""Checks that keep a damaged workspace from turning into a plan that rebuilds everything.

- `init_incomplete`: `.terraform/providers` or the lock file went missing, so the next
  command must run `terraform init` again whatever the init marker says.
- `check_local_state`: a local state that is missing, empty or cut short (a full disk, a
  stray `>`) while the sandbox's fake cloud, or the state's own backup, still holds
  resources is refused: planning from it would create every resource a second time.
"""

from __future__ import annotations

import json
from pathlib import Path

from railyard.errors import RailyardError, os_error


def init_incomplete(workdir: Path) -> bool:
    return (
        not (workdir / ".terraform" / "providers").is_dir()
        or not (workdir / ".terraform.lock.hcl").is_file()
    )


def resource_count(state_file: Path) -> int | None:
    """Resources in a local state file: None when it is missing, -1 when unreadable."""
    try:
        data = state_file.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise os_error(error) from None
    try:
        state = json.loads(data)
        return len(state["resources"])
    except (ValueError, KeyError, TypeError):
        return -1


def check_local_state(state_file: Path, cloud_objects: int) -> None:
    """Refuse a lost or damaged state while resources it should list still exist.

    `cloud_objects` is the sandbox fake cloud's object count (0 outside the sandbox)."""
    if state_file.with_name(f".{state_file.name}.lock.info").exists():
        return  # another run holds the lock and is writing the state: terraform says so
    found = resource_count(state_file)
    if found is not None and found > 0:
        return
    backup = resource_count(state_file.with_name(state_file.name + ".backup")) or 0
    condition = {None: "is missing", 0: "lists no resources", -1: "is unreadable"}[found]
    if cloud_objects > 0:
        raise RailyardError(
            f"the state {state_file} {condition} but the sandbox's fake cloud holds "
            f"{cloud_objects} objects: a plan would create every resource again",
            hint="restore the state (terraform.tfstate.backup holds the one before the last "
            "write), or remove the workdir's .sandbox/ too to start the sandbox over",
        )
    # 0 resources next to a full backup is what a destroy leaves: only a state that is
    # unreadable, or gone while its backup is not, is damage
    if found == -1 or (found is None and backup > 0):
        raise RailyardError(
            f"the state {state_file} {condition}"
            + (f"; its backup lists {backup} resources" if backup > 0 else ""),
            hint="restore it from terraform.tfstate.backup (or your own copy) before "
            "planning: from a lost state terraform would create every resource again",
        )


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
