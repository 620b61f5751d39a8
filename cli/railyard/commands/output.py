"""`railyard output NAME`: one output, raw, so it can be redirected or written 0600."""

from __future__ import annotations

import json
from pathlib import Path

from railyard.commands.pipeline import prepare
from railyard.console import stderr
from railyard.files import write_if_changed


def output(
    config: Path, workdir: Path | None, sandbox: bool, name: str, write: Path | None
) -> None:
    prepared = prepare(config, workdir, sandbox)
    value = prepared.terraform.output(name).value
    text = value if isinstance(value, str) else json.dumps(value, indent=2) + "\n"
    if write is None:
        print(text, end="")
        return
    write_if_changed(write, text.encode(), 0o600)
    stderr.print(f"wrote output {name!r} to {write} (mode 0600)")
