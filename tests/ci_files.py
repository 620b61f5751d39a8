"""The CI files railyard ships (action.yml, the example workflows, .pre-commit-hooks.yaml)
and a way to run their shell steps as CI would, so tests run exactly the shipped commands."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import REPO

ACTION = REPO / "action.yml"
GITHUB_WORKFLOW = REPO / "examples" / "ci" / "github" / "railyard.yml"
GITLAB_CI = REPO / "examples" / "ci" / "gitlab" / ".gitlab-ci.yml"
PRE_COMMIT_HOOKS = REPO / ".pre-commit-hooks.yaml"

_EXPRESSION = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text())


def step(steps: list[dict[str, Any]], step_id: str) -> dict[str, Any]:
    (found,) = [s for s in steps if s.get("id") == step_id]
    return found


def expand(text: str, context: Mapping[str, str]) -> str:
    """GitHub's `${{ expr }}` with each expression looked up in `context` (no others)."""
    return _EXPRESSION.sub(lambda m: context[m.group(1)], text)


def run_step(
    found: dict[str, Any],
    context: Mapping[str, str],
    env: Mapping[str, str],
    cwd: Path,
) -> subprocess.CompletedProcess[str]:
    """A `run:` step as the runner does it: bash -e, its `env:` expanded from `context`."""
    step_env = {name: expand(str(value), context) for name, value in found.get("env", {}).items()}
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", found["run"]],
        cwd=cwd,
        env={**env, **step_env},
        capture_output=True,
        text=True,
        timeout=900,
    )
