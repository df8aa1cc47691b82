"""One owner's set of encrypted variables, whatever table holds them."""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.models.variable import VariableMixin

V = TypeVar("V", bound=VariableMixin)


class VariableSet(ABC, Generic[V]):
    """The queries for one set (an environment's variables, an application's runtime
    variables or build secrets) plus what the service needs to encrypt and audit it.

    Subclasses say which rows belong to the set, how a new row is made, and the encryption
    context, which binds every ciphertext to its set and key: a blob copied elsewhere
    fails to decrypt instead of leaking across sets or tenants.
    """

    model: ClassVar[type[Any]]
    # Audit: actions are `<audit_action>.update|import|export` on this target.
    audit_action: str
    target_type: str

    def __init__(self, session: AsyncSession, organization_id: uuid.UUID, target_id: uuid.UUID):
        self.session = session
        self.organization_id = organization_id
        self.target_id = target_id

    @abstractmethod
    def _belongs(self) -> Sequence[ColumnElement[bool]]: ...

    @abstractmethod
    def new(self, key: str, value_encrypted: str, hint: str) -> V: ...

    @abstractmethod
    def context(self, key: str) -> str: ...

    async def list(self) -> Sequence[V]:
        statement = select(self.model).where(*self._belongs()).order_by(self.model.key)
        rows: Sequence[V] = (await self.session.scalars(statement)).all()
        return rows

    async def delete_keys(self, keys: Sequence[str]) -> None:
        if keys:
            await self.session.execute(
                delete(self.model).where(*self._belongs(), self.model.key.in_(keys))
            )
