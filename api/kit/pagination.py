"""Page-number pagination and whitelisted sorting shared by every list endpoint."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")

MAX_LIMIT = 100


class PaginationParams(BaseModel):
    page: int
    limit: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit


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
