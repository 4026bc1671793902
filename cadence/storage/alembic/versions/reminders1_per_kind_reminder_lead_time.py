"""per-kind reminder lead time

Revision ID: reminders1
Revises: 0002
Create Date: 2026-11-22 12:02:58.739259

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "reminders1"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HACKATHON_LEAD_MINUTES = 24 * 60
"""The seeded hackathon kind's lead (a day-long on-site event is announced the day before);
the value ``cadence.catalogue.DEFAULT_KINDS`` gives new workspaces, copied so this script never
changes when the catalogue does."""


def upgrade() -> None:
    """Upgrade schema."""
    # Autogenerate misses CHECK constraints, so this one is added by hand. Not in batch mode:
    # SQLite adds the column with ALTER TABLE ADD COLUMN, and a batch copy of the kinds table
    # would drop the original with foreign keys on (see downgrade).
    op.add_column(
        "touchpoint_kind",
        sa.Column(
            "reminder_lead_minutes",
            sa.Integer(),
            sa.CheckConstraint("reminder_lead_minutes >= 0", name="reminder_lead_nonnegative"),
            nullable=True,
        ),
    )
    # Existing workspaces get the lead that used to be hard-coded for the seeded hackathon kind.
    kinds = sa.table("touchpoint_kind", sa.column("key"), sa.column("reminder_lead_minutes"))
    op.execute(
        kinds.update()
        .where(kinds.c.key == "hackathon", kinds.c.reminder_lead_minutes.is_(None))
        .values(reminder_lead_minutes=HACKATHON_LEAD_MINUTES)
    )


def downgrade() -> None:
    """Downgrade schema."""
    # Not in batch mode: a batch copy of the kinds table drops the original with foreign keys
    # on, which deletes every like and dislike (kind_preference is ON DELETE CASCADE). SQLite
    # 3.35+ drops a column whose only CHECK constraint is its own in place.
    op.drop_column("touchpoint_kind", "reminder_lead_minutes")
