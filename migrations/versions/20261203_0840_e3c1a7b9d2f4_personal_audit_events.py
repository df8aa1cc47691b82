"""personal audit events (logins): organization_id nullable, index per user

Revision ID: e3c1a7b9d2f4
Revises: d0a1e5c3b7f2
Create Date: 2026-12-03 08:40:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e3c1a7b9d2f4"
down_revision: str | None = "d0a1e5c3b7f2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Fail fast instead of queueing behind a long transaction and blocking every request.
    op.execute("SET LOCAL lock_timeout = '5s'")
    op.alter_column("audit_events", "organization_id", existing_type=sa.Uuid(), nullable=True)
    op.create_index(
        "ix_audit_events_personal",
        "audit_events",
        ["target_id", "created_at"],
        unique=False,
        postgresql_where=sa.text("organization_id IS NULL"),
    )


def downgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '5s'")
    op.drop_index(
        "ix_audit_events_personal",
        table_name="audit_events",
        postgresql_where=sa.text("organization_id IS NULL"),
    )
    # Personal events have no organisation to belong to; they can't survive the constraint.
    op.execute("DELETE FROM audit_events WHERE organization_id IS NULL")
    op.alter_column("audit_events", "organization_id", existing_type=sa.Uuid(), nullable=False)
