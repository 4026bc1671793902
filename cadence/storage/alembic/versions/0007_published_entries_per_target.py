"""which calendar file (or invitation addressee) published which entry; what a withdrawn
invitation needs to be cancelled

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 12:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # Empty at first: what files hold of earlier exports is unknown, so a live touch left out
    # of a file is cancelled there only once that file has published it under this schema.
    op.create_table(
        "published_entry",
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("uid", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("target", "uid", name=op.f("pk_published_entry")),
    )
    # Plain ADD COLUMN with defaults. Every entry kept before was of an exported touch (only
    # those were kept); one removed before this schema cannot be cancelled as an invitation.
    op.add_column("withdrawn_entry", sa.Column("exported", sa.Boolean(), nullable=False,
                                               server_default=sa.true()))
    op.add_column("withdrawn_entry", sa.Column("touchpoint_id", sa.Integer(), nullable=True))
    for column in ("guest_title", "attendee_email", "attendee_name"):
        op.add_column("withdrawn_entry", sa.Column(column, sa.Text(), nullable=False,
                                                   server_default=""))


def downgrade() -> None:
    """Downgrade schema."""
    # Not in batch mode: SQLite 3.35+ drops a column without constraints in place.
    for column in ("attendee_name", "attendee_email", "guest_title", "touchpoint_id",
                   "exported"):
        op.drop_column("withdrawn_entry", column)
    op.drop_table("published_entry")
