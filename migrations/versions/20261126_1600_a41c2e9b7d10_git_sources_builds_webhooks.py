"""git sources, builds, deploy keys, webhooks and cancellation

Revision ID: a41c2e9b7d10
Revises: b7e1c2d4a9f0
Create Date: 2026-11-26 16:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql.elements import conv

revision: str = "a41c2e9b7d10"
down_revision: str | None = "b7e1c2d4a9f0"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# conv(): the name is final, not a token for the naming convention.
_OUTCOME_CHECK = conv("deployments_deployment_outcome_check")
_DELIVERY_UNIQUE = conv("deployments_application_id_webhook_delivery_key")


def upgrade() -> None:
    op.execute("SET LOCAL lock_timeout = '5s'")
    empty = sa.text("'{}'::jsonb")
    op.add_column(
        "applications", sa.Column("build", postgresql.JSONB(), server_default=empty, nullable=False)
    )
    op.add_column("applications", sa.Column("deploy_key_encrypted", sa.Text(), nullable=True))
    op.add_column(
        "applications", sa.Column("deploy_key_fingerprint", sa.String(length=100), nullable=True)
    )
    op.add_column("applications", sa.Column("deploy_key_public", sa.Text(), nullable=True))
    op.add_column("applications", sa.Column("webhook_secret_encrypted", sa.Text(), nullable=True))
    op.add_column(
        "deployments", sa.Column("build", postgresql.JSONB(), server_default=empty, nullable=False)
    )
    op.add_column(
        "deployments",
        sa.Column("cancel_requested_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.add_column(
        "deployments", sa.Column("webhook_delivery", sa.String(length=200), nullable=True)
    )
    op.create_unique_constraint(
        _DELIVERY_UNIQUE,
        "deployments",
        ["application_id", "webhook_delivery"],
    )
    op.drop_constraint(_OUTCOME_CHECK, "deployments", type_="check")
    op.create_check_constraint(
        _OUTCOME_CHECK,
        "deployments",
        "outcome IN ('released', 'rolled_back', 'failed', 'cancelled')",
    )


def downgrade() -> None:
    op.execute("UPDATE deployments SET outcome = 'failed' WHERE outcome = 'cancelled'")
    op.drop_constraint(_OUTCOME_CHECK, "deployments", type_="check")
    op.create_check_constraint(
        _OUTCOME_CHECK, "deployments", "outcome IN ('released', 'rolled_back', 'failed')"
    )
    op.drop_constraint(
        _DELIVERY_UNIQUE, "deployments", type_="unique"
    )
    op.drop_column("deployments", "webhook_delivery")
    op.drop_column("deployments", "cancel_requested_at")
    op.drop_column("deployments", "build")
    op.drop_column("applications", "webhook_secret_encrypted")
    op.drop_column("applications", "deploy_key_public")
    op.drop_column("applications", "deploy_key_fingerprint")
    op.drop_column("applications", "deploy_key_encrypted")
    op.drop_column("applications", "build")
