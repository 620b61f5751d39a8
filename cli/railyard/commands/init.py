"""`railyard init`: write a commented starter cluster file."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from railyard.config.platforms import PLATFORMS
from railyard.console import stderr
from railyard.errors import RailyardError


def init(platform: str, directory: Path, force: bool) -> None:
    if platform not in PLATFORMS:
        raise RailyardError(
            f"unknown platform {platform!r}", hint=f"choose one of: {', '.join(PLATFORMS)}"
        )
    target = directory / "cluster.yaml"
    if target.exists() and not force:
        raise RailyardError(
            f"{target} already exists", hint="pass --force to overwrite it, or choose another DIR"
        )
    starter = resources.files("railyard").joinpath("starters", f"{platform}.yaml").read_text()
    directory.mkdir(parents=True, exist_ok=True)
    target.write_text(starter)
    stderr.print(f"wrote {target}: edit it, then run `railyard plan -c {target}`")
