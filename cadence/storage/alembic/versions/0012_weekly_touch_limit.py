"""the most touches a week the plan may hold

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-23 22:30:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # NULL is no limit, as every workspace had before: plans stay as they were. Batch mode, as
    # the CHECK constraint lives on the table (ALTER TABLE ADD COLUMN cannot name it); the
    # settings table has no foreign keys either way, so its copy drops nothing else.
    with op.batch_alter_table("manager_settings") as batch_op:
        batch_op.add_column(sa.Column("weekly_touch_limit", sa.Integer(), nullable=True))
        batch_op.create_check_constraint("touch_limit_nonnegative", "weekly_touch_limit >= 0")


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("manager_settings") as batch_op:
        batch_op.drop_constraint("touch_limit_nonnegative", type_="check")
        batch_op.drop_column("weekly_touch_limit")
