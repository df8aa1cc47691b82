"""backup destinations (s3, gcs, azure, sftp, ftp)

Revision ID: c3e9f1a7b2d4
Revises: d4b7a9c1e2f3
Create Date: 2026-12-03 18:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = 'c3e9f1a7b2d4'
down_revision: str | None = 'd4b7a9c1e2f3'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '5s'")
    op.create_table('destinations',
    sa.Column('organization_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=63), nullable=False),
    sa.Column('kind', sa.Enum('s3', 'gcs', 'azure', 'sftp', 'ftp', name='destination_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('settings', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('credentials_encrypted', sa.Text(), nullable=False),
    sa.Column('credentials_set', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('host_key_state', sa.Enum('not_applicable', 'unknown', 'pending', 'trusted', 'changed', name='destination_host_key_state', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('host_key', sa.Text(), nullable=True),
    sa.Column('host_key_fingerprint', sa.String(length=100), nullable=True),
    sa.Column('pending_host_key', sa.Text(), nullable=True),
    sa.Column('pending_host_key_fingerprint', sa.String(length=100), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('destinations_organization_id_fkey'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('destinations_pkey')),
    sa.UniqueConstraint('organization_id', 'name', name=op.f('destinations_organization_id_name_key'))
    )
    op.create_index(op.f('ix_destinations_created_at'), 'destinations', ['created_at'], unique=False)
    op.create_index(op.f('ix_destinations_organization_id'), 'destinations', ['organization_id'], unique=False)


def downgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '5s'")
    op.drop_index(op.f('ix_destinations_organization_id'), table_name='destinations')
    op.drop_index(op.f('ix_destinations_created_at'), table_name='destinations')
    op.drop_table('destinations')
