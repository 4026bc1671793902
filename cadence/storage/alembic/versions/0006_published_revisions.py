"""what each touchpoint's calendar entry last said, so SEQUENCE rises exactly when it changes

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 12:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # Plain ADD COLUMN (nullable, no constraint). Touchpoints exported before have no digest:
    # their next export raises SEQUENCE once, since what calendars hold of them is unknown.
    op.add_column("touchpoint", sa.Column("published_digest", sa.String(length=64),
                                          nullable=True))
    op.add_column("touchpoint", sa.Column("revised_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    # Not in batch mode: SQLite 3.35+ drops a column without constraints in place.
    op.drop_column("touchpoint", "revised_at")
    op.drop_column("touchpoint", "published_digest")
