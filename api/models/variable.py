"""Columns shared by every encrypted variable table (environment and application)."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import IdMixin, TimestampMixin


class VariableMixin(IdMixin, TimestampMixin):
    key: Mapped[str] = mapped_column(String(128))
    # Envelope-encrypted blob (see api.kit.crypto); never returned by the API.
    value_encrypted: Mapped[str] = mapped_column(Text)
    hint: Mapped[str] = mapped_column(String(16), default="")
