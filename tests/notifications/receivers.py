"""Real receivers on loopback: an HTTP server (uvicorn) playing Slack, Discord, Telegram or a
webhook endpoint, and an SMTP server (aiosmtpd). Each records what it got; the HTTP one
answers from a script (500 then 200, 429 with Retry-After, never answering)."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any

import trustme
import uvicorn
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from api.cli.embedded import free_port
from api.notifications.providers import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify_signature

HANG = "hang"


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Answer:
    status: int = 200
    body: bytes = b"ok"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class HttpReceiver:
    port: int
    # Answers in order; when used up, `default`. HANG: hold the request, never answer.
    script: list[Answer | str] = field(default_factory=list)
    default: Answer = field(default_factory=Answer)
    # A webhook receiver's secret: requests whose signature fails get 401.
    secret: str | None = None
    received: list[Received] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    # Serve HTTPS for `localhost` with this certificate (from a trustme CA).
    certificate: trustme.LeafCert | None = None

    @property
    def base(self) -> str:
        if self.certificate is not None:
            return f"https://localhost:{self.port}"
        return f"http://127.0.0.1:{self.port}"

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        assert scope["type"] == "http"
        body = b""
        while True:
            event = await receive()
            body += event.get("body", b"")
            if not event.get("more_body"):
                break
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        self.received.append(Received(scope["path"], headers, body))
        self.arrived.set()
        answer = self.script.pop(0) if self.script else self.default
        if answer == HANG:
            await asyncio.sleep(3600)
            return
        assert isinstance(answer, Answer)
        if self.secret is not None and not verify_signature(
            self.secret,
            headers.get(TIMESTAMP_HEADER.lower(), ""),
            headers.get(SIGNATURE_HEADER.lower(), ""),
            body,
        ):
            answer = Answer(401, b"bad signature")
        await send(
            {
                "type": "http.response.start",
                "status": answer.status,
                "headers": [(k.encode(), v.encode()) for k, v in answer.headers.items()],
            }
        )
        await send({"type": "http.response.body", "body": answer.body})

    async def wait(self, count: int, within: float) -> list[Received]:
        async with asyncio.timeout(within):
            while len(self.received) < count:
                self.arrived.clear()
                await self.arrived.wait()
        return self.received


@contextlib.asynccontextmanager
async def http_receiver(**kwargs: Any) -> AsyncIterator[HttpReceiver]:
    receiver = HttpReceiver(port=free_port(), **kwargs)
    with contextlib.ExitStack() as files:
        tls: dict[str, Any] = {}
        if receiver.certificate is not None:
            key_and_chain = files.enter_context(
                receiver.certificate.private_key_and_cert_chain_pem.tempfile()
            )
            tls = {"ssl_certfile": key_and_chain, "ssl_keyfile": key_and_chain}
        config = uvicorn.Config(
            receiver,
            host="127.0.0.1",
            port=receiver.port,
            lifespan="off",
            log_level="warning",
            **tls,
        )
        config.load()  # reads the certificate now, while its file exists
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        async with asyncio.timeout(10):
            while not server.started:  # noqa: ASYNC110 - uvicorn offers no event
                await asyncio.sleep(0.02)
        yield receiver
    finally:
        server.should_exit = True
        server.force_exit = True  # do not wait for held (HANG) requests
        with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
            await asyncio.wait_for(task, timeout=5)


class _Recorder:
    def __init__(self) -> None:
        self.messages: list[tuple[Envelope, Message]] = []
        # (login, password, over TLS) of each AUTH the server was asked for.
        self.logins: list[tuple[str, str, bool]] = []

    def authenticator(
        self, expected: tuple[str, str]
    ) -> Callable[[SMTP, Session, Envelope, str, Any], AuthResult]:
        """An aiosmtpd authenticator accepting only `expected` (login, password)."""

        def check(
            server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
        ) -> AuthResult:
            if not isinstance(data, LoginPassword):
                return AuthResult(success=False, handled=False)
            pair = (data.login.decode(), data.password.decode())
            # STARTTLS sets session.ssl; implicit TLS shows only on the transport.
            transport = server.transport
            implicit = transport is not None and transport.get_extra_info("ssl_object")
            self.logins.append((*pair, session.ssl is not None or bool(implicit)))
            return AuthResult(success=pair == expected, handled=False)

        return check

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.content if isinstance(envelope.content, bytes) else b""
        self.messages.append((envelope, message_from_bytes(content)))
        return "250 OK"


@contextlib.contextmanager
def smtp_receiver(login: tuple[str, str] | None = None, **smtp: Any) -> Any:
    """A real SMTP server on loopback (its own thread and loop), recording messages.
    `login`: AUTH required, with only this (user, password). `smtp` goes to aiosmtpd:
    `tls_context` + `require_starttls`, or the controller's `ssl_context` (implicit TLS)."""
    recorder = _Recorder()
    if login is not None:
        smtp |= {"auth_required": True, "authenticator": recorder.authenticator(login)}
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port(), **smtp)
    controller.start()
    try:
        yield controller, recorder
    finally:
        controller.stop()
