"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22 11:31:45.535594

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("tier", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.CheckConstraint("tier BETWEEN 1 AND 3", name=op.f("ck_account_tier_range")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account")),
        sa.UniqueConstraint("name", name=op.f("uq_account_name")),
    )
    op.create_table(
        "busy_block",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("uid", sa.String(length=500), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("all_day", sa.Boolean(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_busy_block_ends_after_start")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_busy_block")),
    )
    with op.batch_alter_table("busy_block", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_busy_block_source"), ["source"], unique=False)
        batch_op.create_index(batch_op.f("ix_busy_block_starts_at"), ["starts_at"], unique=False)

    op.create_table(
        "manager_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("work_days", sa.Text(), nullable=False),
        sa.Column("work_start", sa.Time(), nullable=False),
        sa.Column("work_end", sa.Time(), nullable=False),
        sa.Column("weekly_capacity_hours", sa.Double(), nullable=False),
        sa.Column("alarm_minutes", sa.Integer(), nullable=True),
        sa.Column("reminder_lead_minutes", sa.Integer(), nullable=False),
        sa.Column("event_invite_lead_days", sa.Integer(), nullable=False),
        sa.Column("subscription_path", sa.Text(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_manager_settings_single_row")),
        sa.CheckConstraint(
            "weekly_capacity_hours >= 0", name=op.f("ck_manager_settings_capacity_nonnegative")
        ),
        sa.CheckConstraint(
            "work_start < work_end", name=op.f("ck_manager_settings_work_hours_order")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_manager_settings")),
    )
    op.create_table(
        "touchpoint_kind",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("pressure", sa.Integer(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("prep_minutes", sa.Integer(), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "email",
                "phone",
                "video",
                "in-person",
                "im",
                name="channel",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "purpose",
            sa.Enum(
                "event-invite",
                "review",
                "proposal",
                "status-update",
                "keep-warm",
                "social",
                name="kindpurpose",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "duration_minutes > 0", name=op.f("ck_touchpoint_kind_duration_positive")
        ),
        sa.CheckConstraint("prep_minutes >= 0", name=op.f("ck_touchpoint_kind_prep_nonnegative")),
        sa.CheckConstraint(
            "pressure BETWEEN 0 AND 10", name=op.f("ck_touchpoint_kind_pressure_range")
        ),
        sa.CheckConstraint("value BETWEEN 0 AND 10", name=op.f("ck_touchpoint_kind_value_range")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_touchpoint_kind")),
        sa.UniqueConstraint("key", name=op.f("uq_touchpoint_kind_key")),
    )
    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("location", sa.String(length=300), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("topics", sa.Text(), nullable=False),
        sa.Column("kind_id", sa.Integer(), nullable=False),
        sa.Column("invite_lead_days", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_event_ends_after_start")),
        sa.CheckConstraint("invite_lead_days >= 0", name=op.f("ck_event_lead_nonnegative")),
        sa.CheckConstraint("seats >= 0", name=op.f("ck_event_seats_nonnegative")),
        sa.ForeignKeyConstraint(
            ["kind_id"],
            ["touchpoint_kind.id"],
            name=op.f("fk_event_kind_id_touchpoint_kind"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event")),
    )
    op.create_table(
        "stakeholder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("phone", sa.String(length=60), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("importance", sa.Integer(), nullable=False),
        sa.Column("interests", sa.Text(), nullable=False),
        sa.Column("avoid_topics", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("budget_max", sa.Integer(), nullable=False),
        sa.Column(
            "budget_period",
            sa.Enum(
                "week", "month", "quarter", "year", name="period", native_enum=False, length=24
            ),
            nullable=False,
        ),
        sa.Column("min_gap_days", sa.Integer(), nullable=False),
        sa.Column("max_silence_days", sa.Integer(), nullable=False),
        sa.Column("channels", sa.Text(), nullable=False),
        sa.Column("reachable_days", sa.Text(), nullable=False),
        sa.Column("reachable_start", sa.Time(), nullable=False),
        sa.Column("reachable_end", sa.Time(), nullable=False),
        sa.CheckConstraint("budget_max >= 0", name=op.f("ck_stakeholder_budget_nonnegative")),
        sa.CheckConstraint(
            "importance BETWEEN 1 AND 5", name=op.f("ck_stakeholder_importance_range")
        ),
        sa.CheckConstraint(
            "max_silence_days > 0", name=op.f("ck_stakeholder_max_silence_positive")
        ),
        sa.CheckConstraint("min_gap_days >= 0", name=op.f("ck_stakeholder_min_gap_nonnegative")),
        sa.CheckConstraint(
            "reachable_start < reachable_end", name=op.f("ck_stakeholder_reachable_order")
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_stakeholder_account_id_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stakeholder")),
    )
    with op.batch_alter_table("stakeholder", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stakeholder_email"), ["email"], unique=False)
        batch_op.create_index(batch_op.f("ix_stakeholder_name"), ["name"], unique=False)

    op.create_table(
        "commitment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stakeholder_id", sa.Integer(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "delivered",
                "dropped",
                name="commitmentstatus",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("delivered_on", sa.Date(), nullable=True),
        sa.Column("effort_hours", sa.Double(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "(status = 'delivered') = (delivered_on IS NOT NULL)",
            name=op.f("ck_commitment_delivered_has_date"),
        ),
        sa.CheckConstraint("effort_hours >= 0", name=op.f("ck_commitment_effort_nonnegative")),
        sa.ForeignKeyConstraint(
            ["stakeholder_id"],
            ["stakeholder.id"],
            name=op.f("fk_commitment_stakeholder_id_stakeholder"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment")),
    )
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_commitment_due_on"), ["due_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_commitment_stakeholder_id"), ["stakeholder_id"], unique=False
        )

    op.create_table(
        "kind_preference",
        sa.Column("stakeholder_id", sa.Integer(), nullable=False),
        sa.Column("kind_id", sa.Integer(), nullable=False),
        sa.Column("attitude", sa.String(length=8), nullable=False),
        sa.CheckConstraint(
            "attitude IN ('like', 'dislike')", name=op.f("ck_kind_preference_attitude")
        ),
        sa.ForeignKeyConstraint(
            ["kind_id"],
            ["touchpoint_kind.id"],
            name=op.f("fk_kind_preference_kind_id_touchpoint_kind"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["stakeholder_id"],
            ["stakeholder.id"],
            name=op.f("fk_kind_preference_stakeholder_id_stakeholder"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("stakeholder_id", "kind_id", name=op.f("pk_kind_preference")),
    )
    op.create_table(
        "touchpoint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stakeholder_id", sa.Integer(), nullable=False),
        sa.Column("kind_id", sa.Integer(), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "email",
                "phone",
                "video",
                "in-person",
                "im",
                name="channel",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "suggested",
                "accepted",
                "dismissed",
                "snoozed",
                "done",
                name="touchpointstatus",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("agenda", sa.Text(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("commitment_id", sa.Integer(), nullable=True),
        sa.Column("status_reason", sa.Text(), nullable=False),
        sa.Column("snoozed_until", sa.DateTime(), nullable=True),
        sa.Column("uid", sa.String(length=120), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("exported_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_touchpoint_ends_after_start")),
        sa.CheckConstraint("sequence >= 0", name=op.f("ck_touchpoint_sequence_nonnegative")),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitment.id"],
            name=op.f("fk_touchpoint_commitment_id_commitment"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_touchpoint_event_id_event"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["kind_id"],
            ["touchpoint_kind.id"],
            name=op.f("fk_touchpoint_kind_id_touchpoint_kind"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["stakeholder_id"],
            ["stakeholder.id"],
            name=op.f("fk_touchpoint_stakeholder_id_stakeholder"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_touchpoint")),
        sa.UniqueConstraint("uid", name=op.f("uq_touchpoint_uid")),
    )
    with op.batch_alter_table("touchpoint", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_touchpoint_stakeholder_id"), ["stakeholder_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_touchpoint_starts_at"), ["starts_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_touchpoint_status"), ["status"], unique=False)

    op.create_table(
        "interaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stakeholder_id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("kind_id", sa.Integer(), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "email",
                "phone",
                "video",
                "in-person",
                "im",
                name="channel",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("quality", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("touchpoint_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "quality IS NULL OR quality BETWEEN 1 AND 5", name=op.f("ck_interaction_quality_range")
        ),
        sa.ForeignKeyConstraint(
            ["kind_id"],
            ["touchpoint_kind.id"],
            name=op.f("fk_interaction_kind_id_touchpoint_kind"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["stakeholder_id"],
            ["stakeholder.id"],
            name=op.f("fk_interaction_stakeholder_id_stakeholder"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["touchpoint_id"],
            ["touchpoint.id"],
            name=op.f("fk_interaction_touchpoint_id_touchpoint"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interaction")),
    )
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_interaction_occurred_at"), ["occurred_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_interaction_stakeholder_id"), ["stakeholder_id"], unique=False
        )

    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("fired_at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("touchpoint_id", sa.Integer(), nullable=True),
        sa.Column("commitment_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitment.id"],
            name=op.f("fk_notification_commitment_id_commitment"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["touchpoint_id"],
            ["touchpoint.id"],
            name=op.f("fk_notification_touchpoint_id_touchpoint"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification")),
        sa.UniqueConstraint("key", name=op.f("uq_notification_key")),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("notification")
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interaction_stakeholder_id"))
        batch_op.drop_index(batch_op.f("ix_interaction_occurred_at"))

    op.drop_table("interaction")
    with op.batch_alter_table("touchpoint", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_touchpoint_status"))
        batch_op.drop_index(batch_op.f("ix_touchpoint_starts_at"))
        batch_op.drop_index(batch_op.f("ix_touchpoint_stakeholder_id"))

    op.drop_table("touchpoint")
    op.drop_table("kind_preference")
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitment_stakeholder_id"))
        batch_op.drop_index(batch_op.f("ix_commitment_due_on"))

    op.drop_table("commitment")
    with op.batch_alter_table("stakeholder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stakeholder_name"))
        batch_op.drop_index(batch_op.f("ix_stakeholder_email"))

    op.drop_table("stakeholder")
    op.drop_table("event")
    op.drop_table("touchpoint_kind")
    op.drop_table("manager_settings")
    with op.batch_alter_table("busy_block", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_busy_block_starts_at"))
        batch_op.drop_index(batch_op.f("ix_busy_block_source"))

    op.drop_table("busy_block")
    op.drop_table("account")
