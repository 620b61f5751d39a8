"""The hostile corpus through the real `railyard` command: the expected exit code and
message, no traceback, no refused file's content echoed, within a time and memory bound,
and nothing written outside the workdir."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import scratch_env
from tests.hostile.corpus import CASES, SECRET, Case

TIME_LIMIT = 30  # seconds
MEMORY_LIMIT = 1 << 30  # bytes of address space


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def files_under(root: Path, skip: set[Path]) -> dict[Path, int]:
    """Every file below `root` with its modification time, directories in `skip` left out."""
    found = {}
    for directory, names, files in os.walk(root):
        names[:] = [n for n in names if Path(directory, n) not in skip]
        for name in files:
            path = Path(directory, name)
            found[path] = path.lstat().st_mtime_ns
    return found


def run_railyard(
    args: tuple[str, ...], cwd: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "railyard", *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        preexec_fn=_limit_memory,
    )


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_input(case: Case, tmp_path: Path) -> None:
    directory, outside = tmp_path / "cluster", tmp_path / "outside"
    directory.mkdir()
    outside.mkdir()
    cluster = directory / "cluster.yaml"
    if isinstance(case.cluster, bytes):
        cluster.write_bytes(case.cluster)
    else:
        cluster.write_text(case.cluster.replace("OUTSIDE", str(outside)))
    for name, text in case.files.items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_text(text)
    if case.setup:
        case.setup(directory, outside)
    env = scratch_env(
        tmp_path / "home",
        TF_CLI_CONFIG_FILE=os.devnull,
        **{key: value.replace("OUTSIDE", str(outside)) for key, value in case.env.items()},
    )
    workdir = directory / "work"
    before = files_under(tmp_path, {workdir, tmp_path / "home"})

    done = run_railyard(case.args, directory, env)

    printed = done.stdout + done.stderr
    assert done.returncode == case.code, printed
    assert "Traceback" not in printed
    assert SECRET not in printed  # a refused file's content is never shown
    if case.code == 0:
        if case.expect:
            assert case.expect in (workdir / "backend.hcl").read_text()
    else:
        assert case.expect in done.stderr, done.stderr
        assert done.stderr.startswith("error: "), done.stderr
    assert files_under(tmp_path, {workdir, tmp_path / "home"}) == before
