"""A count of the changes to what the planner plans from (one row)."""

from __future__ import annotations

from sqlalchemy import CheckConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cadence.models.base import Base


class PlanningRevision(Base):
    """How many times what the planner reads has changed: stakeholders, interactions,
    promises, events, kinds, settings, busy time, touches agreed.

    A saved plan keeps the number it was made at (:attr:`PlanRun.inputs_revision`); once the
    number has moved on, its suggestions and warnings may no longer fit the facts.
    :mod:`cadence.plan_freshness` counts.
    """

    __tablename__ = "planning_revision"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    number: Mapped[int] = mapped_column(default=0)
