"""backup policies on databases

Revision ID: f2b8d4e6a9c1
Revises: e5a1c9d3f7b2
Create Date: 2026-12-03 18:20:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'f2b8d4e6a9c1'
down_revision: str | None = 'e5a1c9d3f7b2'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '5s'")
    op.create_table('backup_policies',
    sa.Column('organization_id', sa.Uuid(), nullable=False),
    sa.Column('database_id', sa.Uuid(), nullable=False),
    sa.Column('destination_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=63), nullable=False),
    sa.Column('schedule', sa.Enum('hourly', 'daily', 'weekly', 'monthly', 'cron', 'manual', name='backup_schedule', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('cron', sa.String(length=120), nullable=True),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('keep_last', sa.Integer(), nullable=False),
    sa.Column('keep_daily', sa.Integer(), nullable=False),
    sa.Column('keep_weekly', sa.Integer(), nullable=False),
    sa.Column('keep_monthly', sa.Integer(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('keep_last >= 1', name=op.f('backup_policies_keep_last_positive_check')),
    sa.ForeignKeyConstraint(['database_id'], ['databases.id'], name=op.f('backup_policies_database_id_fkey'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['destination_id'], ['destinations.id'], name=op.f('backup_policies_destination_id_fkey'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('backup_policies_organization_id_fkey'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('backup_policies_pkey')),
    sa.UniqueConstraint('database_id', 'name', name=op.f('backup_policies_database_id_name_key'))
    )
    op.create_index(op.f('ix_backup_policies_created_at'), 'backup_policies', ['created_at'], unique=False)
    op.create_index(op.f('ix_backup_policies_database_id'), 'backup_policies', ['database_id'], unique=False)
    op.create_index(op.f('ix_backup_policies_destination_id'), 'backup_policies', ['destination_id'], unique=False)
    op.create_index(op.f('ix_backup_policies_organization_id'), 'backup_policies', ['organization_id'], unique=False)


def downgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '5s'")
    op.drop_table('backup_policies')
