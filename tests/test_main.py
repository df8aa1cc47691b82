"""The app's lifespan: what it wires is what the test fixtures wire (one function)."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from api.kit.settings import Settings
from api.main import create_app

WIRED = ("engine", "sessionmaker", "arq", "redis", "connections", "keyring")


async def test_lifespan_wires_the_state_requests_use(settings: Settings, app: FastAPI) -> None:
    real = create_app(settings)
    async with real.router.lifespan_context(real):
        for name in WIRED:
            assert getattr(real.state, name, None) is not None, name
        # The fixture's app went through the same function: same names, same kinds.
        for name in WIRED:
            assert type(getattr(real.state, name)) is type(getattr(app.state, name)), name
        transport = httpx.ASGITransport(app=real)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            ready = await client.get("/readyz")
        assert ready.status_code == 200, ready.text
