"""The railyard command line: thin typer signatures; the work lives in commands/.

Command modules are imported inside each command so `railyard --help` stays fast.
"""

from __future__ import annotations

import os
import signal
import sys
from enum import StrEnum
from pathlib import Path
from types import FrameType
from typing import Annotated, NoReturn

import typer

from railyard.errors import RailyardError
from railyard.options import (
    DEFAULT_CONFIG,
    AutoApproveOption,
    ConfigOption,
    SandboxOption,
    SummaryFileOption,
    WorkdirOption,
)
from railyard.platforms import NAMES

app = typer.Typer(
    name="railyard",
    help="Kubernetes on Flatcar Container Linux with Terraform.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: rendering it with rich triples start-up time
)
sandbox_app = typer.Typer(
    help="Change the offline sandbox's fake cloud, as if someone changed the real one.",
    no_args_is_help=True,
)
app.add_typer(sandbox_app, name="sandbox")


class DriftFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    junit = "junit"


class Report(StrEnum):
    plan = "plan"
    status = "status"
    drift = "drift"


class ClustersFormat(StrEnum):
    table = "table"
    json = "json"
    paths = "paths"


class Role(StrEnum):
    controller = "controller"
    worker = "worker"


def _exit(code: int) -> None:
    if code:
        raise typer.Exit(code)


@app.command()
def init(
    platform: Annotated[
        str, typer.Option("--platform", "-p", help=f"Target platform: {', '.join(NAMES)}.")
    ],
    directory: Annotated[Path, typer.Argument(help="Where to write cluster.yaml.")] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starter cluster.yaml."""
    from railyard.commands.init import init as run

    run(platform, directory, force)


@app.command()
def schema(
    report: Annotated[
        Report | None,
        typer.Option("--report", help="Print this JSON report's schema instead."),
    ] = None,
) -> None:
    """Print the cluster file's JSON Schema (for editor completion), or a report's."""
    from railyard.commands.schema import schema as run

    run(report.value if report else None)


@app.command()
def clusters(
    directory: Annotated[Path, typer.Argument(help="Where to look (recursively).")] = Path("."),
    fmt: Annotated[
        ClustersFormat,
        typer.Option("--format", help="table; json (a CI matrix); paths (one a line)."),
    ] = ClustersFormat.table,
    shard: Annotated[
        str | None,
        typer.Option("--shard", help="I/N: every N-th cluster file from the I-th (1-based)."),
    ] = None,
) -> None:
    """List the cluster files under a directory (a fleet), for people or a CI matrix."""
    from railyard.commands.clusters import clusters as run

    run(directory, fmt.value, shard)


@app.command()
def render(
    config: ConfigOption = DEFAULT_CONFIG,
    workdir: WorkdirOption = None,
    sandbox: SandboxOption = False,
) -> None:
    """Write the Terraform workspace for the cluster file."""
    from railyard.commands.render import render as run

    run(config, workdir, sandbox)


@app.command()
def validate(
    config: ConfigOption = DEFAULT_CONFIG,
    workdir: WorkdirOption = None,
    sandbox: SandboxOption = False,
) -> None:
    """Check the cluster file, its snippets, then `terraform validate` the workspace."""
    from railyard.commands.validate import validate as run

    run(config, workdir, sandbox)


@app.command()
def plan(
    config: ConfigOption = DEFAULT_CONFIG,
    workdir: WorkdirOption = None,
    sandbox: SandboxOption = False,
    detailed_exitcode: Annotated[
        bool, typer.Option("--detailed-exitcode", help="Exit 2 when there are changes.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    summary_file: SummaryFileOption = None,
) -> None:
    """Save a plan and summarise it by action and module."""
    from railyard.commands.plan import plan as run

    _exit(run(config, workdir, sandbox, detailed_exitcode, as_json, summary_file))


@app.command()
def apply(
    config: ConfigOption = DEFAULT_CONFIG,
    workdir: WorkdirOption = None,
    sandbox: SandboxOption = False,
    auto_approve: AutoApproveOption = False,
    allow_controller_replacement: Annotated[
        bool,
        typer.Option(
            "--allow-controller-replacement",
            help="Apply even if the plan deletes or replaces controllers.",
        ),
    ] = False,
) -> None:
    """Plan, confirm, then apply exactly that plan with live progress."""
    from railyard.commands.apply import apply as run

    run(config, workdir, sandbox, auto_approve, allow_controller_replacement)


@app.command("replace-controller")
def replace_controller(
    index: Annotated[int, typer.Argument(help="The controller's index, from 0.")],
    config: ConfigOption = DEFAULT_CONFIG,
    workdir: WorkdirOption = None,
    sandbox: SandboxOption = False,
    auto_approve: AutoApproveOption = False,
) -> None:
    """Replace one controller (new machine, empty disk); it rejoins etcd when it boots."""
    from railyard.commands.replace_controller import replace_controller as run

    run(config, workdir, sandbox, index, auto_approve)


@app.command()
def destroy(
    config: ConfigOption = DEFAULT_CONFIG,
    workdir: WorkdirOption = None,
    sandbox: SandboxOption = False,
    auto_approve: AutoApproveOption = False,
) -> None:
    """Destroy the cluster (asks for its name unless --auto-approve)."""
    from railyard.commands.apply import destroy as run

    run(config, workdir, sandbox, auto_approve)


@app.command()
def status(
    config: ConfigOption = DEFAULT_CONFIG,
    workdir: WorkdirOption = None,
    sandbox: SandboxOption = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Show nodes, resources, outputs, backend and terraform version from the state."""
    from railyard.commands.status import status as run

    run(config, workdir, sandbox, as_json)


@app.command()
def output(
    name: Annotated[str, typer.Argument(help="Output name, e.g. kubeconfig.")],
    config: ConfigOption = DEFAULT_CONFIG,
    workdir: WorkdirOption = None,
    sandbox: SandboxOption = False,
    write: Annotated[
        Path | None, typer.Option("--write", help="Write to this file (mode 0600).")
    ] = None,
) -> None:
    """Print one output raw (`railyard output kubeconfig > kubeconfig`)."""
    from railyard.commands.output import output as run

    run(config, workdir, sandbox, name, write)


@app.command()
def drift(
    config: ConfigOption = DEFAULT_CONFIG,
    workdir: WorkdirOption = None,
    sandbox: SandboxOption = False,
    fmt: Annotated[DriftFormat, typer.Option("--format", help="Report format.")] = (
        DriftFormat.table
    ),
    no_lock: Annotated[
        bool,
        typer.Option(
            "--no-lock",
            help="Do not take the state lock: a read-only check beside a running apply.",
        ),
    ] = False,
    summary_file: SummaryFileOption = None,
) -> None:
    """Report resources changed outside terraform. Exit 0 clean, 2 drift, 1 error."""
    from railyard.commands.drift import drift as run

    _exit(run(config, workdir, sandbox, fmt.value, not no_lock, summary_file))


@app.command()
def ignition(
    role: Annotated[Role, typer.Option("--role", help="Node role.")],
    pool: Annotated[
        str | None,
        typer.Option(
            "--pool",
            help="Worker pool (default: the only one); on bare-metal, the worker's name.",
        ),
    ] = None,
    index: Annotated[int, typer.Option("--index", help="Controller number, from 0.")] = 0,
    config: ConfigOption = DEFAULT_CONFIG,
    workdir: WorkdirOption = None,
    sandbox: SandboxOption = False,
) -> None:
    """Print the Ignition JSON a node gets, exactly as the platform module renders it."""
    from railyard.commands.ignition import ignition as run

    run(config, workdir, sandbox, role.value, pool, index)


@sandbox_app.command("mutate")
def sandbox_mutate(
    address: Annotated[str, typer.Argument(help="Resource address from the state.")],
    assignments: Annotated[list[str], typer.Argument(help="KEY=VALUE (VALUE as JSON or text).")],
    config: ConfigOption = DEFAULT_CONFIG,
    workdir: WorkdirOption = None,
) -> None:
    """Change attributes of an object in the fake cloud."""
    from railyard.commands.sandbox import mutate

    mutate(config, workdir, address, assignments)


@sandbox_app.command("delete")
def sandbox_delete(
    address: Annotated[str, typer.Argument(help="Resource address from the state.")],
    config: ConfigOption = DEFAULT_CONFIG,
    workdir: WorkdirOption = None,
) -> None:
    """Remove an object from the fake cloud."""
    from railyard.commands.sandbox import delete

    delete(config, workdir, address)


@app.command()
def version() -> None:
    """Print railyard's version."""
    from railyard import __version__

    print(f"railyard {__version__}")


def main() -> None:
    """Console entry point: errors for people, exit codes 0 / 1 / 2 / 130 / 143."""
    from railyard.errors import Terminated, os_error

    # railyard uses no pydantic plugins: spare every start pydantic's search of all installed
    # packages for them (typer builds pydantic adapters for the options).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

    signal.signal(signal.SIGTERM, _terminate)  # a CI cancel: stop like Ctrl-C, exit 143
    try:
        _run_app()
    except RailyardError as error:
        _fail(error)
    except BrokenPipeError:
        # stdout was closed (`railyard status | head`): say nothing more on it
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except OSError as error:
        _fail(os_error(error))
    except KeyboardInterrupt:
        from railyard.console import stderr

        stderr.print("interrupted")
        sys.exit(130)
    except Terminated as terminated:
        from railyard.console import stderr

        stderr.print("terminated")
        sys.exit(terminated.exit_code)


def _run_app() -> None:
    try:
        app()
    finally:
        # on the way out a late signal must not change the exit code: Python restores the
        # default (fatal) handlers while it shuts down, but leaves ignored signals ignored
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, signal.SIG_IGN)


def _fail(error: RailyardError) -> NoReturn:
    from railyard.console import stderr

    stderr.print("[bold red]error:[/]", end=" ")
    stderr.print(str(error), markup=False)
    sys.exit(1)


def _terminate(signum: int, frame: FrameType | None) -> None:
    from railyard.errors import Terminated

    raise Terminated()
