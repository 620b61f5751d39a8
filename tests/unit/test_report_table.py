"""Tables outside a terminal (CI logs, pipes): plain aligned text at full width, so an
address is never split and no colour code reaches the log; in a terminal, rich."""

from __future__ import annotations

import io
import os
import subprocess
import sys

from rich.console import Console
from rich.text import Text

from railyard.report.drift import AttributeChange, DriftedResource, DriftReport, render_drift
from railyard.report.table import Column, plain_table, print_table

LONG = 'module.pool_07.aws_instance.workers["a-very-long-key-that-would-wrap-at-80-columns"]'


def report(count: int) -> DriftReport:
    resources = [
        DriftedResource(
            f"{LONG}[{index}]", "update", [AttributeChange('tags["Owner"]', None, "someone")]
        )
        for index in range(count)
    ]
    return DriftReport(resources, [r.address for r in resources])


def test_plain_table_aligns_without_trailing_spaces() -> None:
    text = plain_table(
        [Column("name"), Column("count", right=True)], [["a", "1"], ["long-name", "10"]]
    )
    assert text.splitlines() == [
        "name       count",
        "---------  -----",
        "a              1",
        "long-name     10",
    ]


def test_drift_table_in_a_pipe_keeps_addresses_whole() -> None:
    out = io.StringIO()
    render_drift(report(3), "table", Console(file=out, width=80))  # 80: a CI log's default
    lines = out.getvalue().splitlines()
    assert lines[0] == "Drift: 3 of 3 resources"
    assert sum(f"{LONG}[" in line for line in lines) == 3
    assert all(len(line) > 80 for line in lines[3:])
    assert "\x1b" not in out.getvalue() and "│" not in out.getvalue()


def test_in_a_terminal_it_is_a_rich_table() -> None:
    out = io.StringIO()
    console = Console(file=out, width=200, force_terminal=True, color_system="standard")
    print_table(console, [Column("resource")], [[Text("x[0]", style="red")]], title="T")
    assert "┃" in out.getvalue() and "\x1b[31mx[0]" in out.getvalue()


def test_the_cli_prints_plain_text_into_a_pipe() -> None:
    code = (
        "from railyard.console import stdout\n"
        "from railyard.report.drift import render_drift\n"
        "from tests.unit.test_report_table import report\n"
        "render_drift(report(2), 'table', stdout)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "COLUMNS": "80", "TERM": "xterm-256color"},
    )
    assert "\x1b" not in done.stdout
    assert sum(LONG in line for line in done.stdout.splitlines()) == 2
