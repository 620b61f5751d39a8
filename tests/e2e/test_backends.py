"""Remote state in a real PostgreSQL (the `pg` backend), and two applies at once."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator

import pytest

from tests.e2e.conftest import Cli
from tests.e2e.moto_s3 import CREDENTIALS, moto_server
from tests.e2e.postgres import postgres_server

pytestmark = pytest.mark.slow

PG_BACKEND = """
terraform:
  backend:
    type: pg
    config:
      conn_str: {from_env: RAILYARD_TEST_PG}
      schema_name: railyard_demo
"""


@pytest.fixture
def pg() -> Iterator[str]:
    with postgres_server() as connection:
        yield connection


def test_state_lives_in_postgres_and_its_lock_serialises_applies(cli: Cli, pg: str) -> None:
    cli.env["RAILYARD_TEST_PG"] = pg
    cli.cluster_file.write_text(cli.cluster_file.read_text() + PG_BACKEND)
    backend_config = cli.workdir / "backend.hcl"

    cli.ok("apply", "--auto-approve")
    assert not (cli.workdir / "terraform.tfstate").exists()
    assert (
        pg not in (cli.workdir / "railyard.log").read_text()
        if (cli.workdir / "railyard.log").exists()
        else True
    )
    assert backend_config.stat().st_mode & 0o077 == 0
    status = json.loads(cli.ok("status", "--json").stdout)
    assert status["backend"] == "pg"
    assert len(status["nodes"]) == 6

    # A slow change, so the first apply holds the state lock while the second one starts.
    cli.add_to_platform(
        "slow.tf",
        'resource "null_resource" "slow" {\n'
        '  provisioner "local-exec" {\n    command = "sleep 8"\n  }\n}\n',
    )
    cli.ok("validate")  # re-initialise outside the race
    first = cli.start("apply", "--auto-approve")
    logs = cli.workdir / "logs"
    deadline = time.monotonic() + 120
    while not any("null_resource.slow" in p.read_text() for p in logs.glob("*apply.log")):
        assert time.monotonic() < deadline, "the first apply never started applying"
        assert first.poll() is None, first.communicate()
        time.sleep(0.3)
    second = cli("apply", "--auto-approve")
    first_out, first_err = first.communicate(timeout=180)

    assert first.returncode == 0, first_out + first_err
    assert second.returncode == 1, second.stdout + second.stderr
    assert "lock" in second.stderr.lower()
    assert "Traceback" not in second.stderr
    assert cli("plan", "--detailed-exitcode").returncode == 0
    cli.ok("destroy", "--auto-approve")


def s3_backend(endpoint: str, terraform_version: str) -> str:
    """The s3 backend block for a local endpoint; its settings changed in Terraform 1.6."""
    common = (
        "terraform:\n  backend:\n    type: s3\n    config:\n"
        "      bucket: railyard-state\n      key: demo/terraform.tfstate\n"
        "      region: us-east-1\n      dynamodb_table: railyard-locks\n"
        "      skip_credentials_validation: true\n      skip_metadata_api_check: true\n"
        "      skip_region_validation: true\n"
    )
    major, minor = (int(part) for part in terraform_version.split(".")[:2])
    if (major, minor) >= (1, 6):
        return common + (
            f"      endpoints: {{s3: '{endpoint}', dynamodb: '{endpoint}'}}\n"
            "      use_path_style: true\n      skip_requesting_account_id: true\n"
        )
    return common + (
        f"      endpoint: '{endpoint}'\n      dynamodb_endpoint: '{endpoint}'\n"
        "      force_path_style: true\n"
    )


def test_state_lives_in_s3_with_a_dynamodb_lock(cli: Cli, terraform_bin: str) -> None:
    version = json.loads(
        subprocess.run(
            [terraform_bin, "version", "-json"],
            capture_output=True,
            text=True,
            env=cli.env,
            check=True,
        ).stdout
    )["terraform_version"]
    with moto_server("railyard-state", "railyard-locks") as endpoint:
        cli.env.update(CREDENTIALS)
        cli.cluster_file.write_text(cli.cluster_file.read_text() + s3_backend(endpoint, version))
        cli.ok("apply", "--auto-approve")
        assert not (cli.workdir / "terraform.tfstate").exists()
        status = json.loads(cli.ok("status", "--json").stdout)
        assert status["backend"] == "s3"
        assert len(status["nodes"]) == 6
        assert cli("plan", "--detailed-exitcode").returncode == 0
        cli.ok("destroy", "--auto-approve")
