"""`railyard render`: write the Terraform workspace, and nothing else."""

from __future__ import annotations

from pathlib import Path

from railyard.commands.pipeline import render_cluster
from railyard.console import stdout


def render(config: Path, workdir: Path | None, sandbox: bool) -> None:
    _, workspace, _ = render_cluster(config, workdir, sandbox)
    stdout.print(str(workspace.path))
