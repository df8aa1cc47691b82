from __future__ import annotations

import enum
import uuid

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, str_enum
from api.models.variable import VariableMixin


class VariableScope(enum.StrEnum):
    # Runtime variables reach the running containers; build secrets reach only the build,
    # so a token needed to fetch private packages never lands in the image or the service.
    runtime = "runtime"
    build_secret = "build_secret"  # noqa: S105 - a scope name, not a credential


class ApplicationVariable(VariableMixin, Base):
    """An application's own variable; a runtime one overrides its environment's same key."""

    __tablename__ = "application_variables"
    __table_args__ = (UniqueConstraint("application_id", "scope", "key"),)

    application_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    scope: Mapped[VariableScope] = mapped_column(str_enum(VariableScope, "variable_scope"))
