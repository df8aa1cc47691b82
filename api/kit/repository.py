"""Repositories own every query. Tenant scoping is built into the readable statement."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from api.kit.pagination import PaginationParams
from api.kit.principal import Principal
from api.kit.sorting import Sorting
from api.models import Base, Membership, Role

M = TypeVar("M", bound=Base)


class Repository(Generic[M]):
    model: ClassVar[type[Any]]
    # The column within whose value `name` is unique (a project per organization, an
    # environment per project, ...), for `name_taken`.
    name_scope: ClassVar[str] = "organization_id"

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get_by_id(self, id: uuid.UUID) -> M | None:
        result: M | None = await self.session.get(self.model, id)
        return result

    async def get_many(self, ids: Iterable[uuid.UUID]) -> Sequence[M]:
        return await self.get_all(select(self.model).where(self.model.id.in_(list(ids))))

    async def get_one_or_none(self, statement: Select[M]) -> M | None:
        return (await self.session.execute(statement)).scalars().unique().one_or_none()

    async def get_all(self, statement: Select[M]) -> Sequence[M]:
        return (await self.session.execute(statement)).scalars().unique().all()

    async def paginate(
        self,
        statement: Select[M],
        params: PaginationParams,
        sorting: Sorting | None = None,
    ) -> tuple[Sequence[M], int]:
        # One round trip: the total rides along as a window count on every row.
        counted = statement.add_columns(func.count().over().label("total_count"))
        if sorting:
            counted = counted.order_by(*sorting.order_by(self.model))
        rows = (await self.session.execute(counted.limit(params.limit).offset(params.offset))).all()
        if rows:
            return [row[0] for row in rows], int(rows[0].total_count)
        if params.offset == 0:
            return [], 0
        # Past the last page: the window saw no rows, so count separately.
        total = await self.session.scalar(
            select(func.count()).select_from(statement.order_by(None).subquery())
        )
        return [], int(total or 0)

    async def name_taken(
        self, scope_id: uuid.UUID, name: str, exclude: uuid.UUID | None = None
    ) -> bool:
        """Whether `name` is used within the scope (a friendly 409 before the constraint)."""
        m = self.model
        statement = select(func.count()).where(
            getattr(m, self.name_scope) == scope_id, m.name == name
        )
        if exclude is not None:
            statement = statement.where(m.id != exclude)
        return bool(await self.session.scalar(statement))

    async def add(self, obj: M) -> M:
        self.session.add(obj)
        await self.session.flush()
        return obj

    async def delete(self, obj: M) -> None:
        await self.session.delete(obj)
        await self.session.flush()


class OrgScopedRepository(Repository[M]):
    """For models with an `organization_id`: reads are limited to the caller's organisations."""

    def _org_column(self) -> InstrumentedAttribute[uuid.UUID]:
        column: InstrumentedAttribute[uuid.UUID] = self.model.organization_id
        return column

    def get_readable_statement(self, principal: Principal) -> Select[M]:
        org = self._org_column()
        member_orgs = select(Membership.organization_id).where(
            Membership.user_id == principal.user_id
        )
        statement: Select[M] = select(self.model).where(org.in_(member_orgs))
        if principal.token_organization_id is not None:
            statement = statement.where(org == principal.token_organization_id)
        return statement

    async def paginate_readable(
        self,
        principal: Principal,
        pagination: PaginationParams,
        sorting: Sorting | None,
        *where: ColumnElement[bool],
    ) -> tuple[Sequence[M], int]:
        """A page of the rows `principal` may read that match `where`: the one way a list
        endpoint pages, so none can start from an unscoped statement."""
        statement = self.get_readable_statement(principal).where(*where)
        return await self.paginate(statement, pagination, sorting)

    async def get_readable_with_role(
        self, principal: Principal, id: uuid.UUID, *options: Any
    ) -> tuple[M, Role] | None:
        """The row and the caller's role in its organisation, in one query; None hides it."""
        org = self._org_column()
        statement = (
            select(self.model, Membership.role)
            .join(
                Membership,
                (Membership.organization_id == org) & (Membership.user_id == principal.user_id),
            )
            .where(self.model.id == id)
            .options(*options)
        )
        if principal.token_organization_id is not None:
            statement = statement.where(org == principal.token_organization_id)
        row = (await self.session.execute(statement)).one_or_none()
        return (row[0], row[1]) if row else None
