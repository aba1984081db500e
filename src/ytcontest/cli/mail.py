"""``mail``: the mail server KHTC sends reminders and returned reports through."""

import os
import sys
from typing import Annotated, Any

import typer

from ytcontest.cli.options import FormatOption, JsonOption, OutputFormat, chosen_format
from ytcontest.cli.state import get_state
from ytcontest.domain.i18n import _

app = typer.Typer(
    help=_("The mail server that sends reminders and returned reports: set, show, test."),
    epilog=_("Example: ytcontest mail set server smtp.thainguyen.gov.vn"),
    no_args_is_help=True,
)


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def password(cfg: Any) -> str | None:
    """The SMTP password: from YTCONTEST_SMTP_PASSWORD, or typed on a terminal; never stored."""
    from ytcontest.services.mail import PASSWORD_VARIABLE

    if not cfg.user:
        return None
    given = os.environ.get(PASSWORD_VARIABLE)
    if given:
        return given
    if interactive():
        return str(
            typer.prompt(
                _("Password of {user} on {server}", user=cfg.user, server=cfg.server),
                hide_input=True,
            )
        )
    return None


@app.command(
    "set",
    help=_(
        "Set one mail setting: server, port, security (starttls, ssl or none), user, from, "
        "reply-to; an empty VALUE clears user or reply-to. The password is never stored: give it "
        "in YTCONTEST_SMTP_PASSWORD or type it when asked.\n\n"
        "Example: ytcontest mail set from khtc@syt.thainguyen.gov.vn"
    ),
)
def set_(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(metavar="KEY", help=_("The setting's name."))],
    value: Annotated[str, typer.Argument(metavar="VALUE", help=_("Its new value."))],
) -> None:
    from ytcontest.services import mail

    state = get_state(ctx)
    stored = state.run(lambda s: mail.set_setting(s, state.user, key, value), write=True)
    typer.echo(_("Mail setting {key} = {value}", key=key.strip().lower(), value=stored or "-"))


@app.command(
    "show", help=_("Show the mail settings (never a password).\n\nExample: ytcontest mail show")
)
def show(
    ctx: typer.Context, fmt: FormatOption = OutputFormat.table, as_json: JsonOption = False
) -> None:
    from ytcontest.cli import render
    from ytcontest.services import mail

    state = get_state(ctx)
    found = state.run(mail.settings)
    found["password"] = (
        _("given in {variable}", variable=mail.PASSWORD_VARIABLE)
        if os.environ.get(mail.PASSWORD_VARIABLE)
        else _("asked when sending")
    )
    chosen = chosen_format(fmt, as_json).value
    columns = [
        render.Column(key, key if chosen == "json" else _labels().get(key, key)) for key in found
    ]
    if chosen != "json":  # JSON keeps the codes scripts read; people read words
        found["security"] = _securities().get(found.get("security") or "", found.get("security"))
    render.emit_record({k: v or "" for k, v in found.items()}, columns, chosen)


def _labels() -> dict[str, str]:
    return {
        "server": _("Mail server"),
        "port": _("Port"),
        "security": _("Security"),
        "user": _("User name"),
        "from": _("Sender address"),
        "reply-to": _("Reply-to address"),
        "password": _("Password"),
    }


def _securities() -> dict[str, str]:
    return {
        "starttls": _("STARTTLS encryption"),
        "ssl": _("SSL/TLS encryption"),
        "none": _("no encryption"),
    }


@app.command(
    "test",
    help=_(
        "Send one test message and say plainly what failed, if anything: the server, TLS, the "
        "login, or the recipient.\n\nExample: ytcontest mail test --to khtc@syt.thainguyen.gov.vn"
    ),
)
def test(
    ctx: typer.Context,
    to: Annotated[str, typer.Option("--to", help=_("The address to send the test to."))],
) -> None:
    from ytcontest.domain.errors import UserError
    from ytcontest.domain.text import EMAIL
    from ytcontest.services import mail

    state = get_state(ctx)
    to = to.strip()
    if not EMAIL.match(to):
        raise UserError(_("not an e-mail address: {value!r}", value=to))
    cfg = state.run(mail.config)
    message = mail.trial_message(cfg, to)
    try:
        with mail.connect(cfg, password(cfg)) as connection:
            connection.send(message)
    except mail.MailError as error:
        problem = error.message
        state.run(
            lambda s: mail.record(
                s, state.user, kind="test", message=message, result="failed", error=problem
            ),
            write=True,
        )
        raise
    state.run(
        lambda s: mail.record(s, state.user, kind="test", message=message, result="sent"),
        write=True,
    )
    typer.echo(
        _(
            "Test message sent to {to} through {server}:{port} ({message_id}).",
            to=to,
            server=cfg.server,
            port=cfg.port,
            message_id=message["Message-ID"],
        )
    )
