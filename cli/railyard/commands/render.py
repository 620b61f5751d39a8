"""`railyard render`: write the Terraform workspace, and nothing else."""

from __future__ import annotations

from pathlib import Path

from railyard.commands.common import render_cluster
from railyard.console import stdout


def render(config: Path, workdir: Path | None) -> None:
    _, workspace = render_cluster(config, workdir)
    stdout.print(str(workspace.path))
