"""The railyard command line: thin typer signatures; the work lives in commands/.

Command modules are imported inside each command so `railyard --help` stays fast.
"""

from __future__ import annotations

import sys

import typer

from railyard.errors import RailyardError

app = typer.Typer(
    name="railyard",
    help="Kubernetes on Flatcar Container Linux with Terraform.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Kubernetes on Flatcar Container Linux with Terraform."""


@app.command()
def version() -> None:
    """Print railyard's version."""
    from railyard import __version__

    print(f"railyard {__version__}")


def main() -> None:
    """Console entry point: errors for people, exit codes 0 / 1 / 2 / 130."""
    try:
        app()
    except RailyardError as error:
        from railyard.console import stderr

        stderr.print(f"[bold red]error:[/] {error}", markup=True, highlight=False)
        sys.exit(1)
    except KeyboardInterrupt:
        from railyard.console import stderr

        stderr.print("interrupted")
        sys.exit(130)
