"""Accounts: the client organisations a manager looks after."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cadence.models.base import Base

if TYPE_CHECKING:
    from cadence.models.stakeholder import Stakeholder


class Account(Base):
    """A client organisation (tier 1 is the most important)."""

    __tablename__ = "account"
    __table_args__ = (CheckConstraint("tier BETWEEN 1 AND 3", name="tier_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    tier: Mapped[int] = mapped_column(default=2)
    notes: Mapped[str] = mapped_column(Text, default="")

    stakeholders: Mapped[list[Stakeholder]] = relationship(
        back_populates="account", cascade="all, delete-orphan", order_by="Stakeholder.name"
    )

    def __repr__(self) -> str:
        return f"Account(id={self.id!r}, name={self.name!r})"
