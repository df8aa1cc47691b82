"""domains, server acme_ca_bundle

Revision ID: d0a1e5c3b7f2
Revises: 5b1e7d2c9a40
Create Date: 2026-11-26 16:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql
revision: str = 'd0a1e5c3b7f2'
down_revision: str | None = '5b1e7d2c9a40'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Fail fast instead of queueing behind a long transaction and blocking every request.
    op.execute("SET LOCAL lock_timeout = '5s'")
    op.add_column('servers', sa.Column('acme_ca_bundle', sa.Text(), nullable=True))
    op.create_table('domains',
    sa.Column('organization_id', sa.Uuid(), nullable=False),
    sa.Column('application_id', sa.Uuid(), nullable=False),
    sa.Column('server_id', sa.Uuid(), nullable=False),
    sa.Column('host', sa.String(length=253), nullable=False),
    sa.Column('path_prefix', sa.String(length=256), nullable=False),
    sa.Column('strip_prefix', sa.Boolean(), nullable=False),
    sa.Column('port', sa.Integer(), nullable=True),
    sa.Column('certificate', sa.Enum('letsencrypt-http', 'letsencrypt-tls-alpn', 'uploaded', 'none', name='certificate_mode', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('redirect_https', sa.Boolean(), nullable=False),
    sa.Column('www_redirect', sa.Enum('none', 'www-to-apex', 'apex-to-www', name='www_redirect', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('basic_auth', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('headers', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('certificate_pem', sa.Text(), nullable=True),
    sa.Column('private_key_encrypted', sa.Text(), nullable=True),
    sa.Column('certificate_not_after', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('domains_application_id_fkey'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('domains_organization_id_fkey'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['server_id'], ['servers.id'], name=op.f('domains_server_id_fkey'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('domains_pkey')),
    sa.UniqueConstraint('server_id', 'host', 'path_prefix', name=op.f('domains_server_id_host_path_prefix_key'))
    )
    op.create_index(op.f('ix_domains_application_id'), 'domains', ['application_id'], unique=False)
    op.create_index(op.f('ix_domains_created_at'), 'domains', ['created_at'], unique=False)
    op.create_index(op.f('ix_domains_organization_id'), 'domains', ['organization_id'], unique=False)
    op.create_index(op.f('ix_domains_server_id'), 'domains', ['server_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_domains_server_id'), table_name='domains')
    op.drop_index(op.f('ix_domains_organization_id'), table_name='domains')
    op.drop_index(op.f('ix_domains_created_at'), table_name='domains')
    op.drop_index(op.f('ix_domains_application_id'), table_name='domains')
    op.drop_table('domains')
    op.drop_column('servers', 'acme_ca_bundle')
