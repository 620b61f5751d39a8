"""Terraform diagnostics (errors and warnings) and the error railyard raises for them.

Terraform reports problems as diagnostics: a severity, a one-line summary, a detail
paragraph and, when the problem is in HCL, the file and position. Commands with `-json`
give them as JSON objects (`diagnostic_from_json`); the others print them on stderr
(`diagnostics_from_stderr` reads that text form back).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from railyard.errors import RailyardError


@dataclass(frozen=True)
class Diagnostic:
    """One terraform diagnostic. `filename` is as terraform gave it (relative to workdir)."""

    severity: str  # "error" | "warning"
    summary: str
    detail: str = ""
    filename: str | None = None
    line: int | None = None
    column: int | None = None
    address: str | None = None  # the resource it is about, when terraform says

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def location(self, workdir: Path | None = None) -> str | None:
        """ "file:line:col" (or "file:line"), with relative files shown under `workdir`."""
        if not self.filename:
            return None
        name = self.filename
        if workdir is not None and not Path(name).is_absolute():
            name = str(workdir / name)
        if self.line is None:
            return name
        if self.column is None:
            return f"{name}:{self.line}"
        return f"{name}:{self.line}:{self.column}"

    def format(self, workdir: Path | None = None) -> str:
        """`file:line:col: summary`, then the detail indented below it."""
        head = self.summary if self.is_error else f"warning: {self.summary}"
        if self.address:
            head += f" ({self.address})"
        where = self.location(workdir)
        if where:
            head = f"{where}: {head}"
        detail = "\n".join("  " + line if line else "" for line in self.detail.splitlines())
        return f"{head}\n{detail}" if detail.strip() else head


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def diagnostic_from_json(data: Mapping[str, Any]) -> Diagnostic:
    """A diagnostic object from `validate -json` or a `diagnostic` event."""
    where = data.get("range")
    where = where if isinstance(where, Mapping) else {}
    start = where.get("start")
    start = start if isinstance(start, Mapping) else {}
    filename = where.get("filename")
    address = data.get("address")
    return Diagnostic(
        severity=str(data.get("severity", "error")),
        summary=str(data.get("summary", "")),
        detail=str(data.get("detail") or ""),
        filename=filename if isinstance(filename, str) and filename else None,
        line=_int_or_none(start.get("line")),
        column=_int_or_none(start.get("column")),
        address=address if isinstance(address, str) and address else None,
    )


_HEADER = re.compile(r"^(Error|Warning): (.*)$")
_LOCATION = re.compile(r"^\s+on (.+?) line (\d+)(?:, in .*)?:$")
_ADDRESS = re.compile(r"^\s+with (\S+),$")  # "with null_resource.x," above the location
_SOURCE_LINE = re.compile(r"^\s+\d+: ")  # the quoted HCL line under the location
_SNIPPET_EXTRA = re.compile(r"^\s+[├│]")  # "├────" and "│ var.x is ..." under the source


def _strip_box(line: str) -> str:
    """Terraform >= 1.0 may frame each diagnostic with ╷ │ ╵; drop the frame."""
    if line.startswith(("╷", "╵")):
        return ""
    if line.startswith("│ "):
        return line[2:]
    if line.startswith("│"):
        return line[1:]
    return line


def diagnostics_from_stderr(stderr: str) -> list[Diagnostic]:
    """Read the human diagnostics terraform prints on stderr (with -no-color) back."""
    blocks: list[tuple[str, str, list[str]]] = []
    for raw in stderr.splitlines():
        line = _strip_box(raw.rstrip())
        header = _HEADER.match(line)
        if header:
            blocks.append((header.group(1).lower(), header.group(2).strip(), []))
        elif blocks:
            blocks[-1][2].append(line)
    found: list[Diagnostic] = []
    for severity, summary, body in blocks:
        filename: str | None = None
        line_number: int | None = None
        address: str | None = None
        detail: list[str] = []
        for line in body:
            location = _LOCATION.match(line)
            with_address = _ADDRESS.match(line)
            before_detail = not any(part.strip() for part in detail)
            if with_address and address is None and before_detail:
                address = with_address.group(1)
            elif location and filename is None and before_detail:
                filename, line_number = location.group(1), int(location.group(2))
            elif _SOURCE_LINE.match(line) or (filename and _SNIPPET_EXTRA.match(line)):
                continue
            else:
                detail.append(line)
        found.append(
            Diagnostic(
                severity=severity,
                summary=summary,
                detail="\n".join(detail).strip("\n"),
                filename=filename,
                line=line_number,
                address=address,
            )
        )
    return found


class TerraformError(RailyardError):
    """A terraform command failed; carries its diagnostics and where the full log is."""

    def __init__(
        self,
        command: str,
        diagnostics: Sequence[Diagnostic],
        *,
        workdir: Path | None = None,
        log_path: Path | None = None,
    ):
        self.command = command
        self.diagnostics = list(diagnostics)
        ordered = sorted(self.diagnostics, key=lambda d: not d.is_error)
        lines = [f"terraform {command} failed:"]
        lines += ["  " + d.format(workdir).replace("\n", "\n  ") for d in ordered]
        super().__init__(
            "\n".join(lines),
            hint=f"full terraform output: {log_path}" if log_path else None,
        )
