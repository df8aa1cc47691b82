"""deployments: commit subject and author

Revision ID: e3b9c1d4f6a2
Revises: e3c1a7b9d2f4
Create Date: 2026-12-03 08:50:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'e3b9c1d4f6a2'
down_revision: str | None = 'e3c1a7b9d2f4'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Fail fast instead of queueing behind a long transaction and blocking every request.
    op.execute("SET LOCAL lock_timeout = '5s'")
    # Nullable without a default: adding them rewrites nothing and takes a brief lock only.
    op.add_column('deployments', sa.Column('commit_subject', sa.String(length=300), nullable=True))
    op.add_column(
        'deployments', sa.Column('commit_author_name', sa.String(length=200), nullable=True)
    )
    op.add_column(
        'deployments', sa.Column('commit_author_email', sa.String(length=254), nullable=True)
    )


def downgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '5s'")
    op.drop_column('deployments', 'commit_author_email')
    op.drop_column('deployments', 'commit_author_name')
    op.drop_column('deployments', 'commit_subject')
