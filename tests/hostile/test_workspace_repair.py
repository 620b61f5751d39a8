"""A damaged workspace: what forces a re-init, which lost states are refused, which files
`status` warns about, and a corrupt sandbox store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from railyard.errors import RailyardError
from railyard.sandbox import store
from railyard.workspace.repair import check_local_state, init_incomplete, readable_by_others

STATE = {"version": 4, "resources": [{"mode": "managed", "type": "aws_vpc", "instances": []}]}
EMPTY_STATE = {"version": 4, "resources": []}


def test_missing_providers_or_lock_file_mean_init_again(tmp_path: Path) -> None:
    (tmp_path / ".terraform" / "providers").mkdir(parents=True)
    (tmp_path / ".terraform.lock.hcl").write_text("")
    assert not init_incomplete(tmp_path)
    (tmp_path / ".terraform.lock.hcl").unlink()
    assert init_incomplete(tmp_path)
    (tmp_path / ".terraform.lock.hcl").write_text("")
    (tmp_path / ".terraform" / "providers").rmdir()
    assert init_incomplete(tmp_path)


@pytest.mark.parametrize(
    ("state", "cloud_objects", "refused"),
    [
        (None, 0, None),  # a new workspace
        (EMPTY_STATE, 0, None),  # after a destroy
        (STATE, 3, None),  # in use
        (None, 3, "is missing but the sandbox's fake cloud holds 3 objects"),
        (EMPTY_STATE, 3, "lists no resources but the sandbox's fake cloud holds 3 objects"),
        ("", 0, "is unreadable"),  # a full disk left it empty
        ('{"version": 4, "resources": [{"mo', 0, "is unreadable"),  # cut short
        ("", 3, "is unreadable but the sandbox's fake cloud holds 3 objects"),
    ],
)
def test_lost_state_next_to_resources_is_refused(
    tmp_path: Path, state: object, cloud_objects: int, refused: str | None
) -> None:
    state_file = tmp_path / "terraform.tfstate"
    if state is not None:
        state_file.write_text(state if isinstance(state, str) else json.dumps(state))
    if refused is None:
        check_local_state(state_file, cloud_objects)
        return
    with pytest.raises(RailyardError, match=refused):
        check_local_state(state_file, cloud_objects)


def test_a_missing_state_whose_backup_lists_resources_is_refused(tmp_path: Path) -> None:
    (tmp_path / "terraform.tfstate.backup").write_text(json.dumps(STATE))
    with pytest.raises(RailyardError, match="is missing; its backup lists 1 resources"):
        check_local_state(tmp_path / "terraform.tfstate", 0)


def test_a_held_lock_leaves_the_state_to_terraform(tmp_path: Path) -> None:
    (tmp_path / "terraform.tfstate").write_text("")  # being written by another run
    (tmp_path / ".terraform.tfstate.lock.info").write_text("{}")
    check_local_state(tmp_path / "terraform.tfstate", 3)


def test_status_warns_about_secrets_others_can_read(tmp_path: Path) -> None:
    workdir = tmp_path / "work"
    (workdir / ".terraform").mkdir(parents=True)
    workdir.chmod(0o700)
    for name in ("terraform.tfstate", ".terraform/terraform.tfstate", "backend.hcl"):
        (workdir / name).write_text("{}")
        (workdir / name).chmod(0o600)
    assert readable_by_others(workdir) == []
    (workdir / "terraform.tfstate").chmod(0o644)
    workdir.chmod(0o755)
    warnings = readable_by_others(workdir)
    assert len(warnings) == 2
    assert f"the directory {workdir} is open to others (mode 0755)" in warnings[0]
    assert "terraform.tfstate is open to others (mode 0644)" in warnings[1]
    assert "chmod 600" in warnings[1]


def test_a_corrupt_sandbox_store_is_one_message(tmp_path: Path) -> None:
    (tmp_path / store.STORE_FILE).write_text('{"objects": {"aws_vpc": {')
    with pytest.raises(RailyardError, match=r"fake cloud .* is unreadable"):
        store.summary(tmp_path)
