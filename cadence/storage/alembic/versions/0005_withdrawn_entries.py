"""calendar entries withdrawn by deleting an exported touchpoint, written as cancelled

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 12:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "withdrawn_entry",
        sa.Column("uid", sa.String(length=120), nullable=False),
        sa.Column("stakeholder_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("uid", name=op.f("pk_withdrawn_entry")),
    )
    op.create_index(op.f("ix_withdrawn_entry_stakeholder_id"), "withdrawn_entry",
                    ["stakeholder_id"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f("ix_withdrawn_entry_stakeholder_id"), table_name="withdrawn_entry")
    op.drop_table("withdrawn_entry")
