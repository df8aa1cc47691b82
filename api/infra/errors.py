"""What can go wrong talking to a server, independent of the library that noticed it."""

from __future__ import annotations


class InfraError(Exception):
    """Base of every error raised by api.infra."""


class ServerUnreachable(InfraError):
    """Network-level failure: refused, timed out, connection lost."""


class AuthenticationFailed(InfraError):
    """The server refused our key for that user."""


class HostKeyUnknown(InfraError):
    """No trusted host key is recorded yet: scan and confirm it first."""


class HostKeyMismatch(InfraError):
    """The server presented a key other than the one the operator trusted."""

    def __init__(self, expected: str, actual: str | None) -> None:
        self.expected = expected
        self.actual = actual
        shown = actual or "unknown"
        super().__init__(
            f"host key changed: trusted {expected}, server now presents {shown}. "
            "If the server was reinstalled, confirm the new key; otherwise this may be an attack."
        )


class DockerError(InfraError):
    """The Docker Engine answered with an error."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        self.message = message
        super().__init__(f"Docker API error {status}: {message}")


class RemoteCommandFailed(InfraError):
    def __init__(self, argv: list[str], exit_status: int | None, stderr: str) -> None:
        self.argv = argv
        self.exit_status = exit_status
        self.stderr = stderr
        super().__init__(f"{argv[0]} exited with {exit_status}: {stderr.strip()[-500:]}")
