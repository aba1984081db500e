"""The root command: global options into ``ctx.obj``, errors into messages, the command groups."""

import os
import sys
import traceback
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from ytcontest import __version__
from ytcontest.cli import campaign, db, entries, export, mail, report, status, units
from ytcontest.cli.framework_vi import install as install_framework_words
from ytcontest.cli.state import AppState, get_state, login_name
from ytcontest.domain.dates import DateInputError
from ytcontest.domain.errors import UserError
from ytcontest.domain.i18n import _, detect_language, set_language
from ytcontest.domain.text import printable

install_framework_words()


def fail(message: str, details: list[str] | None = None) -> None:
    """A refusal on stderr, in the user's language: "Lỗi: ..." and one line per detail."""
    typer.echo(f"{_('Error')}: {printable(message)}", err=True)
    for line in details or []:
        typer.echo(f"  - {printable(line)}", err=True)


class GuardedGroup(TyperGroup):
    """Turns every refusal into a message and exit code 1: no traceback reaches the user."""

    def make_context(
        self, info_name: Any, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        # The framework's usage errors come before the root callback reads --lang: speak the
        # language asked for from the first word (the entry point did so too, for help texts).
        if os.environ.get("YTCONTEST_LANG") or any(
            arg == "--lang" or arg.startswith("--lang=") for arg in args
        ):
            set_language(detect_language(args))
        return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (KeyboardInterrupt, EOFError, typer.Abort):
            # Ctrl-C or Ctrl-D at a question: nothing was saved; say so in the user's words.
            typer.echo("", err=True)
            typer.echo(_("Aborted."), err=True)
        except UserError as error:
            fail(error.message, error.details)
        except DateInputError as error:  # a bad YTCONTEST_NOW, read deep inside a command
            fail(str(error))
        except BrokenPipeError:
            # The reader went away (``ytcontest ... | head``): stop quietly, as Unix tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except Exception as error:
            # Typer's own exceptions (usage errors, Exit, Abort) keep their meaning and codes.
            if type(error).__module__.startswith("typer"):
                raise
            if os.environ.get("YTCONTEST_DEBUG") == "1":
                # The traceback, with the passwords of any database URL in it hidden.
                from ytcontest.store.db import mask_url

                typer.echo(mask_url(traceback.format_exc()), err=True)
            else:
                fail(describe(error, ctx))
        finally:
            state = ctx.obj
            if isinstance(state, AppState):
                state.close()
        raise typer.Exit(1)


def describe(error: Exception, ctx: Any) -> str:
    """An unexpected failure in one line; database failures in the user's words."""
    if "sqlalchemy" in sys.modules:
        import sqlalchemy.exc
        import sqlalchemy.orm.exc

        if isinstance(error, sqlalchemy.orm.exc.StaleDataError):
            # On PostgreSQL, row-level security hid the row the change was for.
            return _(
                "the database refused the change: your account may write only your own unit's "
                "reports and entries ({target})",
                target=get_state(ctx).target().display,
            )
        if isinstance(error, sqlalchemy.exc.DBAPIError):
            from ytcontest.store.db import describe_database_error

            return describe_database_error(error, get_state(ctx).target())
    if isinstance(error, OSError):
        return _("{path}: {reason}", path=error.filename or "", reason=error.strerror or error)
    last = traceback.extract_tb(error.__traceback__)[-1:] if error.__traceback__ else []
    where = f" ({last[0].name})" if last else ""
    return _(
        "unexpected error{where}: {kind}: {detail}; run again with YTCONTEST_DEBUG=1 to see "
        "the details",
        where=where,
        kind=type(error).__name__,
        detail=error,
    )


app = typer.Typer(
    name="ytcontest",
    cls=GuardedGroup,
    help=_(
        'Follow the contest "Đổi mới sáng tạo - vì Thái Nguyên thân yêu": units, entries, '
        "monthly reports due before the 25th, and who is on time, late or missing."
    ),
    epilog=_("Example: ytcontest units list   ·   ytcontest --lang en units show KHTC"),
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # never show locals (personal data) nor a traceback
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ytcontest {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    database: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="YTCONTEST_DB",
            show_envvar=True,
            help=_(
                "SQLite file or SQLAlchemy URL (default: ytcontest.db in the user's "
                "app folder; see: ytcontest db path)."
            ),
        ),
    ] = None,
    campaign_code: Annotated[
        str | None,
        typer.Option(
            "--campaign",
            envvar="YTCONTEST_CAMPAIGN",
            show_envvar=True,
            help=_("Campaign code (default: the current campaign)."),
        ),
    ] = None,
    lang: Annotated[
        str,
        typer.Option(
            "--lang",
            envvar="YTCONTEST_LANG",
            show_envvar=True,
            help=_("Language of messages and exported headers: vi or en."),
        ),
    ] = "vi",
    user: Annotated[
        str | None,
        typer.Option(
            "--user",
            envvar="YTCONTEST_USER",
            show_envvar=True,
            help=_("Who makes the change, for the audit log (default: login name)."),
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help=_("Show the version and exit.")
        ),
    ] = False,
) -> None:
    lang = lang.strip().lower()
    if lang not in ("vi", "en"):
        raise typer.BadParameter(_("choose vi or en"), param_hint="--lang")
    set_language(lang)
    ctx.obj = AppState(
        db_option=database,
        campaign_code=campaign_code,
        lang=lang,
        user=(user or "").strip() or login_name(),
    )


app.command(
    "init",
    help=_(
        "Create the database (schema, the default campaign, the units of "
        "data/seed_units.csv or FILE). Running it again adds nothing twice.\n\n"
        "Example: ytcontest --db khtc.db init"
    ),
)(db.init)
app.command(
    "log",
    help=_(
        "The audit log, newest first: when, who, what, before and after.\n\n"
        "Example: ytcontest log --unit BVA --since 01/11/2026"
    ),
)(db.log)
app.command(
    "status",
    help=_(
        "Who is on time, late or missing, and who has no entry: with --month for one month, without "
        "it the whole campaign.\n\nExample: ytcontest status --month 06/2026 --only-flagged"
    ),
)(status.status)
app.command(
    "remind",
    help=_(
        "The units that still owe the month's report or have no entry, with their contacts; "
        "--format eml -o FOLDER writes one draft e-mail per unit.\n\n"
        "Example: ytcontest remind --month 11/2026 --format eml -o nhac-viec"
    ),
)(status.remind)
app.add_typer(db.app, name="db")
app.add_typer(campaign.app, name="campaign")
app.add_typer(units.app, name="units")
app.add_typer(entries.app, name="entries")
app.add_typer(report.app, name="report")
app.add_typer(export.app, name="export")
app.add_typer(mail.app, name="mail")
