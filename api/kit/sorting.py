"""Sorting criteria (`?sorting=-created_at&sorting=name`), whitelisted per endpoint."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import UnaryExpression, asc, desc

from api.kit.errors import BerthError


class InvalidSorting(BerthError):
    status = 422
    type_slug = "invalid-sorting"
    title = "Invalid sorting"


@dataclass(frozen=True)
class Sorting:
    criteria: tuple[tuple[str, bool], ...]  # (field, descending)

    def order_by(self, model: type[Any]) -> list[UnaryExpression[Any]]:
        out = [desc(getattr(model, f)) if d else asc(getattr(model, f)) for f, d in self.criteria]
        # A unique tie-breaker keeps page boundaries stable between requests.
        out.append(asc(model.id))
        return out
