"""The terraform runner against real terraform (every available version) and real null.

The fixture root module (fixtures/runner/module) has a child module of controllers, a
for_each of workers, optional failing and sleeping local-exec resources, and outputs
including a sensitive one whose value must never reach a log.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from railyard.errors import RailyardError
from railyard.report.drift import find_drift
from railyard.terraform.binary import find_terraform
from railyard.terraform.diagnostics import TerraformError
from railyard.terraform.events import (
    ApplyComplete,
    ApplyErrored,
    ApplyStart,
    Event,
    OutputsEvent,
    PlannedChange,
)
from railyard.terraform.runner import KILL_AFTER, Terraform

FIXTURES = Path(__file__).parent / "fixtures" / "runner"
SECRET = "hunter2-do-not-print"  # the fixture's sensitive default
CREATED = {
    "module.cluster.null_resource.controllers[0]",
    'null_resource.worker["a"]',
    'null_resource.worker["b"]',
}


def workspace(tmp_path: Path, **variables: object) -> Path:
    workdir = tmp_path / "ws"
    shutil.copytree(FIXTURES / "module", workdir)
    if variables:
        (workdir / "terraform.tfvars.json").write_text(json.dumps(variables))
    return workdir


def runner(terraform_bin: str, tf_env: dict[str, str], workdir: Path) -> Terraform:
    return Terraform(find_terraform(terraform_bin, env=tf_env), workdir, env=tf_env)


def test_lifecycle(terraform_bin: str, tf_env: dict[str, str], tmp_path: Path) -> None:
    tf = runner(terraform_bin, tf_env, workspace(tmp_path))
    tf.init()
    assert tf.validate() == []

    plan_file = tmp_path / "first.tfplan"
    planned = tf.plan(plan_file)
    assert planned.has_changes
    assert {c.resource.addr for c in planned.changes} == CREATED
    assert {c.action for c in planned.changes} == {"create"}
    assert planned.change_summary is not None
    assert (planned.change_summary.add, planned.change_summary.remove) == (3, 0)
    assert plan_file.is_file()

    saved = tf.show_plan(plan_file)
    assert {c.address for c in saved.resource_changes} == CREATED
    assert saved.output_changes["secret"].after_sensitive is True

    events: list[Event] = []
    applied = tf.apply(plan_file, on_event=events.append)
    assert {e.resource.addr for e in events if isinstance(e, ApplyStart)} == CREATED
    complete = [e for e in events if isinstance(e, ApplyComplete)]
    assert {e.resource.addr for e in complete} == CREATED
    assert all(e.id_value and e.id_value.isdigit() for e in complete)
    assert any(isinstance(e, OutputsEvent) for e in events)
    assert applied.change_summary is not None and applied.change_summary.add == 3
    assert applied.outputs["greeting"].value == "hello"
    assert applied.outputs["secret"].sensitive
    assert applied.outputs["secret"].value is None  # withheld, even from terraform 1.0

    secret = tf.output("secret")
    assert (secret.value, secret.sensitive) == (SECRET, True)
    nodes = tf.output("nodes")
    assert not nodes.sensitive
    assert [n["role"] for n in nodes.value] == ["controller", "worker", "worker"]
    with pytest.raises(RailyardError, match="no output named 'nope'"):
        tf.output("nope")

    state = tf.show_state()
    assert {r.address for r in state.managed} == CREATED
    controller = next(r for r in state.resources if r.module_address == "module.cluster")
    assert (controller.type, controller.name, controller.index) == (
        "null_resource",
        "controllers",
        0,
    )
    assert state.outputs["secret"].sensitive
    assert state.terraform_version == ".".join(map(str, tf.binary.version))

    again = tf.plan(tmp_path / "again.tfplan")
    assert not again.has_changes
    assert again.changes == []

    destroy_plan = tf.plan(tmp_path / "destroy.tfplan", destroy=True)
    assert {(c.resource.addr, c.action) for c in destroy_plan.changes} == {
        (address, "delete") for address in CREATED
    }
    destroyed = tf.apply(tmp_path / "destroy.tfplan")
    assert destroyed.change_summary is not None and destroyed.change_summary.remove == 3
    assert tf.show_state().resources == []

    logs = sorted(tf.log_dir.iterdir())
    assert stat.S_IMODE(tf.log_dir.stat().st_mode) == 0o700
    commands = [log.name.split("-", 1)[1] for log in logs]
    assert commands[:4] == ["init.log", "validate.log", "plan.log", "show.log"]
    for log in logs:
        assert stat.S_IMODE(log.stat().st_mode) == 0o600
        text = log.read_text()
        assert SECRET not in text, f"{log.name} leaks the sensitive output"
        assert text.startswith(f"# argv: {tf.binary.path} -chdir=")
        assert re.search(r"^# exit code: [02]$", text, re.MULTILINE)  # plan: 2 = changes
    apply_log = next(log for log in logs if log.name.endswith("-apply.log")).read_text()
    assert '"type":"apply_complete"' in apply_log
    show_log = next(log for log in logs if log.name.endswith("-show.log")).read_text()
    assert "stdout: not logged" in show_log


def test_init_with_backend_config(
    terraform_bin: str, tf_env: dict[str, str], tmp_path: Path
) -> None:
    workdir = workspace(tmp_path)
    (workdir / "backend.tf").write_text('terraform {\n  backend "local" {}\n}\n')
    backend_config = tmp_path / "backend.hcl"
    state_path = tmp_path / "elsewhere.tfstate"
    backend_config.write_text(f'path = "{state_path}"\n')
    tf = runner(terraform_bin, tf_env, workdir)
    tf.init(backend_config=backend_config)
    tf.plan(tmp_path / "p.tfplan")
    tf.apply(tmp_path / "p.tfplan")
    assert not (workdir / "terraform.tfstate").exists()
    recorded = json.loads(state_path.read_text())
    assert len(recorded["resources"]) == 2  # controllers and workers (one entry per block)


def test_validate_and_plan_report_file_and_line(
    terraform_bin: str, tf_env: dict[str, str], tmp_path: Path
) -> None:
    workdir = workspace(tmp_path)
    (workdir / "broken.tf").write_text(
        'resource "null_resource" "broken" {\n  triggers = {}\n  nope = 3\n}\n'
    )
    tf = runner(terraform_bin, tf_env, workdir)
    tf.init()
    for run in (tf.validate, lambda: tf.plan(tmp_path / "p.tfplan")):
        with pytest.raises(TerraformError) as caught:
            run()
        (diagnostic,) = caught.value.diagnostics
        assert (diagnostic.filename, diagnostic.line, diagnostic.column) == ("broken.tf", 3, 3)
        assert diagnostic.summary == "Unsupported argument"
        message = str(caught.value)
        assert f"{workdir}/broken.tf:3:3: Unsupported argument" in message
        assert 'An argument named "nope" is not expected here.' in message
        assert "full terraform output: " in message


def test_init_error_read_from_stderr(
    terraform_bin: str, tf_env: dict[str, str], tmp_path: Path
) -> None:
    workdir = workspace(tmp_path)
    (workdir / "broken.tf").write_text('\n\nresource "null_resource" {\n}\n')
    tf = runner(terraform_bin, tf_env, workdir)
    with pytest.raises(TerraformError) as caught:
        tf.init()
    located = [d for d in caught.value.diagnostics if d.filename == "broken.tf"]
    assert located, caught.value.diagnostics
    assert located[0].line == 3
    assert any(d.summary == "Missing name for resource" for d in located)
    assert "broken.tf:3: Missing name for resource" in str(caught.value)
    assert "All resource blocks must have 2 labels" in str(caught.value)


def test_failed_apply(terraform_bin: str, tf_env: dict[str, str], tmp_path: Path) -> None:
    tf = runner(terraform_bin, tf_env, workspace(tmp_path, fail=True))
    tf.init()
    tf.plan(tmp_path / "p.tfplan")
    events: list[Event] = []
    with pytest.raises(TerraformError) as caught:
        tf.apply(tmp_path / "p.tfplan", on_event=events.append)
    errored = [e.resource.addr for e in events if isinstance(e, ApplyErrored)]
    assert errored == ["null_resource.fail[0]"]
    (diagnostic,) = [d for d in caught.value.diagnostics if d.is_error]
    assert diagnostic.summary == "local-exec provisioner error"
    assert diagnostic.address == "null_resource.fail[0]"
    assert diagnostic.filename == "main.tf"
    source = (tf.workdir / "main.tf").read_text().splitlines()
    assert source[diagnostic.line - 1].strip() == 'provisioner "local-exec" {'  # type: ignore[operator]
    assert "failing on purpose" in diagnostic.detail
    assert "exit status 1" in str(caught.value)
    # the others were still created; the failed one is recorded (tainted)
    assert {r.address for r in tf.show_state().managed} == CREATED | {"null_resource.fail[0]"}


def test_plan_with_updates_and_replacements(
    terraform_bin: str, tf_env: dict[str, str], tmp_path: Path
) -> None:
    workdir = workspace(tmp_path)
    tf = runner(terraform_bin, tf_env, workdir)
    tf.init()
    tf.plan(tmp_path / "p.tfplan")
    tf.apply(tmp_path / "p.tfplan")
    (workdir / "terraform.tfvars.json").write_text(
        json.dumps({"controller_count": 2, "workers": ["b", "c"]})
    )
    planned: list[PlannedChange] = []

    def keep_planned(event: Event) -> None:
        if isinstance(event, PlannedChange):
            planned.append(event)

    run = tf.plan(tmp_path / "p.tfplan", on_event=keep_planned)
    assert {(c.resource.addr, c.action) for c in run.changes} == {
        ("module.cluster.null_resource.controllers[1]", "create"),
        ('null_resource.worker["a"]', "delete"),
        ('null_resource.worker["c"]', "create"),
    }
    assert run.changes == planned
    worker_c = next(c for c in run.changes if c.resource.resource_key == "c")
    assert (worker_c.resource.module, worker_c.resource.resource_name) == ("", "worker")


def test_missing_terraform(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    with pytest.raises(RailyardError, match="neither terraform nor tofu") as caught:
        find_terraform(env={"PATH": str(empty)})
    assert caught.value.hint and "RAILYARD_TERRAFORM" in caught.value.hint
    with pytest.raises(RailyardError, match="from RAILYARD_TERRAFORM"):
        find_terraform(env={"PATH": str(empty), "RAILYARD_TERRAFORM": str(empty / "tf")})
    with pytest.raises(RailyardError, match="cluster file"):
        find_terraform("/nonexistent/terraform", env={"PATH": str(empty)})


def _fake_binary(path: Path, script: str) -> Path:
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(0o755)
    return path


def test_too_old_terraform(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _fake_binary(bin_dir / "terraform", 'echo \'{"terraform_version": "0.14.0"}\'')
    with pytest.raises(RailyardError) as caught:
        find_terraform(env={"PATH": str(bin_dir)})
    assert "Terraform v0.14.0" in caught.value.message
    assert "needs Terraform >= 1.0" in caught.value.message
    # before 0.13, `version -json` printed text only
    ancient = _fake_binary(tmp_path / "tf012", "echo 'Terraform v0.12.31'")
    with pytest.raises(RailyardError, match=r"Terraform v0\.12\.31; railyard needs"):
        find_terraform(env={"PATH": "", "RAILYARD_TERRAFORM": str(ancient)})
    not_terraform = _fake_binary(tmp_path / "other", "echo hello")
    with pytest.raises(RailyardError, match="does not look like terraform"):
        find_terraform(str(not_terraform), env={"PATH": ""})


def test_search_order(terraform_bin: str, tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "tofu").symlink_to(terraform_bin)
    found = find_terraform(env={"PATH": str(bin_dir)})
    assert (found.path, found.flavor) == (bin_dir / "tofu", "opentofu")
    assert found.version_text.startswith("OpenTofu v")
    (bin_dir / "terraform").symlink_to(terraform_bin)
    assert find_terraform(env={"PATH": str(bin_dir)}).path == bin_dir / "terraform"
    chosen = find_terraform(env={"PATH": str(bin_dir), "RAILYARD_TERRAFORM": terraform_bin})
    assert chosen.path == Path(terraform_bin)


def _start_driver(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(FIXTURES / "interrupt_apply.py"), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**env, "PYTHONPATH": os.pathsep.join(sys.path)},
    )


@pytest.mark.slow
def test_ctrl_c_during_apply_stops_terraform_cleanly(
    terraform_bin: str, tf_env: dict[str, str], tmp_path: Path
) -> None:
    workdir = workspace(tmp_path, sleep_seconds=30)
    driver = _start_driver([terraform_bin, str(workdir)], tf_env)
    assert driver.stdout is not None
    seen = []
    for line in driver.stdout:
        seen.append(line.split())
        if seen[-1] == ["ProvisionEvent", "null_resource.slow[0]"]:
            break  # local-exec `sleep 30` is running
    time.sleep(0.5)
    driver.send_signal(signal.SIGINT)
    rest, stderr = driver.communicate(timeout=120)
    assert driver.returncode == 130, stderr
    lines = [line.split() for line in rest.splitlines()]
    assert ["ApplyErrored", "null_resource.slow[0]"] in lines  # stopped, not finished
    assert lines[-1] == ["interrupted"]
    assert "waiting for terraform to stop cleanly" in stderr
    assert "killing" not in stderr
    state = json.loads((workdir / "terraform.tfstate").read_text())
    recorded = {r["name"] for r in state["resources"]}
    assert {"worker", "controllers"} <= recorded
    assert not (workdir / ".terraform.tfstate.lock.info").exists()
    apply_log = next(workdir.glob("logs/*-apply.log")).read_text()
    assert "# interrupted by Ctrl-C (1x)" in apply_log


def test_later_ctrl_c_kills_a_stuck_terraform(tmp_path: Path) -> None:
    """A stand-in for a terraform that ignores SIGINT: a second Ctrl-C right after the
    first only says railyard still waits (a double tap must not cost state); one after
    KILL_AFTER seconds kills it."""
    workdir = tmp_path / "ws"
    workdir.mkdir()
    started = tmp_path / "started"
    stuck = _fake_binary(tmp_path / "terraform", f"trap '' INT\ntouch {started}\nexec sleep 60")
    driver = _start_driver([str(stuck), str(workdir), "--no-init"], dict(os.environ))
    deadline = time.monotonic() + 30
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    driver.send_signal(signal.SIGINT)
    time.sleep(0.5)
    driver.send_signal(signal.SIGINT)
    time.sleep(0.5)
    assert driver.poll() is None  # still waiting for terraform
    time.sleep(KILL_AFTER)
    driver.send_signal(signal.SIGINT)
    out, stderr = driver.communicate(timeout=30)
    assert driver.returncode == 130
    assert out.splitlines()[-1] == "interrupted"
    assert "still waiting for terraform to stop cleanly" in stderr
    assert "warning: killing terraform" in stderr
    assert "# interrupted by Ctrl-C (3x)" in next(workdir.glob("logs/*-apply.log")).read_text()


def test_refresh_only_plan_finds_drift(
    terraform_bin: str, tf_env: dict[str, str], tmp_path: Path
) -> None:
    """A resource gone outside terraform: the null provider reads a state entry without an
    id back as deleted, which is what a refresh sees when an instance disappeared."""
    tf = runner(terraform_bin, tf_env, workspace(tmp_path))
    tf.init()
    tf.plan(tmp_path / "p.tfplan")
    tf.apply(tmp_path / "p.tfplan")
    clean = tf.plan(tmp_path / "clean.tfplan", refresh_only=True)
    assert clean.drift == []
    assert not find_drift(tf.show_plan(tmp_path / "clean.tfplan")).drifted

    state_file = tf.workdir / "terraform.tfstate"
    state = json.loads(state_file.read_text())
    (worker,) = [r for r in state["resources"] if r["name"] == "worker"]
    gone = next(i for i in worker["instances"] if i["index_key"] == "b")
    gone["attributes"]["id"] = ""
    state["serial"] += 1
    state_file.write_text(json.dumps(state))

    run = tf.plan(tmp_path / "drift.tfplan", refresh_only=True)
    assert [(d.resource.addr, d.action) for d in run.drift] == [
        ('null_resource.worker["b"]', "delete")
    ]
    assert run.changes == []
    report = find_drift(tf.show_plan(tmp_path / "drift.tfplan"))
    assert [(r.address, r.action) for r in report.resources] == [
        ('null_resource.worker["b"]', "delete")
    ]
    assert report.checked == sorted(CREATED)
