"""The start-up baseline: a bare Typer app of ytcontest's shape that does nothing.

It has what every command-line program on this stack pays for before doing any work: Typer (and
through it Rich's help), a root callback with five global options, 8 command groups and 40
commands whose options carry help texts, about as many as ytcontest's. Its ``status`` command only
imports ``sqlmodel`` and ``rich.table``, the libraries any ``status`` over an SQLModel database
printed as a Rich table cannot avoid, and prints one line. ``run.py`` runs it as
``python -m baseline_app`` (with this folder on ``PYTHONPATH``), the way ``ytcontest`` runs as
``python -m ytcontest``, so that both read cached bytecode.

Nothing here is specific to ytcontest's code: it is the floor that ytcontest's ``--help`` and
``status`` are compared with.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    name="baseline",
    help="A bare Typer app with ytcontest's shape (groups, commands, options), doing nothing.",
    epilog="Example: baseline units list",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

Month = Annotated[str | None, typer.Option("--month", "-m", help="Month: 2026-06 or 06/2026.")]
Unit = Annotated[str | None, typer.Option("--unit", "-u", help="Only this unit.")]
Fmt = Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")]
AsJson = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
Output = Annotated[str | None, typer.Option("--output", "-o", help="The file to write.")]
File = Annotated[Path, typer.Argument(metavar="FILE", help="CSV or XLSX file.")]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing.")]
Code = Annotated[str, typer.Argument(help="The unit's code or words of its name.")]


@app.callback()
def root(
    database: Annotated[
        str | None, typer.Option("--db", envvar="BASELINE_DB", help="SQLite file or URL.")
    ] = None,
    campaign: Annotated[
        str | None, typer.Option("--campaign", envvar="BASELINE_CAMPAIGN", help="Campaign code.")
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="Language: vi or en.")] = "vi",
    user: Annotated[str | None, typer.Option("--user", help="Who makes the change.")] = None,
    version: Annotated[bool, typer.Option("--version", help="Show the version and exit.")] = False,
) -> None:
    """Global options, as ytcontest has them."""


@app.command("status", help="Who is on time, late or missing (imports sqlmodel and rich.table).")
def status(
    month: Month = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="At this instant.")] = None,
    unit: Unit = None,
    kind: Annotated[str | None, typer.Option("--kind", help="phong or don_vi.")] = None,
    only_flagged: Annotated[bool, typer.Option("--only-flagged", help="Flagged only.")] = False,
    fmt: Fmt = "table",
    as_json: AsJson = False,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 3 when flagged.")] = False,
) -> None:
    import sqlmodel  # noqa: F401
    from rich.table import Table  # noqa: F401

    typer.echo("status: nothing to show")


def _noop(name: str, doc: str):  # type: ignore[no-untyped-def]
    """A command with the usual options that does nothing."""

    def command(
        month: Month = None,
        unit: Unit = None,
        fmt: Fmt = "table",
        as_json: AsJson = False,
        output: Output = None,
    ) -> None:
        typer.echo(name)

    command.__doc__ = doc
    return command


def _noop_file(name: str, doc: str):  # type: ignore[no-untyped-def]
    def command(file: File, dry_run: DryRun = False) -> None:
        typer.echo(f"{name} {file}")

    command.__doc__ = doc
    return command


def _noop_code(name: str, doc: str):  # type: ignore[no-untyped-def]
    def command(code: Code, fmt: Fmt = "table", as_json: AsJson = False) -> None:
        typer.echo(f"{name} {code}")

    command.__doc__ = doc
    return command


for _name, _doc in (
    ("init", "Create the database. Example: baseline --db x.db init"),
    ("log", "The audit log, newest first. Example: baseline log --unit BVA"),
    ("remind", "The units that still owe the month's report. Example: baseline remind -m 11/2026"),
):
    app.command(_name, help=_doc)(_noop(_name, _doc))

# 8 groups, 36 commands: with status and the 3 above, 40 commands.
GROUPS: dict[str, list[tuple[str, str]]] = {
    "db": [("path", "n"), ("check", "n"), ("backup", "f")],
    "campaign": [("list", "n"), ("show", "c"), ("set", "c"), ("add", "n"), ("close", "c")],
    "units": [
        ("list", "n"), ("show", "c"), ("add", "n"), ("edit", "c"),
        ("deactivate", "c"), ("activate", "c"), ("import", "f"),
    ],
    "entries": [
        ("add", "n"), ("list", "n"), ("show", "c"), ("edit", "c"),
        ("submit", "c"), ("withdraw", "c"), ("import", "f"),
    ],
    "report": [("add", "n"), ("list", "n"), ("show", "c"), ("import", "f"), ("template", "n")],
    "export": [("units", "n"), ("entries", "n"), ("reports", "n"), ("status", "n"), ("workbook", "n")],
    "clerks": [("list", "n"), ("grant", "c")],
    "config": [("show", "n"), ("set", "c")],
}  # fmt: skip

for _group, _commands in GROUPS.items():
    _sub = typer.Typer(
        help=f"The {_group} commands of the baseline.",
        epilog=f"Example: baseline {_group} {_commands[0][0]}",
        no_args_is_help=True,
    )
    for _name, _shape in _commands:
        _doc = f"{_group} {_name}: does nothing.\n\nExample: baseline {_group} {_name}"
        _make = {"n": _noop, "f": _noop_file, "c": _noop_code}[_shape]
        _sub.command(_name, help=_doc)(_make(f"{_group} {_name}", _doc))
    app.add_typer(_sub, name=_group)


def main() -> None:
    app(prog_name="baseline")


if __name__ == "__main__":
    main()
