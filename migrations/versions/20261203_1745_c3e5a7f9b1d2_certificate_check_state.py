"""certificate check state

Revision ID: c3e5a7f9b1d2
Revises: f2b8d4e6a9c1
Create Date: 2026-12-03 17:45:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c3e5a7f9b1d2"
down_revision: str | None = "f2b8d4e6a9c1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Fail fast instead of queueing behind a long transaction and blocking every request.
    op.execute("SET LOCAL lock_timeout = '5s'")
    # Nullable, no default: adding them rewrites nothing and holds the lock only briefly.
    op.add_column(
        "domains", sa.Column("certificate_check_state", sa.String(length=32), nullable=True)
    )
    op.add_column(
        "domains",
        sa.Column("certificate_checked_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '5s'")
    op.drop_column("domains", "certificate_checked_at")
    op.drop_column("domains", "certificate_check_state")
