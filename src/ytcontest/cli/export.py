"""``export``: CSV, XLSX and JSON for scripts and Excel, and the consolidated workbook."""

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Annotated, Any

import typer

from ytcontest.cli.options import parsed
from ytcontest.cli.state import get_state
from ytcontest.domain.errors import UserError
from ytcontest.domain.i18n import _

app = typer.Typer(
    help=_(
        "Export units, entries, reports or a month's status (CSV, XLSX, JSON), "
        "and the consolidated workbook."
    ),
    epilog=_("Example: ytcontest export workbook -o tong-hop.xlsx"),
    no_args_is_help=True,
)

Output = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        help=_(
            "The file to write (its extension picks the format), "
            "or - for standard output (the default)."
        ),
    ),
]
Format = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help=_("csv, xlsx or json (default: from the file's extension, else csv)."),
    ),
]
NoBom = Annotated[
    bool,
    typer.Option(
        "--no-bom",
        help=_("Leave out the UTF-8 BOM that Excel on Windows needs to read Vietnamese CSV."),
    ),
]
MonthOption = Annotated[
    str | None,
    typer.Option(
        "--month",
        "-m",
        help=_("Month (for status: default the latest month whose deadline has passed)."),
    ),
]
Codes = Annotated[
    bool,
    typer.Option(
        "--codes",
        help=_(
            "Keep the stable codes (on_time, don_vi, san_pham) and ISO dates, for scripts; "
            "by default cells show words in the chosen language and dates as dd/mm/yyyy."
        ),
    ),
]
Sep = Annotated[
    str,
    typer.Option(
        "--sep",
        show_default=False,  # the help says it
        help=_(
            "CSV separator: , (the default) or ; (what Excel on many Vietnamese Windows "
            "set-ups expects), or tab."
        ),
    ),
]
FORMATS = ("csv", "xlsx", "json")


def csv_separator(sep: str) -> str:
    """The character ``--sep`` names; refused in the user's language when it is none of ours."""
    from ytcontest.tabular.writer import SEPARATORS

    chosen = SEPARATORS.get(sep.strip().lower() if sep.strip() else sep)
    if chosen is None:
        raise UserError(_("--sep takes , or ; or tab (got {value!r})", value=sep))
    return chosen


def _choose_format(fmt: str | None, output: str | None) -> str:

    if fmt:
        chosen = fmt.strip().lower()
    elif output and output != "-":
        chosen = Path(output).suffix.lower().lstrip(".") or "csv"
    else:
        chosen = "csv"
    if chosen not in FORMATS:
        raise UserError(_("unknown format {name}; choose csv, xlsx or json", name=chosen))
    if chosen == "xlsx" and (not output or output == "-"):
        raise UserError(_("an Excel file needs a file name: -o FILE.xlsx"))
    return chosen


@contextmanager
def _atomic(path: Path, mode: str) -> Iterator[IO[Any]]:
    """Write to a temporary file beside ``path`` and move it into place only when complete, so
    an interrupted export never leaves half a file under the real name."""

    if path.is_dir():
        raise UserError(_("{path} is a folder, not a file", path=path))
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(_("the folder {path} does not exist", path=folder))
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    # mkstemp makes the file private; an export is meant to be shared like any file one saves.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temporary, 0o666 & ~umask)
    try:
        kwargs: dict[str, Any] = {} if "b" in mode else {"encoding": "utf-8", "newline": ""}
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _progress() -> tuple[Callable[[int], None] | None, Callable[[], None]]:
    """A row counter on stderr for long exports on a terminal; nothing when piped."""
    if not sys.stderr.isatty():
        return None, lambda: None
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn

    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        console=Console(stderr=True),
        transient=True,
    )
    task = progress.add_task(_("exporting…"))
    progress.start()

    def update(count: int) -> None:
        progress.update(task, description=_("{count} rows exported…", count=count))

    return update, progress.stop


def _export(
    ctx: typer.Context,
    dataset: str,
    month: str | None,
    output: str | None,
    fmt: str | None,
    no_bom: bool,
    codes: bool = False,
    sep: str = ",",
) -> None:
    from dataclasses import replace

    from ytcontest.domain.dates import Month
    from ytcontest.services import exports
    from ytcontest.tabular import writer

    state = get_state(ctx)
    chosen = _choose_format(fmt, output)
    delimiter = csv_separator(sep)
    the_month = parsed(Month.parse, month) if month is not None else None
    fields = exports.fields(dataset)
    # In CSV a deadline in words ("trước ngày 25/06/2026") is text; Excel keeps a real date.
    csv_fields = [
        replace(f, kind="text", words="deadline") if f.key == "deadline" and not codes else f
        for f in fields
    ]
    to_stdout = not output or output == "-"
    with state.read() as session:
        rows, data = exports.rows(session, state.campaign(session), dataset, the_month)
        if chosen == "json":
            payload = list(data) if isinstance(data, Iterator) else data
            if to_stdout:
                writer.write_json(payload, sys.stdout)
            else:
                with _atomic(Path(output or ""), "w") as handle:
                    writer.write_json(payload, handle)
            return
        if to_stdout:
            writer.write_csv(rows, csv_fields, sys.stdout, codes=codes, sep=delimiter)
            return
        path = Path(output or "")
        update, stop = _progress()
        try:
            if chosen == "csv":
                with _atomic(path, "w") as handle:
                    if not no_bom:
                        handle.write("\ufeff")
                    count = writer.write_csv(rows, csv_fields, handle, codes=codes, sep=delimiter)
            else:
                with _atomic(path, "wb") as handle:
                    count = writer.write_xlsx(
                        rows, fields, handle, _sheet_title(dataset), progress=update, codes=codes
                    )
        finally:
            stop()
    typer.echo(_("{count} rows written to {path}", count=count, path=path), err=True)


def _sheet_title(dataset: str) -> str:
    return {
        "units": _("Units"),
        "entries": _("Entries"),
        "reports": _("Reports"),
        "status": _("Status"),
    }[dataset]


@app.command("units", help=_("Export the units.\n\nExample: ytcontest export units -o donvi.xlsx"))
def units(
    ctx: typer.Context,
    output: Output = None,
    fmt: Format = None,
    no_bom: NoBom = False,
    codes: Codes = False,
    sep: Sep = ",",
) -> None:
    _export(ctx, "units", None, output, fmt, no_bom, codes, sep)


@app.command(
    "entries", help=_("Export the entries.\n\nExample: ytcontest export entries -o ho-so.csv")
)
def entries(
    ctx: typer.Context,
    output: Output = None,
    fmt: Format = None,
    no_bom: NoBom = False,
    codes: Codes = False,
    sep: Sep = ",",
) -> None:
    _export(ctx, "entries", None, output, fmt, no_bom, codes, sep)


@app.command(
    "reports",
    help=_(
        "Export the reports (latest figures, judged on the first revision).\n\n"
        "Example: ytcontest export reports --month 06/2026 -o bao-cao.xlsx"
    ),
)
def reports(
    ctx: typer.Context,
    month: MonthOption = None,
    output: Output = None,
    fmt: Format = None,
    no_bom: NoBom = False,
    codes: Codes = False,
    sep: Sep = ",",
) -> None:
    _export(ctx, "reports", month, output, fmt, no_bom, codes, sep)


@app.command(
    "status",
    help=_(
        "Export a month's status, one row per expected unit.\n\n"
        "Example: ytcontest export status --month 06/2026 -o tinh-hinh.csv"
    ),
)
def status(
    ctx: typer.Context,
    month: MonthOption = None,
    output: Output = None,
    fmt: Format = None,
    no_bom: NoBom = False,
    codes: Codes = False,
    sep: Sep = ",",
) -> None:
    _export(ctx, "status", month, output, fmt, no_bom, codes, sep)


@app.command(
    "workbook",
    help=_(
        "Write the consolidated workbook for the Department: the signed summary table, the month "
        "by month matrix with its chart, and the units, entries and report revisions.\n\n"
        "Example: ytcontest export workbook -o tong-hop-06-2026.xlsx --month 06/2026"
    ),
)
def workbook(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", help=_("The .xlsx file to write."))],
    month: MonthOption = None,
) -> None:
    from ytcontest.tabular.workbook import write_workbook

    if output.suffix.lower() != ".xlsx":
        raise UserError(_("the workbook is an Excel file: give a name ending in .xlsx"))
    done = _write_month_document(ctx, output, month, write_workbook)
    typer.echo(_("Workbook for {month} written: {path}", month=done.label(), path=output))


@app.command(
    "document",
    help=_(
        "Write the Department's report for a month as a Word document (ND 30/2020 layout): the "
        "figures in sentences, the table of units, the entries in numbers, the signature.\n\n"
        "Example: ytcontest export document --month 06/2026 -o bao-cao-06-2026.docx"
    ),
)
def document(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", help=_("The .docx file to write."))],
    month: MonthOption = None,
) -> None:
    from ytcontest.tabular.document import write_document

    if output.suffix.lower() != ".docx":
        raise UserError(_("the report is a Word file: give a name ending in .docx"))
    done = _write_month_document(ctx, output, month, write_document)
    typer.echo(_("Report for {month} written: {path}", month=done.label(), path=output))


def _write_month_document(
    ctx: typer.Context, output: Path, month: str | None, write: Callable[[Any, Any], None]
) -> Any:
    """The workbook or the Word report of a month, from one computation, written whole or not
    at all; returns the month it is for."""
    from ytcontest.domain.dates import Month
    from ytcontest.services import exports

    state = get_state(ctx)
    the_month = parsed(Month.parse, month) if month is not None else None
    with state.read() as session:
        data = exports.workbook_data(session, state.campaign(session), the_month)
        with _atomic(output, "wb") as handle:
            write(handle, data)
    return data.month
