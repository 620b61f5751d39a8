"""Signals during `railyard apply` and `railyard destroy`, against real terraform and the
sandbox: SIGINT, SIGTERM (a CI cancel), two signals in a row, and SIGKILL of railyard.

After each: no terraform or stand-in provider process is left, the state lock is free, the
state and the fake cloud hold the same objects, and a rerun converges (`plan
--detailed-exitcode` exits 0 after apply; nothing is left after destroy)."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

from railyard.sandbox.store import CLOUD_MADE
from tests.e2e.conftest import Cli, _cli

pytestmark = pytest.mark.slow

SLOW_CREATE = """\
resource "null_resource" "slow" {
  provisioner "local-exec" {
    command = "sleep 60"
  }
}
"""
SLOW_DESTROY = """\
resource "null_resource" "slow" {
  provisioner "local-exec" {
    when    = destroy
    command = "sleep 60"
  }
}
"""
# (signals sent to railyard, in order, and the exit code it must end with)
SIGNALS = {
    "SIGINT": ([signal.SIGINT], 130),
    "SIGTERM": ([signal.SIGTERM], 143),
    "SIGINT then SIGTERM": ([signal.SIGINT, signal.SIGTERM], 130),
    "SIGKILL": ([signal.SIGKILL], -signal.SIGKILL),
}


@pytest.fixture
def cli(tmp_path: Path, terraform_bin: str) -> Cli:
    return _cli(tmp_path, terraform_bin, {})


def processes_of(workdir: Path) -> list[str]:
    """terraform and stand-in provider processes working on `workdir` (by argv, working
    directory or environment)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            cwd = os.readlink(entry / "cwd")
            environ = (entry / "environ").read_bytes().decode(errors="replace")
        except OSError:
            continue  # gone, or not ours to read
        if not any(name in argv for name in ("terraform", "railyard.sandbox")):
            continue
        if str(workdir) in argv or cwd == str(workdir) or str(workdir) in environ:
            found.append(f"{entry.name}: {argv}")
    return found


def state_and_cloud(workdir: Path) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(type, id) of the stand-in aws objects terraform's state records, and of those the
    fake cloud holds. Left out: what the cloud makes itself (a VPC's default security
    group), which goes with the object it came with and so cannot be left behind."""
    state = json.loads((workdir / "terraform.tfstate").read_text())
    recorded = {
        (resource["type"], instance["attributes"]["id"])
        for resource in state["resources"]
        if resource["mode"] == "managed" and "hashicorp/aws" in resource["provider"]
        if resource["type"] not in CLOUD_MADE
        for instance in resource["instances"]
    }
    cloud = json.loads((workdir / ".sandbox" / "cloud.json").read_text())
    held = {
        (kind, key)
        for kind, objects in cloud["objects"].items()
        if kind not in CLOUD_MADE
        for key in objects
    }
    return recorded, held


def wait_for_provisioner(cli: Cli, command: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        for log in (cli.workdir / "logs").glob("*-apply.log"):
            for line in log.read_text().splitlines():
                if '"provision_start"' in line and "null_resource.slow" in line:
                    return
        time.sleep(0.2)
    pytest.fail(f"{command} never reached the slow provisioner")


@pytest.mark.parametrize("command", ["apply", "destroy"])
@pytest.mark.parametrize("name", list(SIGNALS))
def test_signal_leaves_a_workspace_that_converges(cli: Cli, command: str, name: str) -> None:
    signals, exit_code = SIGNALS[name]
    cli.add_to_platform("slow.tf", SLOW_CREATE if command == "apply" else SLOW_DESTROY)
    if command == "destroy":
        cli.ok("apply", "--auto-approve")
    else:
        cli.ok("validate")  # init outside the timed part
    for log in (cli.workdir / "logs").glob("*-apply.log"):
        log.unlink()  # only this run's apply log is searched
    process = cli.start(command, "--auto-approve")
    wait_for_provisioner(cli, command)
    for signum in signals:
        process.send_signal(signum)
        time.sleep(0.3)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == exit_code, stdout + stderr
    assert "Traceback" not in stderr

    deadline = time.monotonic() + 90
    while processes_of(cli.workdir) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert processes_of(cli.workdir) == []
    assert not (cli.workdir / ".terraform.tfstate.lock.info").exists()
    # terraform got one stop signal: a second makes it exit at once, mid-write of the state
    # (its output reaches logs/ when railyard lives to write it; after SIGKILL it is lost
    # with the memfd, and tests/unit/test_tf_guard.py counts the signals instead)
    for output in (cli.workdir / "logs").iterdir():
        assert "Two interrupts received" not in output.read_text(errors="replace"), output.name
    recorded, held = state_and_cloud(cli.workdir)
    assert recorded == held

    (cli.hcl_dir / "platforms" / "aws" / "slow.tf").unlink()
    cli.ok(command, "--auto-approve")
    recorded, held = state_and_cloud(cli.workdir)
    assert recorded == held
    if command == "apply":
        assert recorded  # the cluster exists
        assert cli("plan", "--detailed-exitcode").returncode == 0
    else:
        assert recorded == set()


def test_an_empty_state_is_restored_only_from_a_copy_the_fake_cloud_agrees_with(cli: Cli) -> None:
    """A terraform killed between truncating terraform.tfstate and writing it again leaves it
    empty (terraform's local backend rewrites the file in place). The next run puts back
    the backup when it records exactly the objects the fake cloud holds, and refuses when
    it does not: a plan from nothing would create every object a second time."""
    cli.ok("apply", "--auto-approve")
    state = cli.workdir / "terraform.tfstate"
    backup = cli.workdir / "terraform.tfstate.backup"
    saved = state.read_bytes()
    short = json.loads(saved)
    short["resources"] = [
        resource for resource in short["resources"] if resource["type"] != "aws_vpc"
    ]
    backup.write_text(json.dumps(short))  # a copy missing the VPC the cloud holds
    state.write_bytes(b"")

    refused = cli("plan", "--detailed-exitcode")
    said = " ".join(refused.stderr.split())
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "is unreadable but the sandbox's fake cloud holds" in said
    assert "neither errored.tfstate nor terraform.tfstate.backup records exactly" in said
    assert state.read_bytes() == b""

    backup.write_bytes(saved)
    done = cli("plan", "--detailed-exitcode")
    said = " ".join(done.stderr.split())
    assert done.returncode == 0, done.stdout + done.stderr
    assert "is unreadable: restored it from terraform.tfstate.backup" in said
    recorded, held = state_and_cloud(cli.workdir)
    assert recorded == held
    assert any(kind == "aws_vpc" for kind, _ in recorded)
