"""The API serves the built UI at `/` without shadowing any API path."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

import api.kit.spa
from api.kit.spa import install_spa
from tests.support.problems import assert_problem

INDEX = "<!doctype html><title>Berth</title><div id=root></div>"


@pytest.fixture(autouse=True)
def built_ui(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in build, so these tests don't depend on `make frontend` having run."""
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text(INDEX)
    (dist / "assets" / "index-abc123.js").write_text("console.log('berth')")
    (dist / "favicon.svg").write_text("<svg/>")
    (tmp_path / "secret.txt").write_text("outside the build")
    monkeypatch.setattr(api.kit.spa, "DIST", dist)
    return dist


@pytest.mark.parametrize("path", ["/", "/login", "/orgs/1/apps/2/logs", "/apis-are-not-api"])
async def test_client_routes_get_the_index(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 200
    assert response.text == INDEX
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-cache"


async def test_hashed_assets_are_immutable(client: httpx.AsyncClient) -> None:
    response = await client.get("/assets/index-abc123.js")
    assert response.status_code == 200
    assert "berth" in response.text
    assert "immutable" in response.headers["cache-control"]


async def test_missing_asset_is_404_not_the_index(client: httpx.AsyncClient) -> None:
    response = await client.get("/assets/index-gone.js")
    assert_problem(response, 404, "not-found")


async def test_paths_cannot_escape_the_build(client: httpx.AsyncClient) -> None:
    response = await client.get("/..%2Fsecret.txt")
    assert "outside the build" not in response.text


@pytest.mark.parametrize("path", ["/api", "/api/v1/nope", "/api/v1/projects/not-a-uuid/x"])
async def test_api_paths_stay_problem_404(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert_problem(response, 404, "not-found")


async def test_wrong_method_on_api_stays_405(client: httpx.AsyncClient) -> None:
    response = await client.delete("/api/v1/auth/me")
    assert response.status_code == 405


async def test_health_and_docs_are_not_shadowed(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json()["status"] == "ok"
    docs = await client.get("/api/docs")
    assert docs.status_code == 200
    assert "swagger" in docs.text.lower()
    assert (await client.get("/api/openapi.json")).json()["info"]["title"] == "Berth"


def test_without_a_build_the_api_boots_alone(tmp_path: Path) -> None:
    app = FastAPI()
    assert install_spa(app, dist=tmp_path / "nowhere") is False
    assert len(app.routes) == len(FastAPI().routes)
