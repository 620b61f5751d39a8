"""Options shared by every command that works on a cluster."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

ConfigOption = Annotated[
    Path,
    typer.Option("-c", "--config", help="Cluster file.", envvar="RAILYARD_CONFIG"),
]
WorkdirOption = Annotated[
    Path | None,
    typer.Option(
        "--workdir",
        help="Terraform workspace directory [default: .railyard/<name>/ beside the cluster file].",
    ),
]
SandboxOption = Annotated[
    bool,
    typer.Option(
        "--sandbox",
        help="Run against the offline sandbox (stand-in providers, fake cloud).",
        envvar="RAILYARD_SANDBOX",
    ),
]
AutoApproveOption = Annotated[
    bool, typer.Option("--auto-approve", help="Do not ask for confirmation.")
]
DEFAULT_CONFIG = Path("cluster.yaml")
SummaryFileOption = Annotated[
    Path | None,
    typer.Option(
        "--summary-file",
        help="Also append the markdown report to this file (e.g. $GITHUB_STEP_SUMMARY).",
    ),
]
