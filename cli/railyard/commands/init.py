"""`railyard init`: write a commented starter cluster file."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from railyard.console import stderr
from railyard.errors import RailyardError
from railyard.platforms import platform as platform_named


def init(platform: str, directory: Path, force: bool) -> None:
    starter_name = platform_named(platform).starter
    target = directory / "cluster.yaml"
    if target.exists() and not force:
        raise RailyardError(
            f"{target} already exists", hint="pass --force to overwrite it, or choose another DIR"
        )
    starter = resources.files("railyard").joinpath("starters", starter_name).read_text()
    directory.mkdir(parents=True, exist_ok=True)
    target.write_text(starter)
    stderr.print(f"wrote {target}: edit it, then run `railyard plan -c {target}`")
