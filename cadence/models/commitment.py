"""The commitments ledger: what was promised, to whom, by when, and whether it was kept."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cadence.models.base import Base, str_enum
from cadence.timezones import utcnow
from cadence.vocabulary import CommitmentStatus

if TYPE_CHECKING:
    from cadence.models.stakeholder import Stakeholder


class Commitment(Base):
    """A promise to a stakeholder. ``due_on`` and ``delivered_on`` are calendar dates.

    ``due_on`` is the date now agreed. A promise whose date was moved keeps the date first
    promised in ``first_due_on``, and, if it was moved only after a due date had passed,
    the first such date in ``missed_due_on``: that deadline was missed whatever comes after.
    """

    __tablename__ = "commitment"
    __table_args__ = (
        CheckConstraint("effort_hours >= 0", name="effort_nonnegative"),
        CheckConstraint(
            "(status = 'delivered') = (delivered_on IS NOT NULL)", name="delivered_has_date"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    stakeholder_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholder.id", ondelete="CASCADE"), index=True
    )
    what: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date] = mapped_column(index=True)
    status: Mapped[CommitmentStatus] = mapped_column(
        str_enum(CommitmentStatus), default=CommitmentStatus.OPEN
    )
    delivered_on: Mapped[date | None] = mapped_column(default=None)
    effort_hours: Mapped[float] = mapped_column(default=2.0)
    first_due_on: Mapped[date | None] = mapped_column(default=None)
    missed_due_on: Mapped[date | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    notes: Mapped[str] = mapped_column(Text, default="")

    stakeholder: Mapped[Stakeholder] = relationship(back_populates="commitments")

    def __repr__(self) -> str:
        return f"Commitment(id={self.id!r}, due={self.due_on!r}, status={self.status!r})"
