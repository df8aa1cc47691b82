"""durable jobs' worker_id (fast takeover after a worker restart); servers.proxy_image

Revision ID: e7c4b1f9a2d3
Revises: e3b9c1d4f6a2
Create Date: 2026-12-03 08:40:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'e7c4b1f9a2d3'
down_revision: str | None = 'e3b9c1d4f6a2'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_DURABLE_TABLES = ("audit_exports", "deployments", "server_setups")


def upgrade() -> None:
    # Fail fast instead of queueing behind a long transaction and blocking every request.
    op.execute("SET LOCAL lock_timeout = '5s'")
    for table in _DURABLE_TABLES:
        op.add_column(table, sa.Column('worker_id', sa.String(length=100), nullable=True))
    op.add_column('servers', sa.Column('proxy_image', sa.String(length=512), nullable=True))


def downgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '5s'")
    op.drop_column('servers', 'proxy_image')
    for table in _DURABLE_TABLES:
        op.drop_column(table, 'worker_id')
