"""the version (SEQUENCE, last revision) of the event each busy block came from

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 12:50:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # Plain ADD COLUMN with defaults. Blocks imported before have the lowest version with no
    # revision time, so any file with the same events replaces them, as it did before.
    op.add_column("busy_block", sa.Column("sequence", sa.Integer(), nullable=False,
                                          server_default="0"))
    op.add_column("busy_block", sa.Column("revised_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    # Not in batch mode: SQLite 3.35+ drops a column without constraints in place.
    op.drop_column("busy_block", "revised_at")
    op.drop_column("busy_block", "sequence")
