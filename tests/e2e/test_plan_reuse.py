"""`railyard plan` reuses the workspace while its inputs are unchanged (no cluster model,
no templates, no rich loaded), and notices a changed snippet: the full path renders it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.e2e.conftest import Cli

pytestmark = pytest.mark.slow

SNIPPET = """\
systemd:
  units:
  - name: {name}.service
    enabled: true
    contents: |
      [Service]
      ExecStart=/usr/bin/true
      [Install]
      WantedBy=multi-user.target
"""
FULL_PATH_ONLY = ("jinja2", "railyard.config.", "railyard.workspace.render", "rich.")


def loaded_modules(cli: Cli) -> set[str]:
    """The modules a `railyard plan` imported (-X importtime), after checking it worked."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "railyard", "plan"],
        cwd=cli.directory,
        env=cli.env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    assert "Plan:" in done.stdout
    return {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}


def test_plan_reuses_the_workspace_until_a_snippet_changes(cli: Cli) -> None:
    (cli.directory / "snippets").mkdir()
    snippet = cli.directory / "snippets" / "extra.yaml"
    snippet.write_text(SNIPPET.format(name="first"))
    text = cli.cluster_file.read_text()
    cli.cluster_file.write_text(
        text.replace("  snippets:\n", "  snippets:\n    - snippets/extra.yaml\n", 1)
    )

    cli.ok("plan")  # renders, initialises (and says so: not recorded)
    cli.ok("plan")  # renders again, quietly: recorded
    fast = loaded_modules(cli)
    assert not [m for m in fast if m.startswith(FULL_PATH_ONLY)]

    snippet.write_text(SNIPPET.format(name="second"))
    full = loaded_modules(cli)
    assert "jinja2" in full and "railyard.workspace.render" in full
    tfvars = (cli.workdir / "terraform.tfvars.json").read_text()
    assert "second.service" in tfvars and "first.service" not in tfvars
    assert json.loads(tfvars)  # still a whole document
    assert not [m for m in loaded_modules(cli) if m.startswith(FULL_PATH_ONLY)]
