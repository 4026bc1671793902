"""indexes for the stakeholder table

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 11:37:41.929399

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.create_index(
            "ix_interaction_stakeholder_occurred", ["stakeholder_id", "occurred_at"], unique=False
        )

    with op.batch_alter_table("touchpoint", schema=None) as batch_op:
        batch_op.create_index(
            "ix_touchpoint_stakeholder_status", ["stakeholder_id", "status"], unique=False
        )



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("touchpoint", schema=None) as batch_op:
        batch_op.drop_index("ix_touchpoint_stakeholder_status")

    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.drop_index("ix_interaction_stakeholder_occurred")

