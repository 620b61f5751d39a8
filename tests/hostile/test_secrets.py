"""Secrets after a sandbox lifecycle of the real aws platform (apply, plan, status, drift,
output, destroy), with local state and with an s3 backend (moto) whose secret key comes
from the environment: no private key, bootstrap token or backend secret in anything
railyard printed (bar `railyard output kubeconfig`, which exists to print one) nor in any
workdir file that is not private (0600)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import CLUSTER, Cli, _cli
from tests.e2e.moto_s3 import CREDENTIALS, moto_server
from tests.e2e.test_backends import s3_backend

pytestmark = pytest.mark.slow

BACKEND_SECRET = "railyard-backend-secret-5c2e91"
# a PEM private key, or one inside a kubeconfig (base64 of a PEM private key)
PRIVATE_KEY = re.compile(rb"-----BEGIN [A-Z ]*PRIVATE KEY-----|client-key-data\W+LS0tLS1")
BOOTSTRAP_TOKEN = re.compile(rb"\b([a-z0-9]{6})\.([a-z0-9]{16})\b")


@pytest.fixture(params=["local", "s3"])
def cli(request: pytest.FixtureRequest, tmp_path: Path, terraform_bin: str) -> Iterator[Cli]:
    cli = _cli(tmp_path, terraform_bin, {})
    del cli.env["RAILYARD_HCL_DIR"]  # the real aws platform, not the stand-in fixture
    if request.param == "local":
        yield cli
        return
    with moto_server("railyard-state", "railyard-locks") as endpoint:
        version = terraform_version(terraform_bin)
        backend = s3_backend(endpoint, version) + (
            "      access_key: {from_env: RAILYARD_TEST_ACCESS_KEY}\n"
            "      secret_key: {from_env: RAILYARD_TEST_SECRET_KEY}\n"
        )
        cli.cluster_file.write_text(CLUSTER + backend)
        cli.env.update(
            RAILYARD_TEST_ACCESS_KEY=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            RAILYARD_TEST_SECRET_KEY=BACKEND_SECRET,
            AWS_DEFAULT_REGION="us-east-1",
        )
        yield cli


def terraform_version(binary: str) -> str:
    from tests.conftest import TERRAFORMS

    return next(version for version, path in TERRAFORMS.items() if path == binary)


def secrets_in(data: bytes) -> list[str]:
    found = [f"private key at byte {m.start()}" for m in PRIVATE_KEY.finditer(data)]
    found += [f"bootstrap token {m.group(1).decode()}.…" for m in BOOTSTRAP_TOKEN.finditer(data)]
    if BACKEND_SECRET.encode() in data:
        found.append("the backend's secret key")
    return found


def test_secrets_stay_in_private_files(cli: Cli) -> None:
    printed = b""
    for args in (
        ("apply", "--auto-approve"),
        ("plan", "--detailed-exitcode"),
        ("status",),
        ("status", "--json"),
        ("drift", "--format", "json"),
        ("output", "api_endpoint"),
    ):
        done = cli(*args)
        assert done.returncode == 0, f"{args}: {done.stdout}{done.stderr}"
        printed += (done.stdout + done.stderr).encode()
    kubeconfig = cli.ok("output", "kubeconfig").stdout.encode()
    assert PRIVATE_KEY.search(kubeconfig)  # the admin key: what this output is for

    tokens: set[bytes] = set()
    private_files = 0
    for directory, _, names in os.walk(cli.workdir):
        for name in names:
            path = Path(directory, name)
            if path.is_symlink():
                continue
            data = path.read_bytes()
            found = secrets_in(data)
            tokens |= {m.group(2) for m in BOOTSTRAP_TOKEN.finditer(data)}
            if found:
                private_files += 1
                mode = path.stat().st_mode & 0o777
                assert mode & 0o077 == 0, f"{path} (mode {mode:04o}) holds {found[0]}"
    assert private_files  # the state (or the backend's settings) did hold secrets
    assert secrets_in(printed) == []
    assert not any(token in printed for token in tokens)  # not even as a resource id

    done = cli("destroy", "--auto-approve")
    assert done.returncode == 0, done.stdout + done.stderr
    assert secrets_in((done.stdout + done.stderr).encode()) == []
    assert not any(token in (done.stdout + done.stderr).encode() for token in tokens)
