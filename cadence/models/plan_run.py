"""The last saved plan's summary: what only the planner knew about the suggestions it made."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from cadence.models.base import Base, JSONList


class PlanRun(Base):
    """When a plan was made, for which weeks, how good it was and what it could not do.

    The suggestions themselves are touchpoints; this row keeps the plan's warnings and figures
    so that they can be shown again after a restart. Saving a plan replaces it.
    """

    __tablename__ = "plan_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    made_at: Mapped[datetime]
    start_on: Mapped[date]
    weeks: Mapped[int]
    status: Mapped[str] = mapped_column(String(20))
    objective: Mapped[float]
    bound: Mapped[float]
    warnings: Mapped[list[str]] = mapped_column(JSONList, default=list)
    # The PlanningRevision number the plan was made at (None: saved before it was counted).
    inputs_revision: Mapped[int | None] = mapped_column(default=None)

    def __repr__(self) -> str:
        return f"PlanRun(id={self.id!r}, made_at={self.made_at!r}, weeks={self.weeks!r})"
