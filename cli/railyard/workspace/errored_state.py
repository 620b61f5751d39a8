"""A full disk during apply or destroy: room kept for the state, and the state terraform
could not save brought back on the next run.

terraform rewrites terraform.tfstate in place as resources change. On a full disk that
write fails, then so does its fallback (errored.tfstate), and terraform prints the state
instead. railyard receives that print (terraform's output goes to memory, not to disk),
writes it to errored.tfstate in the room it kept (RESERVE_FILE, allocated before each
apply) and the next run pushes it back with `terraform state push`, which takes it only
when it continues the state (same lineage, serial not older). An errored.tfstate that
terraform wrote itself (a backend that refused the state) comes back the same way.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from railyard.errors import RailyardError, os_error
from railyard.files import write_if_changed
from railyard.terraform.diagnostics import TerraformError
from railyard.terraform.runner import Terraform
from railyard.workspace.repair import ERRORED_STATE, set_aside

RESERVE_FILE = ".railyard-reserve"
RESERVE_MIN = 8 << 20  # bytes; at least twice the state is kept


def reserve_space(workdir: Path, local_state: Path | None) -> None:
    """Keep room in the workdir for the state terraform may fail to save (`local_state` is
    the local backend's state file, None for a remote backend); refuse to start an apply
    on a disk without that room."""
    try:
        state_size = local_state.stat().st_size if local_state is not None else 0
    except FileNotFoundError:
        state_size = 0
    reserve = workdir / RESERVE_FILE
    try:
        descriptor = os.open(reserve, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            os.posix_fallocate(descriptor, 0, max(RESERVE_MIN, 2 * state_size))
        finally:
            os.close(descriptor)
    except OSError as error:
        reserve.unlink(missing_ok=True)  # the room it held is the user's again
        raise os_error(OSError(error.errno, error.strerror, str(workdir))) from None


def keep_errored_state(workdir: Path, state: str) -> Path:
    """Write the state terraform printed to errored.tfstate (0600), in the reserved room."""
    (workdir / RESERVE_FILE).unlink(missing_ok=True)
    path = workdir / ERRORED_STATE
    write_if_changed(path, state.encode(), 0o600)
    return path


@dataclass(frozen=True)
class _Snapshot:
    lineage: str
    serial: int
    resources: int


def _snapshot(path: Path) -> _Snapshot | None:
    """Lineage, serial and resource count of a state file; None when it is missing, empty
    or unreadable."""
    try:
        state = json.loads(path.read_bytes())
        return _Snapshot(str(state["lineage"]), int(state["serial"]), len(state["resources"]))
    except FileNotFoundError:
        return None
    except OSError as error:
        raise os_error(error) from None
    except (ValueError, KeyError, TypeError):
        return None


def restore_errored_state(
    terraform: Terraform, local_state: Path | None, notify: Callable[[str], None]
) -> None:
    """Push the workdir's errored.tfstate back into the state, then remove it.

    `local_state` is the local backend's state file (None for a remote backend). A local
    state cut short is set aside (as .damaged-<time>) first, as terraform cannot read over it,
    once its backup shows errored.tfstate continues it."""
    errored = terraform.workdir / ERRORED_STATE
    saved = _snapshot(errored)
    if saved is None:
        return  # none, or terraform's own fallback write failed: nothing to bring back
    if local_state is not None and local_state.exists() and _snapshot(local_state) is None:
        backup = _snapshot(local_state.with_name(local_state.name + ".backup"))
        if backup is not None and (backup.lineage != saved.lineage or backup.serial > saved.serial):
            _refuse(errored, f"{local_state}'s backup (serial {backup.serial})")
        set_aside(local_state)
    try:
        terraform.state_push(errored)
    except TerraformError as error:
        _refuse(errored, f"the state: {error.message}")
    errored.unlink()
    notify(
        f"restored the state terraform could not save ({saved.resources} resources, serial "
        f"{saved.serial}) from {errored}"
    )


def _refuse(errored: Path, what: str) -> NoReturn:
    raise RailyardError(
        f"{errored} (the state an earlier run could not save) does not continue {what}",
        hint="compare the two; then remove errored.tfstate, or push it yourself with "
        "`terraform state push -force errored.tfstate` in the workdir",
    )
