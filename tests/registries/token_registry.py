"""A real registry (Debian's docker-registry) in token-auth mode, with the token service it
delegates to: the Bearer flow Docker Hub, GHCR, GitLab and Harbor use.

The token service is ours (no packaged one exists) but speaks the distribution token
spec for real: it checks Basic credentials and signs an ES256 JWT carrying an ``x5c``
certificate, which the registry verifies against its ``rootcertbundle``. Both listen on
loopback with TLS from a throwaway CA, and both are stopped afterwards (by PID, by task).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import datetime
import json
import ssl
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from api.cli.embedded import free_port
from tests.testbed import tls

SERVICE = "berth-token-registry"
ISSUER = "berth-test-token-issuer"
USERNAME = "robot"
PASSWORD = "token-flow-password"  # a throwaway account of a throwaway registry
LOOPBACK = "127.0.0.1"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _at(offset_seconds: float) -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=offset_seconds)


@dataclass
class Signer:
    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate

    @classmethod
    def new(cls) -> Signer:
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "berth token signer")])
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(_at(-3600))
            .not_valid_after(_at(86400))
            .sign(key, hashes.SHA256())
        )
        return cls(key, certificate)

    def token(self, subject: str) -> str:
        der = self.certificate.public_bytes(serialization.Encoding.DER)
        header = {"typ": "JWT", "alg": "ES256", "x5c": [base64.b64encode(der).decode()]}
        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "sub": subject,
            "aud": SERVICE,
            "exp": now + 300,
            "nbf": now - 10,
            "iat": now,
            "jti": uuid.uuid4().hex,
            "access": [],  # /v2/ itself needs no repository access
        }
        encoded = [_b64url(json.dumps(part).encode()) for part in (header, claims)]
        signing_input = ".".join(encoded).encode()
        der_signature = self.key.sign(signing_input, ec.ECDSA(hashes.SHA256()))
        r, s = decode_dss_signature(der_signature)
        raw = r.to_bytes(32, "big") + s.to_bytes(32, "big")  # JWS wants r||s, not DER
        return f"{signing_input.decode()}.{_b64url(raw)}"


@dataclass
class TokenRegistry:
    address: str  # 127.0.0.1:<port>, the registry
    ca_file: Path
    token_requests: list[dict[str, str]] = field(default_factory=list)


def _token_app(signer: Signer, requests: list[dict[str, str]]) -> FastAPI:
    app = FastAPI()

    @app.get("/token")
    async def token(request: Request) -> JSONResponse:
        requests.append(dict(request.query_params))
        scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
        try:
            user, _, password = base64.b64decode(encoded).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            user = password = ""
        if scheme.lower() != "basic" or (user, password) != (USERNAME, PASSWORD):
            return JSONResponse({"details": "incorrect username or password"}, status_code=401)
        issued = signer.token(user)
        return JSONResponse({"token": issued, "access_token": issued, "expires_in": 300})

    return app


async def _wait_ready(urls: list[str], ca_file: Path, proc: asyncio.subprocess.Process) -> None:
    """Until every URL answers 401 (up, TLS working, asking for credentials); bounded."""
    context = ssl.create_default_context(cafile=str(ca_file))
    deadline = time.monotonic() + 15
    async with httpx.AsyncClient(verify=context, timeout=1) as client:
        pending = list(urls)
        while pending and time.monotonic() < deadline:
            if proc.returncode is not None:
                raise RuntimeError(f"docker-registry exited with {proc.returncode}")
            try:
                if (await client.get(pending[0])).status_code == 401:
                    pending.pop(0)
                    continue
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.1)
    if pending:
        raise RuntimeError(f"{pending[0]} did not answer within 15s")


@asynccontextmanager
async def token_registry(
    workdir: Path, *, realm_scheme: str = "https"
) -> AsyncIterator[TokenRegistry]:
    files = tls.issue(workdir / "tls", LOOPBACK)
    signer = Signer.new()
    bundle = workdir / "token-signer.pem"
    bundle.write_bytes(signer.certificate.public_bytes(serialization.Encoding.PEM))
    token_port, registry_port = free_port(), free_port()
    result = TokenRegistry(f"{LOOPBACK}:{registry_port}", files.ca)
    config = {
        "version": 0.1,
        "log": {"level": "warn"},
        "storage": {"filesystem": {"rootdirectory": str(workdir / "data")}},
        "http": {
            "addr": result.address,
            "tls": {"certificate": str(files.certificate), "key": str(files.key)},
        },
        "auth": {
            "token": {
                "realm": f"{realm_scheme}://{LOOPBACK}:{token_port}/token",
                "service": SERVICE,
                "issuer": ISSUER,
                "rootcertbundle": str(bundle),
            }
        },
    }
    (workdir / "config.yml").write_text(json.dumps(config))  # JSON is valid YAML
    server = uvicorn.Server(
        uvicorn.Config(
            _token_app(signer, result.token_requests),
            host=LOOPBACK,
            port=token_port,
            ssl_certfile=str(files.certificate),
            ssl_keyfile=str(files.key),
            log_level="warning",
            lifespan="off",
        )
    )
    serving = asyncio.create_task(server.serve())
    log = (workdir / "registry.log").open("wb")
    proc = await asyncio.create_subprocess_exec(
        "docker-registry", "serve", str(workdir / "config.yml"), stdout=log, stderr=log
    )
    try:
        urls = [f"https://{result.address}/v2/", f"https://{LOOPBACK}:{token_port}/token"]
        await _wait_ready(urls, files.ca, proc)
        result.token_requests.clear()  # the readiness probe's
        yield result
    finally:
        proc.terminate()
        try:
            await asyncio.wait_for(proc.wait(), timeout=10)
        except TimeoutError:
            proc.kill()
            await proc.wait()
        log.close()
        server.should_exit = True
        await asyncio.wait_for(serving, timeout=10)
