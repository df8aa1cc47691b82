"""A TCP relay from the test bed's gateway address to a service on loopback.

The session's PostgreSQL and Redis listen on 127.0.0.1 of the root namespace, which a
container on a test host cannot reach; the bed's gateway address (on the bridge, in the root
namespace) can be. Plain byte copying, no protocol: the client still talks to the real server.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import threading
from collections.abc import Iterator


class _Pipe(socketserver.BaseRequestHandler):
    target: tuple[str, int]

    def handle(self) -> None:
        with socket.create_connection(self.target, timeout=10) as upstream:
            upstream.settimeout(None)
            done = threading.Event()

            def copy(src: socket.socket, dst: socket.socket) -> None:
                with contextlib.suppress(OSError):
                    while data := src.recv(65536):
                        dst.sendall(data)
                with contextlib.suppress(OSError):
                    dst.shutdown(socket.SHUT_WR)
                done.set()

            back = threading.Thread(target=copy, args=(upstream, self.request), daemon=True)
            back.start()
            copy(self.request, upstream)
            back.join(timeout=3600)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextlib.contextmanager
def relay(listen_host: str, target: tuple[str, int]) -> Iterator[int]:
    """Listen on (listen_host, a free port) and relay to target; yields the port."""
    handler = type("Pipe", (_Pipe,), {"target": target})
    server = _Server((listen_host, 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2})
    thread.daemon = True
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
