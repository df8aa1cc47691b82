"""The periodic certificate check (api/domains/checks.py)."""

from __future__ import annotations

from typing import Any

from api.domains.checks import check_certificates
from worker.context import worker_context


async def certificates_check(ctx: dict[str, Any]) -> dict[str, int]:
    context = worker_context(ctx)
    results = await check_certificates(
        context["sessionmaker"],
        context["keyring"],
        context["connections"],
        context["settings"].servers.refresh_concurrency,
    )
    return {
        "servers": len(results),
        "unreadable": sum(1 for r in results if r.error),
        "announced": sum(r.announced for r in results),
    }
