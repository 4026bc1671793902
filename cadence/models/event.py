"""Dated events with seats (a hackathon, a workshop) that stakeholders can be invited to."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cadence.models.base import Base, JSONList
from cadence.models.touchpoint_kind import TouchpointKind


class Event(Base):
    """A dated opportunity with a number of seats and the topics it is about."""

    __tablename__ = "event"
    __table_args__ = (
        CheckConstraint("seats >= 0", name="seats_nonnegative"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("invite_lead_days >= 0", name="lead_nonnegative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    location: Mapped[str] = mapped_column(String(300), default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    seats: Mapped[int]
    topics: Mapped[list[str]] = mapped_column(JSONList, default=list)
    kind_id: Mapped[int] = mapped_column(ForeignKey("touchpoint_kind.id", ondelete="RESTRICT"))
    invite_lead_days: Mapped[int] = mapped_column(default=14)
    notes: Mapped[str] = mapped_column(Text, default="")

    kind: Mapped[TouchpointKind] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"Event(id={self.id!r}, name={self.name!r})"
