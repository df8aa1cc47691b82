"""`?sorting=-created_at&sorting=name`: whitelisted per endpoint through a StrEnum."""

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Query
from sqlalchemy import UnaryExpression, asc, desc

from api.kit.problems import BerthError


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


def sorting_dependency(fields: type[enum.StrEnum], default: list[str]) -> Callable[..., Sorting]:
    allowed = {f.value for f in fields}
    choices = sorted(allowed | {f"-{f}" for f in allowed})

    def dependency(
        sorting: Annotated[
            list[str] | None,
            Query(description=f"Sort keys, '-' for descending. One of: {', '.join(choices)}"),
        ] = None,
    ) -> Sorting:
        raw = sorting or default
        criteria: list[tuple[str, bool]] = []
        for item in raw:
            name = item.removeprefix("-")
            if name not in allowed:
                raise InvalidSorting(f"cannot sort by {item!r}; allowed: {', '.join(choices)}")
            criteria.append((name, item.startswith("-")))
        return Sorting(tuple(criteria))

    return dependency
