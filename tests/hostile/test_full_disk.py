"""A full disk under `railyard apply` and `railyard destroy`, against real terraform and the
sandbox: the workdir lives on a small tmpfs the test fills, the fake cloud (standing for
the real one) lives elsewhere.

Each time railyard must end in time with exit 1 and one message naming the path and saying
"free some space" (no traceback, no secret), and once the space is freed the same command
must converge: the state lists what the fake cloud holds, a plan after apply finds nothing
to do, and nothing is left after destroy."""

from __future__ import annotations

import contextlib
import errno
import json
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from railyard.sandbox.store import CLOUD_MADE, held_objects
from tests.e2e.conftest import Cli, _cli

pytestmark = pytest.mark.slow

DISK_SIZE = "64m"  # the workspace needs about 35 MB: the null provider's copy, a reserve...
# A change that takes a few seconds, then prints (into railyard's log) more than a full disk
# has room for; on create, one more resource after it grows the state by 20 kB, so that
# terraform cannot save it in the pages its file already holds.
SLOW_CREATE = """\
resource "null_resource" "slow" {
  provisioner "local-exec" {
    command = "sleep 8; seq 3000"
  }
}

resource "null_resource" "after_the_fill" {
  depends_on = [null_resource.slow]
  triggers   = { grows_the_state = format("%020000d", 0) }
}
"""
SLOW_DESTROY = """\
resource "null_resource" "slow" {
  provisioner "local-exec" {
    when    = destroy
    command = "sleep 8; seq 3000"
  }
}
"""
# A secret in the state: terraform's state dump, errored.tfstate and the logs all see it.
SECRET = """\
resource "tls_private_key" "disk" {
  algorithm = "ED25519"
}
"""
FILL_BOUND = 60  # seconds from the fill to railyard's exit


@pytest.fixture
def cli(tmp_path: Path, terraform_bin: str) -> Cli:
    return _cli(tmp_path, terraform_bin, {})


@contextlib.contextmanager
def small_disk(mount_point: Path) -> Iterator[Path]:
    """A tmpfs of DISK_SIZE mounted on `mount_point`, unmounted afterwards."""
    mount_point.mkdir(parents=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={DISK_SIZE},mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs (needs root): {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        # a stand-in provider may still be on its way out: a lazy unmount never fails on it
        subprocess.run(["umount", "--lazy", str(mount_point)], check=True)


def fill(disk: Path) -> Path:
    """Write a filler file until the disk has no byte left."""
    filler = disk / "filler"
    chunk = 1 << 20
    with filler.open("wb", buffering=0) as handle:
        while chunk:
            try:
                handle.write(b"\0" * chunk)
            except OSError as error:
                assert error.errno == errno.ENOSPC, error
                chunk //= 16
    return filler


def state_and_cloud(cli: Cli, cloud_dir: Path) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(type, id) of the stand-in objects the state records (the real null provider keeps
    none in the fake cloud), and of those the fake cloud holds."""
    state = json.loads((cli.workdir / "terraform.tfstate").read_text())
    recorded = {
        (resource["type"], instance["attributes"]["id"])
        for resource in state["resources"]
        if resource["mode"] == "managed" and "hashicorp/null" not in resource["provider"]
        if resource["type"] not in CLOUD_MADE  # what the cloud makes itself goes with its VPC
        for instance in resource["instances"]
    }
    return recorded, held_objects(cloud_dir)


def completed_changes(cli: Cli) -> int:
    return sum(
        log.read_text(errors="replace").count('"apply_complete"')
        for log in (cli.workdir / "logs").glob("*-apply.log")
    )


def run_and_fill(cli: Cli, command: str, moment: str, disk: Path) -> tuple[int, str, str, float]:
    """`railyard COMMAND --auto-approve` with the disk filled at `moment` (once 5 changes
    are done, for "during ..."): (exit code, stdout, stderr, seconds from fill to exit)."""
    if moment == "before init":
        fill(disk)
    process = cli.start(command, "--auto-approve")
    filled_at = time.monotonic()
    if moment != "before init":
        deadline = time.monotonic() + 180
        while completed_changes(cli) < 5:
            assert process.poll() is None, f"{command} ended before the moment to fill"
            assert time.monotonic() < deadline, f"{command} never reached the moment to fill"
            time.sleep(0.1)
        fill(disk)
        filled_at = time.monotonic()
    try:
        stdout, stderr = process.communicate(timeout=FILL_BOUND)
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
        pytest.fail(f"railyard {command} hung on a full disk:\n{stdout}\n{stderr}")
    return process.returncode, stdout, stderr, time.monotonic() - filled_at


def half_written(workdir: Path) -> list[str]:
    """Temporary files railyard's atomic writes (".NAME.XXXXXXXX", "NAME.tmp") left."""
    return [
        path.name
        for path in workdir.rglob("*")
        if ".terraform" not in path.parts
        and (re.fullmatch(r"\..+\.[a-z0-9_]{8}", path.name) or path.name.endswith(".tmp"))
    ]


@pytest.mark.parametrize("moment", ["before init", "during apply", "during destroy"])
def test_a_full_disk_ends_cleanly_and_freeing_space_converges(
    cli: Cli, tmp_path: Path, moment: str
) -> None:
    command = "destroy" if moment == "during destroy" else "apply"
    cloud_dir = tmp_path / "cloud"  # the fake cloud, off the small disk: the real cloud
    cloud_dir.mkdir()
    cli.add_to_platform("secret.tf", SECRET)
    if moment != "before init":
        cli.add_to_platform("slow.tf", SLOW_CREATE if command == "apply" else SLOW_DESTROY)
    with small_disk(cli.directory / ".railyard") as disk:
        cli.ok("render")
        (cli.workdir / ".sandbox").symlink_to(cloud_dir)
        if command == "destroy":
            cli.ok("apply", "--auto-approve")
        elif moment != "before init":
            cli.ok("validate")  # init before the fill
        for log in (cli.workdir / "logs").glob("*-apply.log"):
            log.unlink()  # only this run's apply log is counted
        secret = ""
        if command == "destroy":
            state = json.loads((cli.workdir / "terraform.tfstate").read_text())
            (key,) = [r for r in state["resources"] if r["type"] == "tls_private_key"]
            secret = key["instances"][0]["attributes"]["private_key_openssh"].splitlines()[1]

        code, stdout, stderr, seconds = run_and_fill(cli, command, moment, disk)
        output = stdout + stderr
        assert code == 1, output
        assert seconds < FILL_BOUND
        assert "Traceback" not in output
        assert "PRIVATE KEY" not in output and (not secret or secret not in output)
        errors = [line for line in stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1, stderr
        assert str(cli.workdir) in errors[0]
        assert "free some space" in stderr
        assert half_written(cli.workdir) == []
        for log in (cli.workdir / "logs").glob("*.log"):
            assert "PRIVATE KEY" not in log.read_text(errors="replace"), log
        # the state terraform could not save, kept by railyard: always during apply (the
        # state grows), during destroy only when terraform's writes needed new room
        errored = cli.workdir / "errored.tfstate"
        kept = errored.exists()
        if kept:
            assert errored.stat().st_mode & 0o777 == 0o600
        if moment == "during apply":
            assert "PRIVATE KEY" in errored.read_text()  # the key was made before the fill

        (disk / "filler").unlink()
        again = cli(command, "--auto-approve")
        assert again.returncode == 0, again.stdout + again.stderr
        assert ("restored the state terraform could not save" in again.stderr) == kept
        assert not errored.exists()
        recorded, held = state_and_cloud(cli, cloud_dir)
        assert recorded == held, f"orphaned: {held - recorded}, gone: {recorded - held}"
        if command == "apply":
            assert recorded
            assert cli("plan", "--detailed-exitcode").returncode == 0
        else:
            assert recorded == set()
