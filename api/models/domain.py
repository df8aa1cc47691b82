from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, IdMixin, TimestampMixin, str_enum


class CertificateMode(enum.StrEnum):
    letsencrypt_http = "letsencrypt-http"
    letsencrypt_tls_alpn = "letsencrypt-tls-alpn"
    uploaded = "uploaded"
    none = "none"


class WwwRedirect(enum.StrEnum):
    none = "none"
    www_to_apex = "www-to-apex"
    apex_to_www = "apex-to-www"


class Domain(IdMixin, TimestampMixin, Base):
    """A host (+ path prefix) routed by the proxy of the application's server to that app.

    `server_id` is copied from the application so "same host and path twice on one server"
    is a unique constraint, not a check that races. Moving an app to another server must
    update it (and rewrite both servers' proxy documents).
    """

    __tablename__ = "domains"
    __table_args__ = (UniqueConstraint("server_id", "host", "path_prefix"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    application_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    server_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("servers.id", ondelete="RESTRICT"), index=True
    )
    host: Mapped[str] = mapped_column(String(253))  # punycode, lower case
    path_prefix: Mapped[str] = mapped_column(String(256), default="/")
    strip_prefix: Mapped[bool] = mapped_column(default=False)
    port: Mapped[int | None] = mapped_column(default=None)
    certificate: Mapped[CertificateMode] = mapped_column(
        str_enum(CertificateMode, "certificate_mode")
    )
    redirect_https: Mapped[bool] = mapped_column(default=True)
    www_redirect: Mapped[WwwRedirect] = mapped_column(
        str_enum(WwwRedirect, "www_redirect"), default=WwwRedirect.none
    )
    # `user:<bcrypt>` lines; never returned (reads list the user names only).
    basic_auth: Mapped[list[str]] = mapped_column(JSONB, default=list)
    headers: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    # Uploaded certificate chain (public) and its envelope-encrypted private key.
    certificate_pem: Mapped[str | None] = mapped_column(Text, default=None)
    private_key_encrypted: Mapped[str | None] = mapped_column(Text, default=None)
    certificate_not_after: Mapped[datetime | None] = mapped_column(default=None)
    # What the periodic certificate check last saw (issued, failed, renewal_failed): it
    # announces a failure on the change into it, not once per check (api/domains/checks.py).
    certificate_check_state: Mapped[str | None] = mapped_column(String(32), default=None)
    certificate_checked_at: Mapped[datetime | None] = mapped_column(default=None)
