"""a count of the changes to the planner's inputs, and the count each saved plan was made at

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 17:40:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    table = op.create_table(
        "planning_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_planning_revision_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planning_revision")),
    )
    op.bulk_insert(table, [{"id": 1, "number": 0}])
    # A plan saved before has no number: whether it is current cannot be told.
    op.add_column("plan_run", sa.Column("inputs_revision", sa.Integer(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column("plan_run", "inputs_revision")
    op.drop_table("planning_revision")
