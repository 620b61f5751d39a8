"""The workspace's .railyard.json: which railyard wrote it, so a newer one is not clobbered."""

from __future__ import annotations

import json
import re
from pathlib import Path

from railyard import __version__
from railyard.errors import RailyardError, os_error

METADATA_FILE = ".railyard.json"
WORKSPACE_FORMAT = 1


_VERSION = re.compile(r"(\d+(?:\.\d+)*)(?:(a|b|rc)(\d+))?(?:\.post(\d+))?(?:\.dev(\d+))?")
_PRE_RANK = {"a": 0, "b": 1, "rc": 2, None: 3}  # 0.1.0a1 < 0.1.0b1 < 0.1.0rc1 < 0.1.0


def version_key(text: str) -> tuple[tuple[int, ...], int, int, int, int]:
    """A sort key for PEP 440 style versions (release, pre-release, post, dev);
    ValueError for anything else."""
    match = _VERSION.fullmatch(text.strip())
    if not match:
        raise ValueError(text)
    release, pre, pre_number, post, dev = match.groups()
    numbers = tuple(int(part) for part in release.split("."))
    while len(numbers) > 1 and numbers[-1] == 0:  # 0.1 == 0.1.0
        numbers = numbers[:-1]
    pre_rank = _PRE_RANK[pre]
    if dev is not None and pre is None and post is None:
        pre_rank = -1  # 0.1.0.dev1 comes before 0.1.0a1
    dev_rank = int(dev) if dev is not None else 1 << 30  # a .dev release comes first
    return numbers, pre_rank, int(pre_number or 0), int(post or -1), dev_rank


def check_metadata(workdir: Path) -> None:
    """Refuse a workspace written by a newer railyard (its files may mean something else)."""
    path = workdir / METADATA_FILE
    if not path.is_file():
        return
    try:
        metadata = json.loads(path.read_bytes())
        written_by = str(metadata["railyard_version"])
        workspace_format = int(metadata["workspace_format"])
        newer = version_key(written_by) > version_key(__version__)
    except OSError as error:
        raise os_error(error) from None
    except (ValueError, KeyError, TypeError):
        raise RailyardError(
            "workspace metadata is unreadable",
            where=str(path),
            hint="remove the file to let railyard re-render the workspace",
        ) from None
    if workspace_format > WORKSPACE_FORMAT or newer:
        raise RailyardError(
            f"this workspace was written by railyard {written_by}, newer than this "
            f"railyard ({__version__})",
            where=str(workdir),
            hint=f"upgrade railyard to {written_by} or later before using this workspace",
        )


def check_workdir(workdir: Path) -> None:
    """Refuse to render into a path that is not a directory, or into a non-empty
    directory without .railyard.json: its files are someone else's (rendering replaces
    main.tf and friends, and prunes hcl/)."""
    if not workdir.exists():
        return
    if not workdir.is_dir():
        raise RailyardError(
            f"the workdir {workdir} is not a directory",
            hint="pick another --workdir (railyard creates it)",
        )
    try:
        foreign = not (workdir / METADATA_FILE).is_file() and any(workdir.iterdir())
    except OSError as error:
        raise os_error(error) from None
    if foreign:
        raise RailyardError(
            f"the workdir {workdir} holds files and is not a railyard workspace "
            f"(no {METADATA_FILE}): railyard would overwrite them",
            hint="pick an empty or new directory for --workdir",
        )
