"""`railyard validate`: the cluster file, its snippets, then `terraform validate`."""

from __future__ import annotations

from pathlib import Path

from railyard.commands.pipeline import prepare
from railyard.console import stderr


def validate(config: Path, workdir: Path | None, sandbox: bool) -> None:
    prepared = prepare(config, workdir, sandbox)  # reading and rendering checks file + snippets
    prepared.terraform.validate()
    stderr.print(
        f"[green]valid:[/] {prepared.loaded.path} ({prepared.terraform.binary.version_text})"
    )
