"""Printing data: a Rich table for people, JSON or CSV for scripts, chosen by one switch."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ytcontest.domain.i18n import _


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    show: Callable[[Any], str] | None = None  # how the table shows the value
    justify: str = "left"


def cell_text(value: Any) -> str:
    """A value as plain text, the same in tables and CSV."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (list, tuple)):
        return "; ".join(cell_text(v) for v in value)
    return str(value)


# An import summary names at most this many units or reports: the counts say the rest, and ten
# thousand codes on the screen help nobody.
LISTED = 20


def first_few(items: Sequence[str], limit: int = LISTED) -> tuple[list[str], int]:
    """The first ``limit`` items and how many are left out."""
    return list(items[:limit]), max(0, len(items) - limit)


def print_json(data: Any) -> None:
    # Indented for a person at a terminal; compact for a pipe or a file, where json's C encoder
    # writes 10,000 units three times faster (indent= makes json fall back to pure Python).
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=indent) + "\n")


def print_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[Column]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow([c.header for c in columns])
    for row in rows:
        writer.writerow([_csv_cell(row.get(c.key)) for c in columns])


def _csv_cell(value: Any) -> str:
    """Text made inert for spreadsheets, as in exports; numbers stay numbers."""
    from ytcontest.tabular.writer import neutralise

    text = cell_text(value)
    return text if isinstance(value, (int, float)) else neutralise(text)


def print_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[Column],
    *,
    title: str | None = None,
    caption: str | None = None,
) -> None:
    from rich.table import Table

    table = Table(title=title, caption=caption, header_style="bold", show_lines=False)
    for column in columns:
        table.add_column(column.header, justify=column.justify)  # type: ignore[arg-type]
    for row in rows:
        table.add_row(*[(c.show or cell_text)(row.get(c.key)) for c in columns])
    console().print(table)


def emit(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[Column],
    fmt: str,
    *,
    title: str | None = None,
    empty: str | None = None,
) -> None:
    """Print ``rows`` as a table, JSON (the whole rows) or CSV (the columns)."""
    if fmt == "json":
        print_json(list(rows))
    elif fmt == "csv":
        print_csv(rows, columns)
    elif not rows:
        console().print(empty or _("Nothing to show."))
    else:
        print_table(rows, columns, title=title, caption=_("{count} rows", count=len(rows)))


def emit_record(record: Mapping[str, Any], labels: Sequence[Column], fmt: str) -> None:
    """One object: JSON as it is, a two-column table of label and value, or a CSV of one row."""
    if fmt == "json":
        print_json(record)
    elif fmt == "csv":
        print_csv([record], labels)
    else:
        from rich.table import Table

        table = Table(show_header=False, box=None, padding=(0, 2, 0, 0))
        table.add_column(style="bold")
        table.add_column()
        for column in labels:
            table.add_row(column.header, (column.show or cell_text)(record.get(column.key)))
        console().print(table)


def print_fitted(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[Column],
    *,
    title: str | None = None,
    caption: str | None = None,
    flexible: Sequence[str] = (),
) -> None:
    """A table that fits 80 columns without cutting a value: each column is as wide as its
    longest value (only its header wraps, between words), except the ``flexible`` ones (names),
    which share what is left and wrap. Rich's own sharing cuts dates to "11/20…" instead."""
    from rich import box
    from rich.table import Table

    table = Table(
        title=title,
        caption=caption,
        header_style="bold",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        padding=(0, 1, 0, 0),  # with the rule's blank, two spaces between columns
    )
    shown = [[(c.show or cell_text)(row.get(c.key)) for c in columns] for row in rows]
    for i, column in enumerate(columns):
        longest_word = max((len(w) for w in column.header.split()), default=0)
        if column.key in flexible:
            words = [len(w) for cells in shown for w in cells[i].split()]
            table.add_column(
                column.header,
                justify=column.justify,  # type: ignore[arg-type]
                ratio=1,
                min_width=max([longest_word, *words]),
            )
            continue
        widest = max([longest_word, *(len(cells[i]) for cells in shown)])
        table.add_column(
            column.header,
            justify=column.justify,  # type: ignore[arg-type]
            width=widest,
            overflow="fold",
        )
    for cells in shown:
        table.add_row(*cells)
    console().print(table)


_console = None


def console() -> Any:
    """Rich's console on stdout, made on first use (Rich costs time to import)."""
    global _console
    from rich.console import Console

    if _console is None or _console.file is not sys.stdout:
        _console = Console(file=sys.stdout, highlight=False, markup=False, emoji=False)
    return _console
