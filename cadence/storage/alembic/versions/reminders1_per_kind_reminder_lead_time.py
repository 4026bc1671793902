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
    # Autogenerate misses CHECK constraints; SQLite adds this one with ALTER TABLE ADD COLUMN
    # (no table copy, so the kinds' foreign keys are never touched).
    with op.batch_alter_table("touchpoint_kind", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "reminder_lead_minutes",
                sa.Integer(),
                sa.CheckConstraint("reminder_lead_minutes >= 0", name="reminder_lead_nonnegative"),
                nullable=True,
            )
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
    with op.batch_alter_table("touchpoint_kind", schema=None) as batch_op:
        batch_op.drop_column("reminder_lead_minutes")
