"""Stakeholders: the people at client accounts, with their contact budget and preferences."""

from __future__ import annotations

from datetime import time
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cadence.budget import Budget
from cadence.models.base import Base, JSONList, str_enum
from cadence.vocabulary import Channel, Period

if TYPE_CHECKING:
    from cadence.models.account import Account
    from cadence.models.commitment import Commitment
    from cadence.models.interaction import Interaction
    from cadence.models.touchpoint import Touchpoint
    from cadence.models.touchpoint_kind import TouchpointKind

LIKE = "like"
DISLIKE = "dislike"


class KindPreference(Base):
    """A stakeholder's liking (``like``) or dislike (``dislike``) of one touchpoint kind."""

    __tablename__ = "kind_preference"
    __table_args__ = (CheckConstraint("attitude IN ('like', 'dislike')", name="attitude"),)

    stakeholder_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholder.id", ondelete="CASCADE"), primary_key=True
    )
    kind_id: Mapped[int] = mapped_column(
        ForeignKey("touchpoint_kind.id", ondelete="CASCADE"), primary_key=True
    )
    attitude: Mapped[str] = mapped_column(String(8))

    stakeholder: Mapped[Stakeholder] = relationship(back_populates="preferences")
    kind: Mapped[TouchpointKind] = relationship(lazy="joined")


class Stakeholder(Base):
    """A person at a client account.

    The contact budget is ``budget_max`` touches per ``budget_period`` with at least
    ``min_gap_days`` between touches and at most ``max_silence_days`` without one. Reachable
    hours are wall-clock times on ``reachable_days`` in the stakeholder's own ``timezone``.
    ``public_holidays`` says whose public holidays they are off on (``NULL``: the country of
    their zone; see :mod:`cadence.holiday_regions`).
    """

    __tablename__ = "stakeholder"
    __table_args__ = (
        CheckConstraint("importance BETWEEN 1 AND 5", name="importance_range"),
        CheckConstraint("budget_max >= 0", name="budget_nonnegative"),
        CheckConstraint("min_gap_days >= 0", name="min_gap_nonnegative"),
        CheckConstraint("max_silence_days > 0", name="max_silence_positive"),
        CheckConstraint("reachable_start < reachable_end", name="reachable_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(320), default="", index=True)
    phone: Mapped[str] = mapped_column(String(60), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    importance: Mapped[int] = mapped_column(default=3)
    interests: Mapped[list[str]] = mapped_column(JSONList, default=list)
    avoid_topics: Mapped[list[str]] = mapped_column(JSONList, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")

    budget_max: Mapped[int] = mapped_column(default=3)
    budget_period: Mapped[Period] = mapped_column(str_enum(Period), default=Period.QUARTER)
    min_gap_days: Mapped[int] = mapped_column(default=14)
    max_silence_days: Mapped[int] = mapped_column(default=90)

    channels: Mapped[list[str]] = mapped_column(
        JSONList, default=lambda: [Channel.EMAIL.value, Channel.VIDEO.value, Channel.PHONE.value]
    )
    reachable_days: Mapped[list[int]] = mapped_column(JSONList, default=lambda: [0, 1, 2, 3, 4])
    reachable_start: Mapped[time] = mapped_column(Time, default=time(9, 0))
    reachable_end: Mapped[time] = mapped_column(Time, default=time(17, 0))
    public_holidays: Mapped[str | None] = mapped_column(String(40))

    account: Mapped[Account] = relationship(back_populates="stakeholders")
    preferences: Mapped[list[KindPreference]] = relationship(
        back_populates="stakeholder", cascade="all, delete-orphan"
    )
    interactions: Mapped[list[Interaction]] = relationship(
        back_populates="stakeholder", cascade="all, delete-orphan", passive_deletes=True
    )
    commitments: Mapped[list[Commitment]] = relationship(
        back_populates="stakeholder", cascade="all, delete-orphan", passive_deletes=True
    )
    touchpoints: Mapped[list[Touchpoint]] = relationship(
        back_populates="stakeholder", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def budget(self) -> Budget:
        """The contact budget as a value object."""
        return Budget(self.budget_max, Period(self.budget_period))

    @budget.setter
    def budget(self, value: Budget) -> None:
        self.budget_max = value.max_touches
        self.budget_period = value.period

    @property
    def likes(self) -> list[TouchpointKind]:
        """Kinds this stakeholder likes, by key."""
        return sorted((p.kind for p in self.preferences if p.attitude == LIKE), key=_key)

    @property
    def dislikes(self) -> list[TouchpointKind]:
        """Kinds this stakeholder dislikes (never proposed), by key."""
        return sorted((p.kind for p in self.preferences if p.attitude == DISLIKE), key=_key)

    def set_attitudes(
        self, likes: list[TouchpointKind], dislikes: list[TouchpointKind]
    ) -> None:
        """Replace the likes and dislikes (a kind cannot be both)."""
        self.preferences = [KindPreference(kind=k, attitude=LIKE) for k in likes] + [
            KindPreference(kind=k, attitude=DISLIKE) for k in dislikes
        ]

    def __repr__(self) -> str:
        return f"Stakeholder(id={self.id!r}, name={self.name!r})"


def _key(kind: TouchpointKind) -> str:
    return kind.key
