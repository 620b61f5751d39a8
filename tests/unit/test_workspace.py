"""Rendering a workspace: deterministic, values only in tfvars, terraform's files untouched."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from railyard.config.load import load_cluster
from railyard.errors import RailyardError
from railyard.platforms import PLATFORMS
from railyard.workspace.render import default_workdir, render
from tests.conftest import scratch_env
from tests.unit.test_config import AWS_CLUSTER, write

FIXTURE_HCL = Path(__file__).resolve().parent.parent / "fixtures" / "hcl"


@pytest.fixture(autouse=True)
def stand_in_platforms(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAILYARD_HCL_DIR", str(FIXTURE_HCL))


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def render_text(tmp_path: Path, text: str, workdir: Path | None = None) -> Path:
    loaded = load_cluster(write(tmp_path, text))
    return render(loaded, workdir or default_workdir(loaded), {}).path


def test_render_is_deterministic_and_values_live_in_tfvars(tmp_path: Path) -> None:
    first = render_text(tmp_path, AWS_CLUSTER)
    assert first == tmp_path.resolve() / ".railyard" / "demo"
    before = tree(first)
    render_text(tmp_path, AWS_CLUSTER)
    assert tree(first) == before
    assert {
        "main.tf",
        "versions.tf",
        "backend.tf",
        "variables.tf",
        "terraform.tfvars.json",
        "backend.hcl",
        ".railyard.json",
    } <= set(before)
    assert "hcl/platforms/aws/workers/main.tf" in before
    tfvars = json.loads(before["terraform.tfvars.json"])
    assert tfvars["region"] == "eu-central-1"
    assert tfvars["worker_pools"]["spot"]["spot_price"] == 0.05
    for name in ("main.tf", "versions.tf", "backend.tf", "variables.tf"):
        text = before[name].decode()
        assert "eu-central-1" not in text and '"general"' not in text, f"value in {name}"


def test_secret_files_are_0600(tmp_path: Path) -> None:
    workdir = render_text(tmp_path, AWS_CLUSTER)
    for name in ("terraform.tfvars.json", "backend.hcl"):
        assert stat.S_IMODE(os.stat(workdir / name).st_mode) == 0o600


def test_terraform_files_are_never_touched(tmp_path: Path) -> None:
    workdir = render_text(tmp_path, AWS_CLUSTER)
    own = {
        "terraform.tfstate": b'{"version": 4}',
        "terraform.tfstate.backup": b"{}",
        ".terraform.lock.hcl": b"# lock",
        ".terraform/modules/modules.json": b"{}",
        "logs/run.log": b"log",
    }
    for name, content in own.items():
        (workdir / name).parent.mkdir(parents=True, exist_ok=True)
        (workdir / name).write_bytes(content)
    render_text(tmp_path, AWS_CLUSTER.replace("count: 2", "count: 5"))
    for name, content in own.items():
        assert (workdir / name).read_bytes() == content


def test_stale_module_files_are_removed_from_the_snapshot(tmp_path: Path) -> None:
    workdir = render_text(tmp_path, AWS_CLUSTER)
    stale = workdir / "hcl" / "platforms" / "aws" / "old.tf"
    stale.write_text("# from an older railyard\n")
    render_text(tmp_path, AWS_CLUSTER)
    assert not stale.exists()


def test_inputs_hash_follows_the_inputs(tmp_path: Path) -> None:
    workdir = render_text(tmp_path, AWS_CLUSTER)
    first = json.loads((workdir / ".railyard.json").read_text())["inputs_sha256"]
    render_text(tmp_path, AWS_CLUSTER.replace("count: 2", "count: 4"))
    second = json.loads((workdir / ".railyard.json").read_text())["inputs_sha256"]
    assert first != second


def test_workspace_from_a_newer_railyard_is_refused(tmp_path: Path) -> None:
    workdir = render_text(tmp_path, AWS_CLUSTER)
    metadata = json.loads((workdir / ".railyard.json").read_text())
    (workdir / ".railyard.json").write_text(json.dumps({**metadata, "railyard_version": "99.0.0"}))
    with pytest.raises(RailyardError, match=r"written by railyard 99\.0\.0, newer than"):
        render_text(tmp_path, AWS_CLUSTER)


def test_backend_values_and_secrets_from_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEST_PG_CONN", "postgres://u:p@127.0.0.1/db?x=${y}")
    text = AWS_CLUSTER + (
        "terraform:\n  backend:\n    type: pg\n    config:\n"
        "      conn_str: {from_env: TEST_PG_CONN}\n      schema_name: demo\n"
    )
    workdir = render_text(tmp_path, text)
    assert 'backend "pg" {}' in (workdir / "backend.tf").read_text()
    backend = (workdir / "backend.hcl").read_text()
    assert 'conn_str = "postgres://u:p@127.0.0.1/db?x=$${y}"' in backend
    assert 'schema_name = "demo"' in backend


def test_inline_backend_secret_is_refused(tmp_path: Path) -> None:
    text = AWS_CLUSTER + (
        "terraform:\n  backend:\n    type: pg\n    config:\n      conn_str: postgres://u:p@h/db\n"
    )
    with pytest.raises(RailyardError, match="looks like a secret") as caught:
        render_text(tmp_path, text)
    assert "from_env" in str(caught.value)


def test_unset_secret_env_is_a_clear_error(tmp_path: Path) -> None:
    text = AWS_CLUSTER + (
        "terraform:\n  backend:\n    type: pg\n    config:\n"
        "      conn_str: {from_env: RAILYARD_TEST_UNSET}\n"
    )
    with pytest.raises(RailyardError, match=r"reads \$RAILYARD_TEST_UNSET, which is not set"):
        render_text(tmp_path, text)


def test_rendered_files_are_terraform_fmt_clean(tmp_path: Path, terraform_bin: str) -> None:
    from importlib import resources

    (tmp_path / "matchbox").mkdir()  # the bare-metal starter's TLS files must exist
    for name in ("client.crt", "client.key", "ca.crt"):
        (tmp_path / "matchbox" / name).write_text("")
    for platform, entry in PLATFORMS.items():
        starter = resources.files("railyard").joinpath("starters", entry.starter).read_text()
        loaded = load_cluster(write(tmp_path, starter, f"{platform}.yaml"))
        workdir = render(loaded, tmp_path / platform, {}).path
        done = subprocess.run(
            [terraform_bin, "fmt", "-check", "-diff", str(workdir)],
            capture_output=True,
            text=True,
            env=scratch_env(tmp_path / "home", TF_CLI_CONFIG_FILE=os.devnull),
            timeout=60,
        )
        assert done.returncode == 0, f"{platform}: {done.stdout}{done.stderr}"


def test_a_platform_notice_is_said_once_per_run(tmp_path: Path) -> None:
    from importlib import resources

    starter = resources.files("railyard").joinpath("starters", "packet.yaml").read_text()
    path = write(tmp_path, starter)
    done = subprocess.run(
        [sys.executable, "-m", "railyard", "render", "-c", str(path)],
        capture_output=True,
        text=True,
        env=scratch_env(tmp_path / "home", RAILYARD_HCL_DIR=str(FIXTURE_HCL)),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("Equinix Metal (formerly Packet) was shut down on 2026-06-30") == 1
