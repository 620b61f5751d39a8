"""A damaged workspace: what forces a re-init, which lost states are refused, which files
`status` warns about, and a corrupt sandbox store."""

from __future__ import annotations

import base64
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


def cloud_of(count: int) -> set[tuple[str, str]]:
    """What a fake cloud holding `count` VPCs looks like to the check."""
    return {("aws_vpc", f"vpc-{number}") for number in range(count)}


def state_recording(count: int, lineage: str = "L1", serial: int = 5) -> dict[str, object]:
    """A state whose aws_vpc instances carry the stand-in's store keys, as terraform keeps
    private data (base64)."""
    instances = [
        {
            "attributes": {"id": f"vpc-{number}"},
            "private": base64.b64encode(store.private_data(f"vpc-{number}")).decode(),
        }
        for number in range(count)
    ]
    return {
        "version": 4,
        "serial": serial,
        "lineage": lineage,
        "resources": [{"mode": "managed", "type": "aws_vpc", "instances": instances}],
    }


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
        assert check_local_state(tmp_path, "terraform.tfstate", cloud_of(cloud_objects)) is None
        return
    with pytest.raises(RailyardError, match=refused):
        check_local_state(tmp_path, "terraform.tfstate", cloud_of(cloud_objects))


def test_a_missing_state_whose_backup_lists_resources_is_refused(tmp_path: Path) -> None:
    (tmp_path / "terraform.tfstate.backup").write_text(json.dumps(STATE))
    with pytest.raises(RailyardError, match="is missing; its backup lists 1 resources"):
        check_local_state(tmp_path, "terraform.tfstate", None)


def test_a_held_lock_leaves_the_state_to_terraform(tmp_path: Path) -> None:
    (tmp_path / "terraform.tfstate").write_text("")  # being written by another run
    (tmp_path / ".terraform.tfstate.lock.info").write_text("{}")
    assert check_local_state(tmp_path, "terraform.tfstate", cloud_of(3)) is None


@pytest.mark.parametrize("saved_as", ["terraform.tfstate.backup", "errored.tfstate"])
def test_an_empty_state_is_restored_from_a_copy_that_matches_the_fake_cloud(
    tmp_path: Path, saved_as: str
) -> None:
    state_file = tmp_path / "terraform.tfstate"
    state_file.write_text("")  # terraform stopped between truncating and writing it
    saved = json.dumps(state_recording(3))
    (tmp_path / saved_as).write_text(saved)
    said = check_local_state(tmp_path, "terraform.tfstate", cloud_of(3))
    assert said == (
        f"the state {state_file} is unreadable: restored it from {saved_as} (serial 5), "
        "which records exactly the 3 objects the sandbox's fake cloud holds"
    )
    assert state_file.read_text() == saved
    assert state_file.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({"terraform.tfstate", saved_as})


def test_errored_tfstate_comes_before_the_backup(tmp_path: Path) -> None:
    (tmp_path / "terraform.tfstate.backup").write_text(json.dumps(state_recording(3, serial=4)))
    (tmp_path / "errored.tfstate").write_text(json.dumps(state_recording(3, serial=9)))
    said = check_local_state(tmp_path, "terraform.tfstate", cloud_of(3))
    assert said is not None and "from errored.tfstate (serial 9)" in said


def test_a_cut_short_state_is_kept_aside_when_restored(tmp_path: Path) -> None:
    state_file = tmp_path / "terraform.tfstate"
    state_file.write_text('{"version": 4, "resources": [{"mo')
    (tmp_path / "terraform.tfstate.backup").write_text(json.dumps(state_recording(2)))
    said = check_local_state(tmp_path, "terraform.tfstate", cloud_of(2))
    (kept,) = tmp_path.glob("terraform.tfstate.damaged-*")
    assert said is not None and said.endswith(f"; the damaged file is kept as {kept.name}")
    assert kept.read_text() == '{"version": 4, "resources": [{"mo'


@pytest.mark.parametrize(
    ("state", "backup"),
    [
        ("", state_recording(2)),  # the cloud holds an object the copy does not record
        ("", state_recording(4)),  # the copy records an object the cloud does not hold
        (json.dumps({**EMPTY_STATE, "lineage": "L2"}), state_recording(3)),  # another state's
    ],
)
def test_no_copy_that_disagrees_with_the_fake_cloud_is_restored(
    tmp_path: Path, state: str, backup: dict[str, object]
) -> None:
    state_file = tmp_path / "terraform.tfstate"
    state_file.write_text(state)
    (tmp_path / "terraform.tfstate.backup").write_text(json.dumps(backup))
    with pytest.raises(RailyardError, match="fake cloud holds 3 objects") as raised:
        check_local_state(tmp_path, "terraform.tfstate", cloud_of(3))
    assert "neither errored.tfstate nor terraform.tfstate.backup" in str(raised.value.hint)
    assert state_file.read_text() == state


def test_the_store_key_comes_back_from_terraform_s_private_data() -> None:
    state = state_recording(2)
    state["resources"].append(  # type: ignore[attr-defined]
        {"mode": "managed", "type": "null_resource", "instances": [{"attributes": {}}]}
    )
    assert store.recorded_objects(state) == cloud_of(2)


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
