"""The catalogue of touchpoint kinds: what a touch is, what it is worth and what it costs."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cadence.models.base import Base, str_enum
from cadence.vocabulary import Channel, KindPurpose


class TouchpointKind(Base):
    """A kind of touch (hackathon invite, business review, coffee, ...), editable by the user.

    ``value`` and ``pressure`` are on a 0-10 scale; ``pressure`` is the social obligation the
    touch puts on the client. ``prep_minutes`` is the manager's preparation effort.
    ``reminder_lead_minutes`` is how long before a touch of this kind the manager is reminded;
    ``None`` means the workspace setting (lengthened to ``prep_minutes``).
    """

    __tablename__ = "touchpoint_kind"
    __table_args__ = (
        CheckConstraint("value BETWEEN 0 AND 10", name="value_range"),
        CheckConstraint("pressure BETWEEN 0 AND 10", name="pressure_range"),
        CheckConstraint("duration_minutes > 0", name="duration_positive"),
        CheckConstraint("prep_minutes >= 0", name="prep_nonnegative"),
        CheckConstraint("reminder_lead_minutes >= 0", name="reminder_lead_nonnegative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    value: Mapped[int]
    pressure: Mapped[int]
    duration_minutes: Mapped[int]
    prep_minutes: Mapped[int] = mapped_column(default=0)
    channel: Mapped[Channel] = mapped_column(str_enum(Channel))
    purpose: Mapped[KindPurpose] = mapped_column(str_enum(KindPurpose))
    description: Mapped[str] = mapped_column(Text, default="")
    reminder_lead_minutes: Mapped[int | None]

    def __repr__(self) -> str:
        return f"TouchpointKind(key={self.key!r})"
