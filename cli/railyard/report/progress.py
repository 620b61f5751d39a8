"""Live apply progress, fed one `apply -json` event at a time.

    with ApplyProgress(console, total=len(plan_run.changes)) as progress:
        run = tf.apply(plan_file, on_event=progress.handle)
    print_outputs(run.outputs, console)

While terraform works, the live area shows each resource in progress (its state and a
ticking elapsed time) and an overall bar. A finished resource is printed once above the
live area as a permanent line, so a 10,000-resource apply stays readable and scrolls.
`handle` runs on the runner's thread and rich refreshes on its own: a lock keeps them apart.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from types import TracebackType

from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from railyard.terraform.events import (
    ApplyComplete,
    ApplyErrored,
    ApplyStart,
    Event,
    LogMessage,
    PlannedChange,
    ProvisionEvent,
)
from railyard.terraform.state import OutputValue

SENSITIVE = "(sensitive)"
_DOING = {"create": "creating", "update": "updating", "delete": "destroying", "read": "reading"}
_DONE = {"create": "created", "update": "updated", "delete": "destroyed", "read": "read"}


def format_elapsed(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}m{rest:02d}s"


@dataclass
class _Running:
    action: str
    started: float  # time.monotonic()
    state: str


class ApplyProgress:
    """A rich Live view of an apply. `total` is the number of planned changes."""

    def __init__(self, console: Console, total: int) -> None:
        self.console = console
        self.total = total
        self.failed: list[str] = []
        self._planned = 0
        self._finished: set[str] = set()
        self._running: dict[str, _Running] = {}
        self._lock = threading.Lock()
        self._started = time.monotonic()
        self._live = Live(self, console=console, transient=True, refresh_per_second=4)

    def __enter__(self) -> ApplyProgress:
        self._started = time.monotonic()
        self._live.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._live.stop()
        done = len(self._finished)
        line = f"{done}/{max(self.total, done)} resources in "
        line += format_elapsed(time.monotonic() - self._started)
        if self.failed:
            line += f", [red]{len(self.failed)} failed[/]"
        self.console.print(line)

    def handle(self, event: Event) -> None:
        """The `on_event` callback for `Terraform.apply`."""
        with self._lock:
            line = self._record(event)
        if line is not None:  # printed outside the lock: printing redraws the live view
            self._live.console.print(line)

    def _record(self, event: Event) -> Text | None:
        """Update the view's state; return a permanent line to print, if any."""
        if isinstance(event, PlannedChange) and event.action != "noop":  # apply repeats the plan
            self._planned += 1
            self.total = max(self.total, self._planned)
        elif isinstance(event, ApplyStart):
            state = _DOING.get(event.action, event.action)
            self._running[event.resource.addr] = _Running(event.action, time.monotonic(), state)
        elif isinstance(event, ProvisionEvent) and event.stage == "start":
            running = self._running.get(event.resource.addr)
            if running:
                running.state = f"provisioning ({event.provisioner})"
        elif isinstance(event, ApplyComplete | ApplyErrored):
            address = event.resource.addr
            running = self._running.pop(address, None)
            elapsed = time.monotonic() - running.started if running else event.elapsed_seconds
            self._finished.add(address)
            if isinstance(event, ApplyErrored):
                self.failed.append(address)
                mark, state, style = "✗", f"{event.action} failed", "red"
            else:
                mark, state, style = "✓", _DONE.get(event.action, event.action), "green"
            line = Text.assemble((f"{mark} ", style), (f"{state:<10} ", style), address)
            line.append(f"  {format_elapsed(elapsed)}", style="dim")
            return line
        elif isinstance(event, LogMessage) and event.message.strip():
            return Text(event.message.strip(), style="yellow")
        return None

    def __rich__(self) -> RenderableType:
        with self._lock:
            now = time.monotonic()
            running = sorted(self._running.items(), key=lambda item: item[1].started)
            done, total = len(self._finished), max(self.total, len(self._finished))
        shown = running[-max(self.console.height - 4, 3) :]
        table = Table.grid(padding=(0, 2))
        for address, item in shown:
            table.add_row(
                Text(item.state, style="cyan"), address, format_elapsed(now - item.started)
            )
        bar = Table.grid(padding=(0, 1))
        bar.add_row(
            ProgressBar(total=total or 1, completed=done, width=40),
            f"{done}/{total} resources",
            format_elapsed(now - self._started),
            Text(f"{len(self.failed)} failed", style="red") if self.failed else "",
        )
        return Group(table, bar)


def _show_value(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def print_outputs(outputs: Mapping[str, OutputValue], console: Console) -> None:
    """Root outputs as a table; sensitive values are never printed."""
    if not outputs:
        return
    table = Table(title="Outputs", title_justify="left", show_edge=False)
    table.add_column("name", style="bold")
    table.add_column("value", overflow="fold")
    for name, output in sorted(outputs.items()):
        if output.sensitive:
            table.add_row(name, Text(SENSITIVE, style="dim"))
        else:
            table.add_row(name, Text(_show_value(output.value)))
    console.print(table)
