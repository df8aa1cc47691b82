"""organizations' age key pairs for backups

Revision ID: e5a1c9d3f7b2
Revises: c3e9f1a7b2d4
Create Date: 2026-12-03 18:40:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'e5a1c9d3f7b2'
down_revision: str | None = 'c3e9f1a7b2d4'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '5s'")
    op.create_table('backup_keys',
    sa.Column('organization_id', sa.Uuid(), nullable=False),
    sa.Column('public_key', sa.String(length=100), nullable=False),
    sa.Column('private_key_encrypted', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('exported_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('backup_keys_organization_id_fkey'), ondelete='CASCADE'),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('backup_keys_pkey')),
    sa.UniqueConstraint('organization_id', name=op.f('backup_keys_organization_id_key'))
    )


def downgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '5s'")
    op.drop_table('backup_keys')
