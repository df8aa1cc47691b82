"""application variables and build secrets

Revision ID: b7e1c2d4a9f0
Revises: cc88d51fb01a
Create Date: 2026-11-26 15:45:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'b7e1c2d4a9f0'
down_revision: str | None = 'cc88d51fb01a'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Fail fast instead of queueing behind a long transaction and blocking every request.
    op.execute("SET LOCAL lock_timeout = '5s'")
    op.create_table('application_variables',
    sa.Column('application_id', sa.Uuid(), nullable=False),
    sa.Column('scope', sa.Enum('runtime', 'build_secret', name='variable_scope', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('key', sa.String(length=128), nullable=False),
    sa.Column('value_encrypted', sa.Text(), nullable=False),
    sa.Column('hint', sa.String(length=16), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('application_variables_application_id_fkey'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('application_variables_pkey')),
    sa.UniqueConstraint('application_id', 'scope', 'key', name=op.f('application_variables_application_id_scope_key_key'))
    )
    op.create_index(op.f('ix_application_variables_application_id'), 'application_variables', ['application_id'], unique=False)
    op.create_index(op.f('ix_application_variables_created_at'), 'application_variables', ['created_at'], unique=False)


def downgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '5s'")
    op.drop_index(op.f('ix_application_variables_created_at'), table_name='application_variables')
    op.drop_index(op.f('ix_application_variables_application_id'), table_name='application_variables')
    op.drop_table('application_variables')
