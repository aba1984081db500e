"""A real SMTP server on 127.0.0.1 for the tests (aiosmtpd), and a certificate it serves.

The server keeps every message it accepts, as bytes, so a test reads what a unit would get.
It can ask for STARTTLS and a login, refuse chosen recipients, and go away after N messages.
Nothing here reaches beyond 127.0.0.1.
"""

from __future__ import annotations

import email
import email.policy
import shutil
import socket
import subprocess
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

HOST = "127.0.0.1"
USER = "khtc"
PASSWORD = "mật-khẩu-thử"


def free_port() -> int:
    """A port nobody listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made now with the openssl program."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl program is needed to make the test certificate")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@dataclass
class Recorder:
    """The server's handler: what it accepts, what it refuses, when it goes away."""

    refuse: set[str] = field(default_factory=set)
    drop_after: int | None = None
    received: list[bytes] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # type: ignore[no-untyped-def]
        if self.drop_after is not None and len(self.received) >= self.drop_after:
            # The server goes away between two messages: the connection just closes.
            server.transport.close()
            return "421 4.3.2 Service shutting down"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.received.append(bytes(envelope.original_content or envelope.content))
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"

    def messages(self) -> list[EmailMessage]:
        return [
            email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[misc]
            for raw in self.received
        ]


class Server:
    """An aiosmtpd server on 127.0.0.1, started and stopped by the caller."""

    def __init__(
        self,
        *,
        certificate: tuple[Path, Path] | None = None,
        login: bool = False,
        refuse: set[str] | None = None,
        drop_after: int | None = None,
    ) -> None:
        import ssl

        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult, LoginPassword

        self.port = free_port()
        self.recorder = Recorder(refuse=refuse or set(), drop_after=drop_after)
        options: dict[str, Any] = {}
        if certificate is not None:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(str(certificate[0]), str(certificate[1]))
            options["tls_context"] = context
        if login:

            def check(server, session, envelope, mechanism, data):  # type: ignore[no-untyped-def]
                good = (
                    isinstance(data, LoginPassword)
                    and data.login == USER.encode()
                    and data.password == PASSWORD.encode()
                )
                return AuthResult(success=good, handled=False)

            options["authenticator"] = check
            options["auth_required"] = True
        self.controller = Controller(
            self.recorder, hostname=HOST, port=self.port, ready_timeout=10, **options
        )

    def __enter__(self) -> Server:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()

    def messages(self) -> list[EmailMessage]:
        return self.recorder.messages()


def configure(run: Any, server: Server, *, security: str = "none", login: bool = False) -> None:
    """Point ytcontest's mail settings at ``server``."""
    settings = {
        "server": HOST,
        "port": str(server.port),
        "security": security,
        "from": "khtc@syt.thainguyen.gov.vn",
        "reply-to": "baocao@syt.thainguyen.gov.vn",
    }
    if login:
        settings["user"] = USER
    for key, value in settings.items():
        result = run("mail", "set", key, value)
        assert result.exit_code == 0, (key, result.output)


@pytest.fixture
def local_only(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Every connection the test opens goes to 127.0.0.1; any other is refused and fails it."""
    real = socket.create_connection
    elsewhere: list[object] = []

    def guarded(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        if address[0] != HOST:
            elsewhere.append(address)
            raise OSError(f"blocked by the test: {address[0]} is not {HOST}")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)
    yield elsewhere
    assert not elsewhere, f"the test tried to reach beyond {HOST}: {elsewhere}"
