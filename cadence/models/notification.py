"""Notifications: reminders that have fired, kept so none fires twice and all can be reviewed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cadence.models.base import Base
from cadence.timezones import utcnow


class Notification(Base):
    """A fired reminder. ``key`` names the reminder (e.g. ``touchpoint:12:lead``) and is unique."""

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    due_at: Mapped[datetime]
    fired_at: Mapped[datetime] = mapped_column(default=utcnow)
    state: Mapped[str] = mapped_column(String(20), default="unread")
    touchpoint_id: Mapped[int | None] = mapped_column(
        ForeignKey("touchpoint.id", ondelete="SET NULL"), default=None
    )
    commitment_id: Mapped[int | None] = mapped_column(
        ForeignKey("commitment.id", ondelete="SET NULL"), default=None
    )
