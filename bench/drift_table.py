"""The drift table for 10,000 drifted resources (target: under 1 s), as a CI log gets it
(stdout not a terminal: plain aligned text) and as a terminal gets it (rich draws tables
up to report.table.RICH_ROWS rows; longer ones print as aligned text there too), against
the rich Table every row used to go through, timed in the same run.
"""

from __future__ import annotations

import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

sys.path.insert(0, str(Path(__file__).parent))
from plan_summary import RESOURCES, refresh_only_plan

from railyard.report.drift import DriftReport, _rows, find_drift, render_drift
from railyard.terraform.plan import parse_plan

TARGET = 1.0  # seconds


def seconds(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def all_rich(report: DriftReport, console: Console) -> None:
    """Every row through a rich Table: how the table was drawn before."""
    table = Table(title="Drift", title_justify="left")
    for column in ("resource", "change", "attribute", "before", "after"):
        table.add_column(column, overflow="fold")
    for row in _rows(report):
        table.add_row(*(Text(cell) for cell in row))
    console.print(table)


def main() -> None:
    report = find_drift(parse_plan(refresh_only_plan()))
    assert len(report.resources) == RESOURCES
    out = io.StringIO()
    ci = seconds(lambda: render_drift(report, "table", Console(file=out, width=80)))
    lines = out.getvalue().splitlines()
    assert len(lines) == RESOURCES + 3 and "\x1b" not in out.getvalue()  # title, header, rule
    terminal = Console(file=io.StringIO(), width=160, force_terminal=True)
    in_terminal = seconds(lambda: render_drift(report, "table", terminal))
    before = seconds(lambda: all_rich(report, Console(file=io.StringIO(), width=160)))
    print(f"drift table, {RESOURCES:,} drifted resources")
    for label, taken in (("CI log (not a terminal)", ci), ("terminal", in_terminal)):
        verdict = "OK" if taken < TARGET else "OVER"
        print(f"  {label:24} {taken:6.2f} s  (target < {TARGET:.0f} s) {verdict}")
    print(f"  every row through rich   {before:6.2f} s  (before)")
    print(f"  ratio, CI log / before:  {ci / before:6.3f}x")
    print(f"  ratio, CI log / target:  {ci / TARGET:6.3f}x")


if __name__ == "__main__":
    main()
