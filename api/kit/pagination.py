"""Page-number pagination and whitelisted sorting shared by every list endpoint."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel, Field

T = TypeVar("T")

MAX_LIMIT = 100


class PaginationParams(BaseModel):
    page: int
    limit: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit


def _pagination(
    page: Annotated[int, Query(ge=1, le=1_000_000, description="1-based page number")] = 1,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page")] = 20,
) -> PaginationParams:
    return PaginationParams(page=page, limit=limit)


PaginationDep = Annotated[PaginationParams, Depends(_pagination)]


class PageMeta(BaseModel):
    total_count: int
    max_page: int
    page: int
    limit: int


class Page(BaseModel, Generic[T]):
    items: Sequence[T]
    pagination: PageMeta = Field(description="Where this page sits in the whole result")

    @classmethod
    def build(cls, items: Sequence[T], total: int, params: PaginationParams) -> Page[T]:
        return cls(
            items=items,
            pagination=PageMeta(
                total_count=total,
                max_page=max(1, math.ceil(total / params.limit)),
                page=params.page,
                limit=params.limit,
            ),
        )
