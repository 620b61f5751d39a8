"""The state terraform could not save (errored.tfstate) goes back with real `terraform state
push` only when it continues the workspace's state; room is reserved before an apply."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from railyard.errors import RailyardError
from railyard.terraform.runner import Terraform
from railyard.workspace.errored_state import (
    RESERVE_FILE,
    RESERVE_MIN,
    keep_errored_state,
    reserve_space,
    restore_errored_state,
)
from tests.terraform.test_runner import runner, workspace


@pytest.fixture
def applied(terraform_bin: str, tf_env: dict[str, str], tmp_path: Path) -> Terraform:
    """The runner fixture's module, applied: a local state of 2 resources (3 instances)."""
    tf = runner(terraform_bin, tf_env, workspace(tmp_path))
    tf.init()
    tf.apply(tf.plan(tmp_path / "plan.tfplan").plan_file)
    return tf


def unsaved_state(tf: Terraform, **changes: object) -> dict[str, object]:
    """The state as a later write terraform could not save would have had it."""
    state: dict[str, object] = json.loads((tf.workdir / "terraform.tfstate").read_text())
    state["serial"] = int(str(state["serial"])) + 2
    state.update(changes)
    return state


def test_a_state_cut_short_is_replaced_by_the_one_terraform_could_not_save(
    applied: Terraform,
) -> None:
    state_file = applied.workdir / "terraform.tfstate"
    wanted = unsaved_state(applied)
    keep_errored_state(applied.workdir, json.dumps(wanted))
    (applied.workdir / "terraform.tfstate.backup").write_text(state_file.read_text())
    state_file.write_bytes(state_file.read_bytes()[:1000])  # a full disk cut it short
    said: list[str] = []
    restore_errored_state(applied, state_file, said.append)
    restored = json.loads(state_file.read_text())
    assert (restored["lineage"], restored["serial"]) == (wanted["lineage"], wanted["serial"])
    assert restored["resources"] == wanted["resources"]
    assert not (applied.workdir / "errored.tfstate").exists()
    assert len(list(applied.workdir.glob("terraform.tfstate.damaged-*"))) == 1  # kept to look at
    assert said == [
        f"restored the state terraform could not save (2 resources, serial "
        f"{wanted['serial']}) from {applied.workdir / 'errored.tfstate'}"
    ]
    restore_errored_state(applied, state_file, said.append)  # nothing more to do
    assert len(said) == 1


@pytest.mark.parametrize(
    ("changes", "refused_by"),
    [
        ({"lineage": "00000000-0000-0000-0000-000000000000"}, "terraform"),
        ({"serial": 1}, "terraform"),  # older than the state
        ({"lineage": "00000000-0000-0000-0000-000000000000"}, "backup"),
    ],
)
def test_a_state_from_elsewhere_is_refused(
    applied: Terraform, changes: dict[str, object], refused_by: str
) -> None:
    state_file = applied.workdir / "terraform.tfstate"
    before = state_file.read_bytes()
    errored = keep_errored_state(applied.workdir, json.dumps(unsaved_state(applied, **changes)))
    if refused_by == "backup":  # the state is unreadable: its backup is what is compared
        (applied.workdir / "terraform.tfstate.backup").write_bytes(before)
        state_file.write_bytes(b"")
    with pytest.raises(RailyardError, match="does not continue") as refused:
        restore_errored_state(applied, state_file, print)
    assert "terraform state push -force" in str(refused.value)
    assert errored.is_file()
    assert state_file.read_bytes() == (before if refused_by == "terraform" else b"")


def test_room_is_reserved_and_given_back(tmp_path: Path) -> None:
    state_file = tmp_path / "terraform.tfstate"
    reserve_space(tmp_path, state_file)
    reserve = tmp_path / RESERVE_FILE
    assert os.stat(reserve).st_blocks * 512 >= RESERVE_MIN  # allocated, not sparse
    state_file.write_bytes(b" " * (RESERVE_MIN // 2 + 1))
    reserve_space(tmp_path, state_file)  # twice the state once that is larger
    assert reserve.stat().st_size == RESERVE_MIN + 2
    saved = keep_errored_state(tmp_path, '{"version": 4}')
    assert not reserve.exists()
    assert saved.stat().st_mode & 0o777 == 0o600
