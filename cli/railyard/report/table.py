"""Tables for people and for CI logs.

In a terminal a table is a rich Table that fits the window (long cells fold). Anywhere else
(a CI log, a pipe, a file) it is plain aligned text at its full width: an address is never
split across lines, and there are no box characters or colour codes to strip. Very long
tables take the plain path in a terminal too: rich measures every cell, about half a
millisecond a row, so 10,000 rows would take seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:  # rich loads only when a table is printed through it
    from rich.console import Console
    from rich.text import Text

RICH_ROWS = 500  # longer tables print as plain text even in a terminal

Cell: TypeAlias = "str | Text"


@dataclass(frozen=True)
class Column:
    header: str
    right: bool = False  # right-aligned (numbers)
    style: str = ""  # rich style for the whole column, in a terminal


def print_table(
    console: Console,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    *,
    title: str = "",
    show_edge: bool = True,
) -> None:
    if console.is_terminal and len(rows) <= RICH_ROWS:
        from rich.table import Table
        from rich.text import Text

        table = Table(title=title or None, title_justify="left", show_edge=show_edge)
        for column in columns:
            table.add_column(
                column.header,
                justify="right" if column.right else "left",
                style=column.style or None,
                overflow="fold",
            )
        for row in rows:  # plain strings stay literal: addresses hold [brackets]
            table.add_row(*(Text(cell) if isinstance(cell, str) else cell for cell in row))
        console.print(table)
        return
    print_plain(console, plain_table(columns, rows, title=title))


def print_plain(console: Console, text: str) -> None:
    """`text` as it is, straight to the console's file: rich would spend about a second
    on 10,000 lines it has nothing to do with. A recording console (tests) keeps it."""
    if console.record:
        console.print(text, markup=False, highlight=False, emoji=False, soft_wrap=True)
    else:
        console.file.write(text + "\n")
        console.file.flush()


def plain_table(
    columns: Sequence[Column], rows: Sequence[Sequence[Cell]], *, title: str = ""
) -> str:
    """Aligned columns, two spaces apart, no trailing spaces; newlines in cells become spaces."""
    cells = [[str(cell).replace("\n", " ") for cell in row] for row in rows]
    headers = [column.header for column in columns]
    widths = [max(map(len, values)) for values in zip(headers, *cells, strict=True)]
    line = "  ".join(
        f"{{:{'>' if column.right else '<'}{width}}}"
        for column, width in zip(columns, widths, strict=True)
    )
    lines = [title] if title else []
    lines.append(line.format(*headers).rstrip())
    lines.append("  ".join("-" * width for width in widths))
    lines.extend(line.format(*row).rstrip() for row in cells)
    return "\n".join(lines)
