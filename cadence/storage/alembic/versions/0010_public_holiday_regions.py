"""whose public holidays each stakeholder and the manager observe (a country or a region)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24 10:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # NULL follows the time zone, as every workspace did before: plans stay as they were.
    op.add_column("stakeholder", sa.Column("public_holidays", sa.String(length=40),
                                           nullable=True))
    op.add_column("manager_settings", sa.Column("public_holidays", sa.String(length=40),
                                                nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    # Not in batch mode: SQLite 3.35+ drops a column without constraints in place, and a batch
    # copy of the stakeholder table would drop the original with foreign keys on.
    op.drop_column("manager_settings", "public_holidays")
    op.drop_column("stakeholder", "public_holidays")
