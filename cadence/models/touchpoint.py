"""Touchpoints: planned or suggested touches, with their reasons and calendar identity."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, selectinload
from sqlalchemy.sql.base import ExecutableOption

from cadence.models.base import Base, JSONList, str_enum
from cadence.models.stakeholder import Stakeholder
from cadence.models.touchpoint_kind import TouchpointKind
from cadence.timezones import utcnow, zone
from cadence.touch_titles import is_invitation, touch_title
from cadence.vocabulary import Channel, TouchpointStatus

if TYPE_CHECKING:
    from cadence.models.commitment import Commitment
    from cadence.models.event import Event


#: The one reason a touch the user planned themselves gives (the planner's touches give theirs).
PLANNED_BY_YOU = "You planned this touch yourself."


def new_calendar_uid() -> str:
    """A globally unique, never reused calendar UID (RFC 5545 3.8.4.7)."""
    return f"{uuid.uuid4()}@cadence"


class Touchpoint(Base):
    """A planned touch with a stakeholder.

    ``uid`` is the stable calendar identity (it never changes, even when the touch moves).
    ``sequence`` is the RFC 5545 revision number of its entry as last written to a calendar,
    ``published_digest`` a digest of what that entry said and ``revised_at`` when it last
    changed: export raises the number whenever the entry it writes differs
    (:mod:`cadence.calendars.entry_revision`). ``timezone`` is the stakeholder's zone the
    slot was planned in.
    """

    __tablename__ = "touchpoint"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("sequence >= 0", name="sequence_nonnegative"),
        Index("ix_touchpoint_stakeholder_status", "stakeholder_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    stakeholder_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholder.id", ondelete="CASCADE"), index=True
    )
    # Indexed: the Kinds dialog counts each kind's uses, and a kind is removed only unused.
    kind_id: Mapped[int] = mapped_column(ForeignKey("touchpoint_kind.id", ondelete="RESTRICT"),
                                         index=True)
    channel: Mapped[Channel] = mapped_column(str_enum(Channel))
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    status: Mapped[TouchpointStatus] = mapped_column(
        str_enum(TouchpointStatus), default=TouchpointStatus.SUGGESTED, index=True
    )
    value: Mapped[float] = mapped_column(default=0.0)
    reasons: Mapped[list[str]] = mapped_column(JSONList, default=list)
    agenda: Mapped[str] = mapped_column(Text, default="")
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("event.id", ondelete="SET NULL"), default=None
    )
    commitment_id: Mapped[int | None] = mapped_column(
        ForeignKey("commitment.id", ondelete="SET NULL"), default=None
    )
    status_reason: Mapped[str] = mapped_column(Text, default="")
    snoozed_until: Mapped[datetime | None] = mapped_column(default=None)
    uid: Mapped[str] = mapped_column(String(120), unique=True, default=new_calendar_uid)
    sequence: Mapped[int] = mapped_column(default=0)
    exported_at: Mapped[datetime | None] = mapped_column(default=None)
    published_digest: Mapped[str | None] = mapped_column(String(64), default=None)
    revised_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    stakeholder: Mapped[Stakeholder] = relationship(back_populates="touchpoints")
    kind: Mapped[TouchpointKind] = relationship(lazy="joined")
    event: Mapped[Event | None] = relationship()
    commitment: Mapped[Commitment | None] = relationship()

    @property
    def local_start(self) -> datetime:
        """The start on the stakeholder's clock (the zone the touch was planned in)."""
        return self.starts_at.astimezone(zone(self.timezone))

    @property
    def planned_by_user(self) -> bool:
        """The user planned it, not the planner: it has no value score of its own."""
        return self.reasons == [PLANNED_BY_YOU]

    @property
    def invites_to_event(self) -> bool:
        """Whether this is the invitation to its event (see :func:`is_invitation`)."""
        return self.event is not None and is_invitation(self.ends_at, self.event.starts_at)

    @property
    def title(self) -> str:
        """What the touch is, as a person reads it (see :func:`touch_title`)."""
        return touch_title(
            self.kind.name, self.ends_at,
            event=(self.event.name, self.event.starts_at) if self.event else None,
            commitment_what=self.commitment.what if self.commitment else None,
        )

    @property
    def guest_title(self) -> str:
        """What the touch is, as the stakeholder reads it in an invitation sent to them."""
        return touch_title(
            self.kind.name, self.ends_at,
            event=(self.event.name, self.event.starts_at) if self.event else None,
            commitment_what=self.commitment.what if self.commitment else None, for_guest=True,
        )

    @property
    def calendar_summary(self) -> str:
        """A calendar entry's ``SUMMARY``: what the touch is and who it is with."""
        return f"{self.title} with {self.stakeholder.name} ({self.stakeholder.account.name})"

    def __repr__(self) -> str:
        return f"Touchpoint(id={self.id!r}, status={self.status!r}, at={self.starts_at!r})"



def calendar_loads() -> tuple[ExecutableOption, ...]:
    """Loader options for what a touchpoint's calendar entry shows: its title (event,
    promise) and its stakeholder and account, fetched with the touchpoints, not one by one."""
    return (
        selectinload(Touchpoint.stakeholder).selectinload(Stakeholder.account),
        selectinload(Touchpoint.event),
        selectinload(Touchpoint.commitment),
    )
