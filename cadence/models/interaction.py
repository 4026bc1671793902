"""Interactions: what actually happened with a stakeholder."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cadence.models.base import Base, str_enum
from cadence.models.touchpoint_kind import TouchpointKind
from cadence.timezones import zone
from cadence.vocabulary import Channel

if TYPE_CHECKING:
    from cadence.models.stakeholder import Stakeholder


class Interaction(Base):
    """A logged contact: when, with whom, what kind, over which channel, and how good it was."""

    __tablename__ = "interaction"
    __table_args__ = (
        CheckConstraint("quality IS NULL OR quality BETWEEN 1 AND 5", name="quality_range"),
        # "Last contact per stakeholder" is the hottest query of the stakeholder table.
        Index("ix_interaction_stakeholder_occurred", "stakeholder_id", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    stakeholder_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholder.id", ondelete="CASCADE"), index=True
    )
    occurred_at: Mapped[datetime] = mapped_column(index=True)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # Indexed: the Kinds dialog counts each kind's uses, and a kind is removed only unused.
    kind_id: Mapped[int] = mapped_column(ForeignKey("touchpoint_kind.id", ondelete="RESTRICT"),
                                         index=True)
    channel: Mapped[Channel] = mapped_column(str_enum(Channel))
    quality: Mapped[int | None] = mapped_column(default=None)
    notes: Mapped[str] = mapped_column(Text, default="")
    touchpoint_id: Mapped[int | None] = mapped_column(
        ForeignKey("touchpoint.id", ondelete="SET NULL"), default=None
    )

    stakeholder: Mapped[Stakeholder] = relationship(back_populates="interactions")
    kind: Mapped[TouchpointKind] = relationship(lazy="joined")

    @property
    def local_day(self) -> date:
        """The day it happened on the stakeholder's calendar (a UTC date can be a day off)."""
        return self.occurred_at.astimezone(zone(self.timezone)).date()

    def __repr__(self) -> str:
        return f"Interaction(id={self.id!r}, at={self.occurred_at!r})"
