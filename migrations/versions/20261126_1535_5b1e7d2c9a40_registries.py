"""registries

Revision ID: 5b1e7d2c9a40
Revises: a41c2e9b7d10
Create Date: 2026-11-26 15:35:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '5b1e7d2c9a40'
down_revision: str | None = 'a41c2e9b7d10'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Fail fast instead of queueing behind a long transaction and blocking every request.
    op.execute("SET LOCAL lock_timeout = '5s'")
    op.create_table('registries',
    sa.Column('organization_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=63), nullable=False),
    sa.Column('host', sa.String(length=260), nullable=False),
    sa.Column('namespace', sa.String(length=255), nullable=False),
    sa.Column('username', sa.String(length=255), nullable=False),
    sa.Column('password_encrypted', sa.Text(), nullable=False),
    sa.Column('password_hint', sa.String(length=16), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('registries_organization_id_fkey'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('registries_pkey')),
    sa.UniqueConstraint('organization_id', 'host', 'namespace', name=op.f('registries_organization_id_host_namespace_key')),
    sa.UniqueConstraint('organization_id', 'name', name=op.f('registries_organization_id_name_key'))
    )
    op.create_index(op.f('ix_registries_created_at'), 'registries', ['created_at'], unique=False)
    op.create_index(op.f('ix_registries_organization_id'), 'registries', ['organization_id'], unique=False)


def downgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '5s'")
    op.drop_index(op.f('ix_registries_organization_id'), table_name='registries')
    op.drop_index(op.f('ix_registries_created_at'), table_name='registries')
    op.drop_table('registries')
