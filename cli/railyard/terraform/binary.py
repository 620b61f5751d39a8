"""Find the terraform (or OpenTofu) binary and check it is new enough.

Order: the cluster file's setting (only the names `terraform` or `tofu`, looked up on PATH:
a cluster file is configuration and cannot name a program to run), `$RAILYARD_TERRAFORM`
(a name or a path, set by whoever runs railyard), then `terraform` and `tofu` on PATH. A
binary named explicitly (cluster file or environment) must work: railyard does not silently
fall back to another one. The version comes from `version -json` (terraform
>= 0.13); older binaries print only text, which is read to say how old they are.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from railyard.errors import RailyardError
from railyard.files import write_if_changed

MINIMUM_VERSION = (1, 0, 0)
INSTALL_HINT = (
    "install Terraform >= 1.0 (https://developer.hashicorp.com/terraform/install) or "
    "OpenTofu, or point RAILYARD_TERRAFORM at the binary"
)
_TEXT_VERSION = re.compile(r"(Terraform|OpenTofu) v(\d+)\.(\d+)\.(\d+)")


@dataclass(frozen=True)
class TerraformBinary:
    path: Path
    version: tuple[int, int, int]
    flavor: str  # "terraform" | "opentofu"

    @property
    def version_text(self) -> str:
        name = "OpenTofu" if self.flavor == "opentofu" else "Terraform"
        return f"{name} v{'.'.join(map(str, self.version))}"


def _parse_version(text: str) -> tuple[int, int, int]:
    match = re.match(r"(\d+)\.(\d+)\.(\d+)", text)
    if not match:
        raise ValueError(text)
    return int(match.group(1)), int(match.group(2)), int(match.group(3))


def _flavor(path: Path, version_output: str) -> str:
    """OpenTofu's `version -json` looks like terraform's: tell them apart by name."""
    names = f"{path.name} {path.resolve().name}".lower()
    if "OpenTofu" in version_output or "tofu" in names:
        return "opentofu"
    return "terraform"


def inspect_binary(path: Path, env: Mapping[str, str] | None = None) -> TerraformBinary:
    """Run `PATH version -json` and check the version is >= 1.0."""
    run_env = {**(os.environ if env is None else env), "CHECKPOINT_DISABLE": "1"}
    try:
        done = subprocess.run(
            [str(path), "version", "-json"],
            capture_output=True,
            text=True,
            timeout=60,
            env=run_env,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise RailyardError(f"cannot run {path}: {error}", hint=INSTALL_HINT) from error
    text = done.stdout.strip()
    try:
        data = json.loads(text)
        version = _parse_version(str(data["terraform_version"]))
    except (ValueError, KeyError, TypeError):
        old = _TEXT_VERSION.search(text)
        if not old:
            raise RailyardError(
                f"{path} does not look like terraform: `version -json` printed "
                f"{(text or done.stderr.strip())[:200]!r}",
                hint=INSTALL_HINT,
            ) from None
        version = (int(old.group(2)), int(old.group(3)), int(old.group(4)))
    binary = TerraformBinary(path=path, version=version, flavor=_flavor(path, text))
    if version < MINIMUM_VERSION:
        raise RailyardError(
            f"{path} is {binary.version_text}; railyard needs Terraform >= 1.0 or OpenTofu",
            hint=INSTALL_HINT,
        )
    return binary


def _which(name: str, env: Mapping[str, str]) -> Path | None:
    found = shutil.which(name, path=env.get("PATH", os.defpath))
    return Path(found) if found else None


def find_terraform(
    configured: str | None = None,
    *,
    env: Mapping[str, str] | None = None,
    cache: Path | None = None,
) -> TerraformBinary:
    """The binary to use, version-checked. `env` defaults to os.environ (tests pass theirs).

    With `cache` (a file in the workspace), the version check is remembered for as long as
    the binary file is the same (path, size, modification time): `terraform version` costs a
    twentieth of a second on every command otherwise."""
    environ = os.environ if env is None else env
    named = [
        (configured, "the cluster file's terraform setting"),
        (environ.get("RAILYARD_TERRAFORM") or None, "RAILYARD_TERRAFORM"),
    ]
    for name, source in named:
        if name:
            path = _which(name, environ)
            if path is None:
                raise RailyardError(
                    f"terraform binary {name!r} (from {source}) not found or not executable",
                    hint="fix the path, or unset it to use terraform or tofu from PATH",
                )
            return _inspect_cached(path, environ, cache)
    for name in ("terraform", "tofu"):
        path = _which(name, environ)
        if path is not None:
            return _inspect_cached(path, environ, cache)
    raise RailyardError("neither terraform nor tofu was found on PATH", hint=INSTALL_HINT)


def _inspect_cached(path: Path, environ: Mapping[str, str], cache: Path | None) -> TerraformBinary:
    if cache is None:
        return inspect_binary(path, environ)
    stat = path.resolve().stat()
    identity = {"path": str(path), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    try:
        cached = json.loads(cache.read_text())
        if cached["binary"] == identity:
            return TerraformBinary(path, tuple(cached["version"]), str(cached["flavor"]))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    binary = inspect_binary(path, environ)
    record = {"binary": identity, "version": list(binary.version), "flavor": binary.flavor}
    write_if_changed(cache, (json.dumps(record) + "\n").encode())
    return binary
