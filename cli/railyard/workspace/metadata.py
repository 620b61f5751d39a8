"""The workspace's .railyard.json: which railyard wrote it, so a newer one is not clobbered."""

from __future__ import annotations

import json
from pathlib import Path

from railyard import __version__
from railyard.errors import RailyardError

METADATA_FILE = ".railyard.json"
WORKSPACE_FORMAT = 1


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for part in text.split("."):
        digits = "".join(ch for ch in part if ch.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)


def check_metadata(workdir: Path) -> None:
    """Refuse a workspace written by a newer railyard (its files may mean something else)."""
    path = workdir / METADATA_FILE
    if not path.is_file():
        return
    try:
        metadata = json.loads(path.read_text())
        written_by = str(metadata["railyard_version"])
        workspace_format = int(metadata["workspace_format"])
    except (ValueError, KeyError, TypeError):
        raise RailyardError(
            "workspace metadata is unreadable",
            where=str(path),
            hint="remove the file to let railyard re-render the workspace",
        ) from None
    if workspace_format > WORKSPACE_FORMAT or _version_tuple(written_by) > _version_tuple(
        __version__
    ):
        raise RailyardError(
            f"this workspace was written by railyard {written_by}, newer than this "
            f"railyard ({__version__})",
            where=str(workdir),
            hint=f"upgrade railyard to {written_by} or later before using this workspace",
        )
