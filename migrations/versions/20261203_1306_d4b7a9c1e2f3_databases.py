"""databases

Revision ID: d4b7a9c1e2f3
Revises: b4d2e8a1c7f3
Create Date: 2026-12-03 13:06:42.825338+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = 'd4b7a9c1e2f3'
down_revision: str | None = 'b4d2e8a1c7f3'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Fail fast instead of queueing behind a long transaction and blocking every request.
    op.execute("SET LOCAL lock_timeout = '5s'")
    op.create_table('databases',
    sa.Column('organization_id', sa.Uuid(), nullable=False),
    sa.Column('environment_id', sa.Uuid(), nullable=False),
    sa.Column('server_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=63), nullable=False),
    sa.Column('engine', sa.Enum('postgresql', 'mysql', 'mariadb', 'mongodb', 'redis', name='database_engine', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('image', sa.String(length=512), nullable=False),
    sa.Column('image_digest', sa.String(length=600), nullable=True),
    sa.Column('data_dir', sa.String(length=1024), nullable=True),
    sa.Column('args', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('cpu_limit', sa.Double(), nullable=True),
    sa.Column('memory_limit_mb', sa.Integer(), nullable=True),
    sa.Column('external_port', sa.Integer(), nullable=True),
    sa.Column('desired_state', sa.Enum('running', 'stopped', name='desired_state', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('service_name', sa.String(length=63), nullable=False),
    sa.Column('volume_name', sa.String(length=128), nullable=False),
    sa.Column('database_name', sa.String(length=63), nullable=False),
    sa.Column('username', sa.String(length=63), nullable=False),
    sa.Column('credentials_encrypted', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'starting', 'healthy', 'unhealthy', 'stopped', 'failed', name='database_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('status_checked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('restart_count', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['environment_id'], ['environments.id'], name=op.f('databases_environment_id_fkey'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('databases_organization_id_fkey'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['server_id'], ['servers.id'], name=op.f('databases_server_id_fkey'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('databases_pkey')),
    sa.UniqueConstraint('environment_id', 'name', name=op.f('databases_environment_id_name_key')),
    sa.UniqueConstraint('server_id', 'external_port', name=op.f('databases_server_id_external_port_key')),
    sa.UniqueConstraint('service_name', name=op.f('databases_service_name_key'))
    )
    op.create_index(op.f('ix_databases_created_at'), 'databases', ['created_at'], unique=False)
    op.create_index(op.f('ix_databases_environment_id'), 'databases', ['environment_id'], unique=False)
    op.create_index(op.f('ix_databases_organization_id'), 'databases', ['organization_id'], unique=False)
    op.create_index(op.f('ix_databases_server_id'), 'databases', ['server_id'], unique=False)
    op.create_table('database_links',
    sa.Column('organization_id', sa.Uuid(), nullable=False),
    sa.Column('application_id', sa.Uuid(), nullable=False),
    sa.Column('database_id', sa.Uuid(), nullable=False),
    sa.Column('variable', sa.String(length=128), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('database_links_application_id_fkey'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['database_id'], ['databases.id'], name=op.f('database_links_database_id_fkey'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('database_links_organization_id_fkey'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('database_links_pkey')),
    sa.UniqueConstraint('application_id', 'variable', name=op.f('database_links_application_id_variable_key'))
    )
    op.create_index(op.f('ix_database_links_application_id'), 'database_links', ['application_id'], unique=False)
    op.create_index(op.f('ix_database_links_created_at'), 'database_links', ['created_at'], unique=False)
    op.create_index(op.f('ix_database_links_database_id'), 'database_links', ['database_id'], unique=False)
    op.create_index(op.f('ix_database_links_organization_id'), 'database_links', ['organization_id'], unique=False)
    op.create_table('database_operations',
    sa.Column('organization_id', sa.Uuid(), nullable=False),
    sa.Column('database_id', sa.Uuid(), nullable=False),
    sa.Column('action', sa.Enum('create', 'update', 'start', 'stop', 'restart', name='database_action', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('requested_by', sa.String(length=254), nullable=False),
    sa.Column('steps', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('log', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.Enum('queued', 'running', 'succeeded', 'failed', 'cancelled', name='job_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('max_attempts', sa.Integer(), nullable=False),
    sa.Column('queued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('request_id', sa.String(length=64), nullable=True),
    sa.Column('worker_id', sa.String(length=100), nullable=True),
    sa.Column('attempt_log', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'[]'::jsonb"), nullable=False),
    sa.ForeignKeyConstraint(['database_id'], ['databases.id'], name=op.f('database_operations_database_id_fkey'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('database_operations_organization_id_fkey'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('database_operations_pkey'))
    )
    op.create_index(op.f('ix_database_operations_created_at'), 'database_operations', ['created_at'], unique=False)
    op.create_index(op.f('ix_database_operations_database_id'), 'database_operations', ['database_id'], unique=False)
    op.create_index('ix_database_operations_one_running_per_database', 'database_operations', ['database_id'], unique=True, postgresql_where=sa.text("status = 'running'"))
    op.create_index(op.f('ix_database_operations_organization_id'), 'database_operations', ['organization_id'], unique=False)
    op.create_index(op.f('ix_database_operations_status'), 'database_operations', ['status'], unique=False)


def downgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '5s'")
    op.drop_index(op.f('ix_database_operations_status'), table_name='database_operations')
    op.drop_index(op.f('ix_database_operations_organization_id'), table_name='database_operations')
    op.drop_index('ix_database_operations_one_running_per_database', table_name='database_operations', postgresql_where=sa.text("status = 'running'"))
    op.drop_index(op.f('ix_database_operations_database_id'), table_name='database_operations')
    op.drop_index(op.f('ix_database_operations_created_at'), table_name='database_operations')
    op.drop_table('database_operations')
    op.drop_index(op.f('ix_database_links_organization_id'), table_name='database_links')
    op.drop_index(op.f('ix_database_links_database_id'), table_name='database_links')
    op.drop_index(op.f('ix_database_links_created_at'), table_name='database_links')
    op.drop_index(op.f('ix_database_links_application_id'), table_name='database_links')
    op.drop_table('database_links')
    op.drop_index(op.f('ix_databases_server_id'), table_name='databases')
    op.drop_index(op.f('ix_databases_organization_id'), table_name='databases')
    op.drop_index(op.f('ix_databases_environment_id'), table_name='databases')
    op.drop_index(op.f('ix_databases_created_at'), table_name='databases')
    op.drop_table('databases')
