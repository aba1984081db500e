"""Sending e-mail: the settings (never the password), one SMTP connection, and a record of
every message sent.

The connection is plain ``smtplib``; each failure becomes one sentence that says what went wrong
in the user's words (server unreachable, TLS, login refused, recipient refused).
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from ytcontest.domain.dates import iso, now, to_vn
from ytcontest.domain.errors import UserError
from ytcontest.domain.i18n import _
from ytcontest.domain.text import EMAIL, clean
from ytcontest.services import audit
from ytcontest.store.models import SentMessage, Unit

PASSWORD_VARIABLE = "YTCONTEST_SMTP_PASSWORD"
KEYS = ("server", "port", "security", "user", "from", "reply-to")
SECURITIES = ("starttls", "ssl", "none")
DEFAULTS = {"port": "587", "security": "starttls"}
TIMEOUT = 30.0  # seconds to wait for the server at each step


@dataclass(frozen=True)
class MailConfig:
    server: str
    port: int
    security: str
    user: str | None
    sender: str
    reply_to: str | None


class MailError(UserError):
    """A failure to send, in the user's words; ``lost`` when the connection cannot go on."""

    def __init__(self, message: str, *, lost: bool = True) -> None:
        super().__init__(message)
        self.lost = lost


# --- settings -------------------------------------------------------------------------------------


def settings(session: Session) -> dict[str, str]:
    from ytcontest.store.models import MailSetting

    stored = {row.key: row.value for row in session.exec(select(MailSetting))}
    return {key: stored.get(key, DEFAULTS.get(key, "")) for key in KEYS}


def _checked(key: str, value: str) -> str:
    value = clean(value)
    if key not in KEYS:
        raise UserError(
            _("unknown mail setting {key!r}; choose one of: {keys}", key=key, keys=", ".join(KEYS))
        )
    if key == "port":
        if not (value.isdigit() and 0 < int(value) < 65536):
            raise UserError(_("the port is a number from 1 to 65535 (got {value!r})", value=value))
        return str(int(value))
    if key == "security":
        value = value.lower()
        if value not in SECURITIES:
            raise UserError(_("the security is starttls, ssl or none (got {value!r})", value=value))
        return value
    if key in ("from", "reply-to") and value and not EMAIL.match(value):
        raise UserError(_("not an e-mail address: {value!r}", value=value))
    if key == "server" and (not value or any(c.isspace() for c in value)):
        raise UserError(_("give the mail server's name, e.g. smtp.thainguyen.gov.vn"))
    if len(value) > 200:
        raise UserError(_("at most {limit} characters", limit=200))
    return value


def set_setting(session: Session, actor: str, key: str, value: str) -> str:
    """Store one setting (an empty value clears an optional one); audited. Returns the value."""
    from ytcontest.store.models import MailSetting

    key = key.strip().lower()
    if key == "password":
        raise UserError(
            _(
                "the password is never stored: give it in {variable} or type it when asked",
                variable=PASSWORD_VARIABLE,
            )
        )
    value = _checked(key, value)
    row = session.get(MailSetting, key)
    before = {"value": row.value} if row is not None else None
    if not value:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(MailSetting(key=key, value=value, updated_at=now(), updated_by=actor))
    else:
        row.value, row.updated_at, row.updated_by = value, now(), actor
        session.add(row)
    audit.record(
        session, actor, "mail.set", "mail_setting", key,
        before=before, after={"value": value} if value else None,
    )  # fmt: skip
    return value


def config(session: Session) -> MailConfig:
    """The settings needed to send, or a refusal naming the first one missing.

    A clerk on PostgreSQL is refused here, before any connection to the mail server: the sending
    is recorded in tables a clerk may not write, so a message sent first would go out again at
    every try."""
    if session.info.get("server_audit"):
        raise UserError(_("sending mail is for KHTC's administrator; a clerk cannot send it"))
    found = settings(session)
    for key in ("server", "from"):
        if not found[key]:
            raise UserError(
                _(
                    "the mail {key} is not set: ytcontest mail set {key} VALUE",
                    key=key,
                )
            )
    return MailConfig(
        server=found["server"],
        port=int(found["port"]),
        security=found["security"],
        user=found["user"] or None,
        sender=found["from"],
        reply_to=found["reply-to"] or None,
    )


# --- sending --------------------------------------------------------------------------------------


def _tls_context() -> ssl.SSLContext:
    # The system's trusted certificates; SSL_CERT_FILE names another bundle (a department's own
    # authority) without a setting of ours.
    return ssl.create_default_context()


class Connection:
    """One open SMTP session; ``send`` refuses a message in the user's words."""

    def __init__(self, smtp: smtplib.SMTP, cfg: MailConfig) -> None:
        self.smtp = smtp
        self.cfg = cfg

    def send(self, message: EmailMessage) -> None:
        try:
            refused = self.smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            raise MailError(_refused(error.recipients), lost=False) from error
        except smtplib.SMTPSenderRefused as error:
            if error.smtp_code == 421:
                raise MailError(_("the mail server closed the connection")) from error
            raise MailError(
                _(
                    "the mail server refused the sender {sender}: {answer}",
                    sender=error.sender,
                    answer=_answer(error.smtp_code, error.smtp_error),
                ),
                lost=False,
            ) from error
        except smtplib.SMTPServerDisconnected as error:
            raise MailError(_("the mail server closed the connection")) from error
        except smtplib.SMTPResponseException as error:
            raise MailError(
                _(
                    "the mail server refused the message: {answer}",
                    answer=_answer(error.smtp_code, error.smtp_error),
                ),
                lost=error.smtp_code == 421,
            ) from error
        except (OSError, smtplib.SMTPException) as error:
            raise MailError(
                _("the connection to the mail server broke: {reason}", reason=error)
            ) from error
        if refused:
            raise MailError(_refused(refused), lost=False)


def _answer(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {text}".strip()


def _refused(recipients: dict[str, tuple[int, bytes]]) -> str:
    return _(
        "the mail server refused the recipient {address}: {answer}",
        address=", ".join(recipients),
        answer="; ".join(_answer(code, text) for code, text in recipients.values()),
    )


@contextmanager
def connect(cfg: MailConfig, password: str | None) -> Iterator[Connection]:
    """An open, secured and logged-in SMTP session, closed afterwards."""
    where = f"{cfg.server}:{cfg.port}"
    smtp: smtplib.SMTP | None = None
    try:
        if cfg.security == "ssl":
            smtp = smtplib.SMTP_SSL(cfg.server, cfg.port, timeout=TIMEOUT, context=_tls_context())
        else:
            smtp = smtplib.SMTP(cfg.server, cfg.port, timeout=TIMEOUT)
        smtp.ehlo()
        if cfg.security == "starttls":
            if not smtp.has_extn("starttls"):
                raise MailError(
                    _(
                        "the mail server {where} does not offer STARTTLS; ask its administrator, "
                        "or set: ytcontest mail set security ssl",
                        where=where,
                    )
                )
            smtp.starttls(context=_tls_context())
            smtp.ehlo()
        if cfg.user:
            if password is None:
                raise MailError(
                    _(
                        "no password for {user}: set {variable}, or run on a terminal to type it",
                        user=cfg.user,
                        variable=PASSWORD_VARIABLE,
                    )
                )
            _login(smtp, cfg.user, password)
    except MailError:
        _close(smtp)
        raise
    except smtplib.SMTPAuthenticationError as error:
        _close(smtp)
        raise MailError(
            _(
                "the mail server refused the login of {user}: check the user name and the "
                "password ({answer})",
                user=cfg.user,
                answer=_answer(error.smtp_code, error.smtp_error),
            )
        ) from error
    except smtplib.SMTPNotSupportedError as error:
        _close(smtp)
        raise MailError(
            _(
                "the mail server {where} does not accept a login here: {reason}",
                where=where,
                reason=error,
            )
        ) from error
    except (ssl.SSLError, ssl.CertificateError) as error:
        _close(smtp)
        raise MailError(
            _(
                "the secure connection (TLS) to {where} failed: {reason}",
                where=where,
                reason=getattr(error, "verify_message", None) or error,
            )
        ) from error
    except smtplib.SMTPServerDisconnected as error:
        _close(smtp)
        raise MailError(
            _("the mail server {where} answered: {reason}", where=where, reason=error)
        ) from error
    except smtplib.SMTPResponseException as error:
        _close(smtp)
        raise MailError(
            _(
                "the mail server {where} answered: {reason}",
                where=where,
                reason=_answer(error.smtp_code, error.smtp_error),
            )
        ) from error
    except (socket.gaierror, ConnectionError, TimeoutError, OSError) as error:
        _close(smtp)
        raise MailError(
            _(
                "cannot reach the mail server {where}: {reason}; check the server and port "
                "(ytcontest mail show) and the network",
                where=where,
                reason=error.strerror or error,
            )
        ) from error
    except smtplib.SMTPException as error:
        _close(smtp)
        raise MailError(
            _("the mail server {where} answered: {reason}", where=where, reason=error)
        ) from error
    try:
        yield Connection(smtp, cfg)
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            _close(smtp)


def _login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """Log in; a user name or password with Vietnamese letters goes as UTF-8 (RFC 4616), which
    ``smtplib`` cannot send (it encodes the login in ASCII)."""
    if (user + password).isascii():
        smtp.login(user, password)
        return
    import base64

    if "plain" not in smtp.esmtp_features.get("auth", "").lower().split():
        raise smtplib.SMTPNotSupportedError(
            _("the server takes no UTF-8 login (AUTH PLAIN) for a password with accents")
        )
    token = base64.b64encode(b"\0" + user.encode() + b"\0" + password.encode()).decode("ascii")
    code, answer = smtp.docmd("AUTH", "PLAIN " + token)
    if code not in (235, 503):
        raise smtplib.SMTPAuthenticationError(code, answer)


def _close(smtp: smtplib.SMTP | None) -> None:
    if smtp is not None:
        with suppress(OSError):
            smtp.close()


def new_message(cfg: MailConfig) -> EmailMessage:
    """A message from KHTC with its date and a Message-ID in the sender's domain."""
    from email.utils import format_datetime, make_msgid

    message = EmailMessage()
    message["From"] = cfg.sender
    if cfg.reply_to:
        message["Reply-To"] = cfg.reply_to
    message["Date"] = format_datetime(now())
    message["Message-ID"] = make_msgid(domain=cfg.sender.rpartition("@")[2])
    return message


def trial_message(cfg: MailConfig, to: str) -> EmailMessage:
    from ytcontest.domain.i18n import language

    message = new_message(cfg)
    message["To"] = to
    with language("vi"):
        message["Subject"] = _("[ytcontest] Test message")
        message.set_content(
            _(
                "This message checks that ytcontest can send e-mail through {server}. "
                "Nothing needs to be done.",
                server=cfg.server,
            ),
            charset="utf-8",
        )
    return message


# --- records --------------------------------------------------------------------------------------


def record(
    session: Session,
    actor: str,
    *,
    kind: str,
    message: EmailMessage,
    result: str,
    error: str | None = None,
    campaign_id: int | None = None,
    unit: Unit | None = None,
    month: str | None = None,
) -> SentMessage:
    """What was sent (or tried), in the database and in the audit log."""
    recipients = [a.strip() for a in str(message.get("To", "")).split(",") if a.strip()]
    row = SentMessage(
        campaign_id=campaign_id,
        unit_id=unit.id if unit is not None else None,
        month=month,
        kind=kind,
        recipients=recipients,
        message_id=str(message["Message-ID"]),
        sent_at=now(),
        result=result,
        error=(error or "")[:500] or None,
        sent_by=actor,
    )
    session.add(row)
    key = f"{unit.code}/{month}" if unit is not None and month else (unit.code if unit else "-")
    audit.record(
        session, actor, "mail.send", "mail", key,
        after=_json(row, unit.code if unit else None), campaign_id=campaign_id,
    )  # fmt: skip
    return row


def _json(row: SentMessage, unit_code: str | None) -> dict[str, Any]:
    return {
        "unit": unit_code,
        "month": row.month,
        "kind": row.kind,
        "recipients": list(row.recipients),
        "message_id": row.message_id,
        "sent_at": iso(row.sent_at),
        "result": row.result,
        "error": row.error,
        "sent_by": row.sent_by,
    }


def sent_on(session: Session, campaign_id: int, month: str, kind: str, day: date) -> set[int]:
    """The units that were sent this kind of message about ``month`` on ``day`` (Vietnam time)."""
    query = select(SentMessage).where(
        SentMessage.campaign_id == campaign_id,
        SentMessage.month == month,
        SentMessage.kind == kind,
        SentMessage.result == "sent",
    )
    return {
        row.unit_id for row in session.exec(query)
        if row.unit_id is not None and to_vn(row.sent_at).date() == day
    }  # fmt: skip


def history(
    session: Session, campaign_id: int, month: str | None = None, kinds: Iterable[str] = ()
) -> list[dict[str, Any]]:
    """The messages sent for a campaign, newest first."""
    query = (
        select(SentMessage, Unit.code)
        .join(Unit, Unit.id == SentMessage.unit_id, isouter=True)
        .where(SentMessage.campaign_id == campaign_id)
        .order_by(sa.desc(SentMessage.sent_at), sa.desc(SentMessage.id))
    )
    if month is not None:
        query = query.where(SentMessage.month == month)
    wanted = list(kinds)
    if wanted:
        query = query.where(SentMessage.kind.in_(wanted))  # type: ignore[attr-defined]
    return [_json(row, code) for row, code in session.exec(query)]
