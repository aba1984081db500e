"""Sending the month's messages: ``remind --send``, ``remind --history``, ``report return --send``.

Each message is recorded in its own transaction as soon as the server has taken it (or refused
it), so a failure part way keeps what was sent, and running the command again sends the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import typer

from ytcontest.cli.state import AppState
from ytcontest.domain.i18n import _

REMINDER = "reminder"
RETURN = "return"
REPORT_REASONS = ("missing_report", "report_due", "report_returned")


def _reason_words(reasons: Sequence[str]) -> str:
    from ytcontest.domain.words import remind_reason

    return "; ".join(remind_reason(r) for r in reasons)


def send_reminders(
    state: AppState,
    campaign: Any,
    month: Any,
    rows: list[dict[str, Any]],
    *,
    yes: bool,
    again: bool,
) -> None:
    """Send each reminder of ``rows`` (units without an address are listed, not skipped
    silently); exit 1 when a message could not be sent."""
    from ytcontest.cli.mail import interactive, password
    from ytcontest.domain.dates import now, to_vn
    from ytcontest.domain.errors import UserError
    from ytcontest.services import mail, units

    today = to_vn(now()).date()

    def plan(session):  # type: ignore[no-untyped-def]
        found = {u.code: u for u in units.all_units(session)}
        done = mail.sent_on(session, campaign.id, str(month), REMINDER, today)
        return found, done, mail.config(session)

    found, done, cfg = state.run(plan)
    no_address = [r for r in rows if not r.get("email")]
    already = [r for r in rows if r.get("email") and found[r["code"]].id in done and not again]
    to_send = [r for r in rows if r.get("email") and r not in already]
    if no_address:
        typer.echo(
            _(
                "No e-mail address, not sent: {codes} (add one with: ytcontest units edit CODE "
                "--email ...)",
                codes=", ".join(r["code"] for r in no_address),
            )
        )
    if already:
        typer.echo(
            _(
                "Already reminded today, not sent again (add --again to send anyway): {codes}",
                codes=", ".join(r["code"] for r in already),
            )
        )
    if not to_send:
        typer.echo(_("No reminder to send for {month}.", month=month.label()))
        return
    typer.echo(
        _(
            "{count} reminders for {month} to send from {sender}:",
            count=len(to_send),
            month=month.label(),
            sender=cfg.sender,
        )
    )
    for r in to_send:
        typer.echo(f"  {r['code']:<8} {r['email']:<32} {_reason_words(r['reasons'])}")
    if not yes:
        if not interactive():
            raise UserError(_("nothing was sent: add --yes to send without being asked"))
        if not typer.confirm(_("Send them now?"), default=False):
            typer.echo(_("Nothing was sent."))
            return
    secret = password(cfg)

    def latest(session):  # type: ignore[no-untyped-def]
        from ytcontest.services import reports

        wanted = {r["code"] for r in to_send if "report_returned" in r["reasons"]}
        return {
            r["unit"]: r
            for r in reports.list_reports(session, campaign, month=month)
            if r["unit"] in wanted
        }

    sent_values = state.run(latest)
    messages = [
        (r, _reminder(cfg, campaign, month, r, sent_values.get(r["code"]))) for r in to_send
    ]
    failed = _send_all(state, cfg, secret, campaign, month, REMINDER, messages, found)
    # Units without an address are listed above; they are a matter of data, not a failure to send.
    if failed:
        raise typer.Exit(1)


def _reminder(
    cfg: Any, campaign: Any, month: Any, row: dict[str, Any], sent: dict[str, Any] | None
) -> Any:
    from ytcontest.services import mail
    from ytcontest.tabular.mail import compose_reminder, form_bytes

    form = None
    if any(reason in row["reasons"] for reason in REPORT_REASONS):
        form = form_bytes(
            campaign=campaign,
            unit_code=row["code"],
            unit_name=row["name"],
            month=month,
            values=sent,
        )
    return compose_reminder(mail.new_message(cfg), row, campaign, month, form)


def _send_all(
    state: AppState,
    cfg: Any,
    secret: str | None,
    campaign: Any,
    month: Any,
    kind: str,
    messages: list[tuple[dict[str, Any], Any]],
    units_by_code: dict[str, Any],
) -> int:
    """Send, record each at once, report each; the number not sent."""
    from ytcontest.services import mail

    def keep(row: dict[str, Any], message: Any, result: str, error: str | None) -> None:
        unit = units_by_code[row["code"]]
        state.run(
            lambda s: mail.record(
                s, state.user, kind=kind, message=message, result=result, error=error,
                campaign_id=campaign.id, unit=unit, month=str(month),
            ),
            write=True,
        )  # fmt: skip

    sent = 0
    failures: list[str] = []
    left: list[str] = []
    try:
        with mail.connect(cfg, secret) as connection:
            for index, (row, message) in enumerate(messages):
                try:
                    connection.send(message)
                except mail.MailError as error:
                    keep(row, message, "failed", error.message)
                    failures.append(f"{row['code']}: {error.message}")
                    typer.echo(
                        _("  {code}: not sent: {reason}", code=row["code"], reason=error.message)
                    )
                    if error.lost:
                        left = [r["code"] for r, _m in messages[index + 1 :]]
                        break
                    continue
                keep(row, message, "sent", None)
                sent += 1
                typer.echo(
                    _(
                        "  {code}: sent to {to} ({message_id})",
                        code=row["code"],
                        to=message["To"],
                        message_id=message["Message-ID"],
                    )
                )
    except mail.MailError as error:
        # The connection itself failed (the loop catches each message's own failure).
        left = [r["code"] for r, _m in messages[sent + len(failures) :]]
        typer.echo(f"{_('Error')}: {error.message}", err=True)
    typer.echo(_("Sent: {sent} of {count}.", sent=sent, count=len(messages)))
    if left:
        typer.echo(
            _(
                "Not sent, run the same command again to send them: {codes}",
                codes=", ".join(left),
            )
        )
    return len(messages) - sent


def show_history(state: AppState, campaign: Any, month: Any, fmt: str) -> None:
    from ytcontest.cli import render
    from ytcontest.services import mail

    rows = state.run(lambda s: mail.history(s, campaign.id, str(month) if month else None))
    if fmt == "json":
        render.print_json(rows)
        return

    def when(value: object) -> str:
        from ytcontest.domain.dates import format_datetime, parse_datetime

        return format_datetime(parse_datetime(str(value))) if value else ""

    columns = [
        render.Column("sent_at", _("When"), show=when),
        render.Column("unit", _("Unit")),
        render.Column("month", _("Month")),
        render.Column("kind", _("Kind")),
        render.Column("recipients", _("To"), show=lambda v: ", ".join(v or [])),
        render.Column("result", _("Result")),
        render.Column("error", _("Problem")),
        render.Column("message_id", _("Message-ID")),
    ]
    if fmt == "table":
        # People read the month as 06/2026 and the outcome in words; the Message-ID (for
        # finding a message in the mail server's log) stays in json and csv, out of 80 columns.
        columns = columns[:-1]
        rows = [
            {
                **r,
                "month": f"{r['month'][5:]}/{r['month'][:4]}" if r["month"] else "",
                "kind": _kind_words(r["kind"]),
                "result": _result_words(r["result"]),
            }
            for r in rows
        ]
    render.emit(rows, columns, fmt, title=_("Messages sent"), empty=_("No message sent yet."))


def _kind_words(kind: str) -> str:
    return {REMINDER: _("reminder"), RETURN: _("returned report"), "test": _("test")}.get(
        kind, kind
    )


def _result_words(result: str) -> str:
    return {"sent": _("sent"), "failed": _("not sent")}.get(result, result)


def send_return(
    state: AppState, campaign: Any, month: Any, unit: Any, record: dict[str, Any], reason: str
) -> None:
    """Mail a unit its returned report: the reason, and the form holding what it sent."""
    from ytcontest.cli.mail import password
    from ytcontest.domain.errors import UserError
    from ytcontest.services import mail
    from ytcontest.tabular.mail import compose_return, form_bytes

    if not unit.email:
        raise UserError(
            _(
                "{code} has no e-mail address (ytcontest units edit {code} --email ...); the "
                "report stays returned",
                code=unit.code,
            )
        )
    cfg = state.run(mail.config)
    form = form_bytes(
        campaign=campaign, unit_code=unit.code, unit_name=unit.name, month=month, values=record
    )
    message = compose_return(
        mail.new_message(cfg),
        unit_name=unit.name,
        email=unit.email,
        campaign=campaign,
        month=month,
        revision=record["revision"],
        reason=reason,
        form=form,
    )
    failed = _send_all(
        state, cfg, password(cfg), campaign, month, RETURN,
        [({"code": unit.code}, message)], {unit.code: unit},
    )  # fmt: skip
    if failed:
        raise typer.Exit(1)
