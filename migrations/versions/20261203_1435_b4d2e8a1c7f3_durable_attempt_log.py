"""durable jobs keep every attempt (number, started, ended, outcome, reason)

Revision ID: b4d2e8a1c7f3
Revises: b7d2e4f6a8c1
Create Date: 2026-12-03 14:35:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = 'b4d2e8a1c7f3'
down_revision: str | None = 'b7d2e4f6a8c1'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_DURABLE_TABLES = ("audit_exports", "deployments", "server_setups")


def upgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '5s'")
    for table in _DURABLE_TABLES:
        op.add_column(
            table,
            sa.Column(
                'attempt_log',
                postgresql.JSONB(astext_type=sa.Text()),
                server_default=sa.text("'[]'::jsonb"),
                nullable=False,
            ),
        )


def downgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '5s'")
    for table in _DURABLE_TABLES:
        op.drop_column(table, 'attempt_log')
