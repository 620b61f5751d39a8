"""`--summary-file PATH`: a command's markdown report appended to a file, one section per
cluster, so a CI job can point it at `$GITHUB_STEP_SUMMARY` (which is appended to) or collect
a merge-request note over several clusters."""

from __future__ import annotations

from pathlib import Path

from railyard.errors import RailyardError


def append_summary(path: Path, cluster_name: str, config: Path, markdown: str) -> None:
    section = f"## {cluster_name} (`{config}`)\n\n{markdown.rstrip()}\n\n"
    try:
        with path.open("a", encoding="utf-8") as summary:
            summary.write(section)
    except OSError as error:
        raise RailyardError(
            f"cannot write the summary file: {error.strerror}",
            where=str(path),
            hint="point --summary-file at a writable file",
        ) from None
