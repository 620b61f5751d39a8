"""The version check is remembered per binary file, and redone when the file changes."""

from __future__ import annotations

import os
from pathlib import Path

from railyard.terraform.binary import find_terraform


def fake_terraform(path: Path, version: str) -> Path:
    path.write_text(
        "#!/bin/sh\n"
        f'echo "$0" >> "{path}.calls"\n'
        f"echo '{{\"terraform_version\": \"{version}\", \"platform\": \"linux_amd64\"}}'\n"
    )
    path.chmod(0o755)
    return path


def calls(path: Path) -> int:
    log = Path(f"{path}.calls")
    return len(log.read_text().splitlines()) if log.exists() else 0


def test_version_check_is_cached_until_the_binary_changes(tmp_path: Path) -> None:
    binary = fake_terraform(tmp_path / "terraform", "1.5.7")
    cache = tmp_path / "workspace" / ".railyard-terraform.json"
    cache.parent.mkdir()
    env = {"PATH": os.environ["PATH"]}

    first = find_terraform(str(binary), env=env, cache=cache)
    second = find_terraform(str(binary), env=env, cache=cache)
    assert first == second and first.version == (1, 5, 7)
    assert calls(binary) == 1

    fake_terraform(binary, "1.9.8")  # upgraded in place: new size
    os.utime(binary, ns=(1, 1))
    assert find_terraform(str(binary), env=env, cache=cache).version == (1, 9, 8)
    assert calls(binary) == 2

    assert find_terraform(str(binary), env=env).version == (1, 9, 8)  # no cache: always runs
    assert calls(binary) == 3
