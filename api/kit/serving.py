"""The API's HTTP server: uvicorn with limits, and a read timeout uvicorn lacks.

uvicorn (0.54) arms no timer when a connection opens and none while a request head or
body is arriving: its only timer is the keep-alive one, armed after a response. A client
that connects and sends nothing, or a byte every few seconds, holds its connection (and,
with `limit_concurrency`, a slot every real client needs) forever. `GuardedH11Protocol`
adds the two deadlines nginx calls client_header_timeout and client_body_timeout, as whole
deadlines rather than per read, so trickling bytes does not extend them.

h11 rather than httptools: its maximum head size is a setting (`h11_max_incomplete_event_size`)
and its connection state is what the deadlines are read from. A control plane's request
rate is far below where the pure-Python parser's cost would matter.
"""

from __future__ import annotations

import asyncio
import logging
import resource

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from api.kit.settings import HttpSettings, Settings

logger = logging.getLogger("uvicorn.error")

# Files the process needs besides its HTTP connections (database and Redis pools, SSH
# tunnels, logs); added to `limit_concurrency` when raising the open-files limit.
_SPARE_FILES = 256


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for the request head and one for its body.

    The deadlines are read from the client's h11 state after every event that can move
    it: IDLE means a head is awaited, SEND_BODY a body, anything else (DONE, closed) means
    the request is in the application's hands and no read deadline applies.
    """

    header_timeout: float = 10.0
    body_timeout: float = 60.0

    _read_deadline: asyncio.TimerHandle | None = None
    _awaiting: object | None = None  # the h11 client state the deadline is for

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._follow_client_state()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._follow_client_state()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        # The next request on a kept-alive connection gets a fresh head deadline.
        self._follow_client_state()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _follow_client_state(self) -> None:
        if self.transport is None or self.transport.is_closing():
            self._disarm()
            return
        state = self.conn.their_state
        if state is self._awaiting:
            return  # still waiting for the same thing: the deadline stands
        self._disarm()
        if state is h11.IDLE:
            self._arm(h11.IDLE, self.header_timeout, "a complete request head")
        elif state is h11.SEND_BODY:
            self._arm(h11.SEND_BODY, self.body_timeout, "the request body")

    def _arm(self, state: object, seconds: float, what: str) -> None:
        self._awaiting = state
        self._read_deadline = self.loop.call_later(seconds, self._read_timed_out, what, seconds)

    def _disarm(self) -> None:
        self._awaiting = None
        if self._read_deadline is not None:
            self._read_deadline.cancel()
            self._read_deadline = None

    def _read_timed_out(self, what: str, seconds: float) -> None:
        self._read_deadline = None
        self._awaiting = None
        if self.transport.is_closing():
            return
        client = f"{self.client[0]}:{self.client[1]}" if self.client else "a client"
        logger.info("closing %s: no %s within %.0f s", client, what, seconds)
        # No 408: a client this slow is not reading either, and a response could block.
        # connection_lost() then tells a running request that its client is gone.
        self.transport.close()


def guarded_protocol(http: HttpSettings) -> type[GuardedH11Protocol]:
    """The protocol class with this configuration's deadlines (uvicorn takes a class)."""
    return type(
        "ConfiguredH11Protocol",
        (GuardedH11Protocol,),
        {"header_timeout": http.header_timeout_seconds, "body_timeout": http.body_timeout_seconds},
    )


def raise_open_files_limit(wanted: int) -> int:
    """Lift the soft open-files limit towards `wanted` (never past the hard limit).

    With the common soft limit of 1024, accept() fails with EMFILE long before
    `limit_concurrency` connections; then nobody new gets in, not even with a 503.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = target
    if soft != resource.RLIM_INFINITY and soft < wanted:
        logger.warning(
            "open-files limit %d is below limit_concurrency + %d spare (%d); raise it "
            "(ulimit -n / LimitNOFILE) or lower BERTH_HTTP__LIMIT_CONCURRENCY",
            soft,
            _SPARE_FILES,
            wanted,
        )
    return int(soft)


def uvicorn_config(settings: Settings, *, host: str, port: int) -> uvicorn.Config:
    http = settings.http
    forwarded = settings.forwarded_allow_ips
    return uvicorn.Config(
        "api.main:create_app",
        factory=True,
        host=host,
        port=port,
        http=guarded_protocol(http),
        # No WebSockets in the API (live views use SSE): nothing to upgrade to.
        ws="none",
        lifespan="on",
        access_log=False,
        # X-Forwarded-For decides the client address login throttling counts: trusted
        # only from the configured proxies, never from anyone by default.
        proxy_headers=bool(forwarded),
        forwarded_allow_ips=forwarded or None,
        limit_concurrency=http.limit_concurrency,
        backlog=http.backlog,
        timeout_keep_alive=http.keep_alive_timeout_seconds,
        timeout_graceful_shutdown=http.graceful_shutdown_seconds,
        h11_max_incomplete_event_size=http.max_header_bytes,
        server_header=False,
    )


def serve(host: str, port: int) -> int:
    settings = Settings()
    raise_open_files_limit(settings.http.limit_concurrency + _SPARE_FILES)
    server = uvicorn.Server(uvicorn_config(settings, host=host, port=port))
    server.run()
    return 0 if server.started else 1
