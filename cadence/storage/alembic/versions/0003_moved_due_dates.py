"""a commitment's first and missed due dates, for promises whose date was moved

Revision ID: 0003
Revises: reminders1
Create Date: 2026-11-23 09:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "reminders1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # Plain ADD COLUMN (nullable, no constraint): existing promises were never moved.
    op.add_column("commitment", sa.Column("first_due_on", sa.Date(), nullable=True))
    op.add_column("commitment", sa.Column("missed_due_on", sa.Date(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    # Not in batch mode: SQLite 3.35+ drops a column without constraints in place, and a batch
    # copy of the table would lose the touchpoints' links to it.
    op.drop_column("commitment", "missed_due_on")
    op.drop_column("commitment", "first_due_on")
