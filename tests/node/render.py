"""Render the flatcar-node module through real terraform: one root module, many calls.

Each case becomes a `module` block in a generated main.tf.json whose arguments all read
`var.cases`, so user values travel as JSON (terraform.tfvars.json), never pasted into HCL.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

MODULE = Path(__file__).resolve().parents[2] / "terraform" / "modules" / "flatcar-node"


def terraform_env(scratch: Path) -> dict[str, str]:
    """A clean environment: no network checks, scratch HOME, an empty CLI config."""
    home = scratch / "home"
    home.mkdir(parents=True, exist_ok=True)
    cli_config = scratch / "terraformrc"
    cli_config.write_text("")
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "CHECKPOINT_DISABLE": "1",
        "TF_IN_AUTOMATION": "1",
        "TF_CLI_CONFIG_FILE": str(cli_config),
        "LANG": "C.UTF-8",
    }


def write_root(root: Path, cases: dict[str, dict[str, Any]]) -> None:
    """A root module calling the module once per case, outputting both renderings."""
    modules = {
        name: {
            "source": str(MODULE),
            **{arg: f'${{var.cases["{name}"]["{arg}"]}}' for arg in args},
        }
        for name, args in cases.items()
    }
    outputs = {
        name: {
            "value": {
                "ignition": f"${{module.{name}.ignition}}",
                "ignition_compact": f"${{module.{name}.ignition_compact}}",
            },
            "sensitive": True,
        }
        for name in cases
    }
    root.mkdir(parents=True, exist_ok=True)
    document = {"variable": {"cases": {"type": "any"}}, "module": modules, "output": outputs}
    (root / "main.tf.json").write_text(json.dumps(document, indent=2))
    (root / "terraform.tfvars.json").write_text(json.dumps({"cases": cases}, indent=2))


def run(
    binary: str, root: Path, env: dict[str, str], *args: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [binary, f"-chdir={root}", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def render(binary: str, root: Path, cases: dict[str, dict[str, Any]]) -> dict[str, dict[str, str]]:
    """case -> {"ignition": JSON text, "ignition_compact": JSON text}."""
    env = terraform_env(root.parent / f"{root.name}-env")
    write_root(root, cases)
    init = ("init", "-input=false", "-no-color")
    for args in (init, ("apply", "-auto-approve", "-input=false", "-no-color")):
        result = run(binary, root, env, *args)
        assert result.returncode == 0, f"terraform {args[0]}:\n{result.stderr}{result.stdout}"
    result = run(binary, root, env, "output", "-json")
    assert result.returncode == 0, result.stderr
    return {name: output["value"] for name, output in json.loads(result.stdout).items()}


def plan_errors(binary: str, root: Path, cases: dict[str, dict[str, Any]]) -> str:
    """terraform plan's error text for cases expected to be refused (asserts it fails)."""
    env = terraform_env(root.parent / f"{root.name}-env")
    write_root(root, cases)
    result = run(binary, root, env, "init", "-input=false", "-no-color")
    assert result.returncode == 0, result.stderr
    result = run(binary, root, env, "plan", "-input=false", "-no-color")
    assert result.returncode != 0, f"terraform plan accepted bad input:\n{result.stdout}"
    return result.stderr
