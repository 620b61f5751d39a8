"""Every error path of the CLI: one clear message, the right exit code, never a traceback."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import Cli


def assert_clean_error(done: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    error_lines = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert len(error_lines) == 1, done.stderr  # one message, after any progress lines
    for needle in needles:
        assert needle in done.stderr, done.stderr


def test_bad_yaml(cli: Cli) -> None:
    cli.cluster_file.write_text("name: demo\nplatform: aws\naws: [\n")
    assert_clean_error(cli("render"), "cluster.yaml:4:1: YAML syntax error")


def test_unknown_field(cli: Cli) -> None:
    cli.cluster_file.write_text(cli.cluster_file.read_text() + "contollers: {}\n")
    assert_clean_error(cli("plan"), "contollers: unknown field; allowed here:")


def test_wrong_type(cli: Cli) -> None:
    text = cli.cluster_file.read_text().replace("count: 2", "count: two")
    cli.cluster_file.write_text(text)
    assert_clean_error(cli("validate"), "cluster.yaml:23:5: worker_pools[0].count: must be a whole")


def test_missing_snippet_file(cli: Cli) -> None:
    text = cli.cluster_file.read_text().replace(
        "  - name: general\n    count: 2\n",
        "  - name: general\n    count: 2\n    snippets: [snippets/missing.yaml]\n",
    )
    cli.cluster_file.write_text(text)
    assert_clean_error(cli("validate"), "cluster.yaml:24:16:", "snippets/missing.yaml")


def test_inline_snippet_error_points_into_the_cluster_file(cli: Cli) -> None:
    text = cli.cluster_file.read_text().replace("dropins:", "dropinz:")
    cli.cluster_file.write_text(text)
    assert_clean_error(cli("validate"), "cluster.yaml:16:", "dropinz")


def test_missing_terraform(cli: Cli) -> None:
    cli.env["RAILYARD_TERRAFORM"] = "/nonexistent/terraform"
    assert_clean_error(cli("validate"), "/nonexistent/terraform")


def test_too_old_terraform(cli: Cli, tmp_path: Path) -> None:
    old = tmp_path / "terraform-0.14"
    old.write_text(
        '#!/bin/sh\necho \'{"terraform_version": "0.14.11", "platform": "linux_amd64"}\'\n'
    )
    old.chmod(0o755)
    cli.env["RAILYARD_TERRAFORM"] = str(old)
    assert_clean_error(cli("plan"), "0.14.11", "1.0")


@pytest.mark.slow
def test_drift_before_the_first_apply(cli: Cli) -> None:
    """A CI drift check that runs before anyone applied: a clear message, not the
    modules' "Invalid index" errors of a refresh-only plan over an empty state."""
    done = cli("drift")
    assert_clean_error(done, "has not been applied", "railyard apply")
    assert "Invalid index" not in done.stderr


@pytest.mark.slow
def test_terraform_diagnostic_names_the_hcl_file_and_line(cli: Cli) -> None:
    cli.add_to_platform("broken.tf", 'resource "null_resource" "broken" {\n  trigers = {}\n}\n')
    done = cli("validate")
    assert_clean_error(done, "hcl/platforms/aws/broken.tf:2", "Unsupported argument")


@pytest.mark.slow
def test_failed_apply(cli: Cli) -> None:
    cli.add_to_platform(
        "fails.tf",
        'resource "null_resource" "fails" {\n'
        '  provisioner "local-exec" {\n    command = "echo boom >&2; exit 3"\n  }\n}\n',
    )
    done = cli("apply", "--auto-approve")
    assert_clean_error(done, "local-exec")
    state = json.loads((cli.workdir / "terraform.tfstate").read_text())
    assert any(r["name"] == "controllers" for r in state["resources"])  # the rest was applied


@pytest.mark.slow
def test_ctrl_c_during_apply_stops_terraform_cleanly(cli: Cli) -> None:
    cli.add_to_platform(
        "slow.tf",
        'resource "null_resource" "slow" {\n'
        '  provisioner "local-exec" {\n    command = "sleep 60"\n  }\n}\n',
    )
    cli.ok("validate")  # init outside the timed part
    process = cli.start("apply", "--auto-approve")
    deadline = time.monotonic() + 120
    logs = cli.workdir / "logs"
    while time.monotonic() < deadline:
        if any("null_resource.slow" in p.read_text() for p in logs.glob("*apply*.log")):
            break
        time.sleep(0.5)
    else:
        process.kill()
        pytest.fail("apply never reached the slow resource")
    time.sleep(1)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stdout + stderr
    assert "Traceback" not in stderr
    state = json.loads((cli.workdir / "terraform.tfstate").read_text())
    assert any(r["name"] == "controllers" for r in state["resources"])
    assert not (cli.workdir / ".terraform.tfstate.lock.info").exists()
