"""The planner's result: proposed touchpoints with values and reasons, and warnings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class PlannedTouch:
    """One proposed touch. ``start``/``end`` are aware; ``timezone`` is the stakeholder's zone.

    ``kind`` is the kind's key; ``title`` what a person reads ("Invite to Cloud Cost Workshop",
    see :func:`cadence.touch_titles.touch_title`).
    """

    stakeholder_id: int
    stakeholder: str
    kind: str
    title: str
    channel: str
    start: datetime
    end: datetime
    timezone: str
    value: float
    reasons: tuple[str, ...]
    event_id: int | None = None
    commitment_id: int | None = None

    def as_json(self) -> dict[str, object]:
        """The touchpoint in the ``plan --json`` contract (times ISO 8601 with offset)."""
        return {
            "stakeholder_id": self.stakeholder_id,
            "stakeholder": self.stakeholder,
            "kind": self.kind,
            "title": self.title,
            "channel": self.channel,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "timezone": self.timezone,
            "value": self.value,
            "reasons": list(self.reasons),
            "event_id": self.event_id,
            "commitment_id": self.commitment_id,
        }


@dataclass(frozen=True)
class Plan:
    """A plan for ``weeks`` weeks from ``start``.

    ``objective`` is the plan's value (points, compared with doing nothing) and ``bound`` the
    optimiser's proven upper bound on it; ``status`` says how the plan was found (``optimal``,
    ``near-optimal`` (within 1 % of the bound), ``feasible``, ``cancelled`` or
    ``empty``).
    """

    start: date
    weeks: int
    touchpoints: tuple[PlannedTouch, ...]
    warnings: tuple[str, ...]
    objective: float
    bound: float
    status: str

    @property
    def gap(self) -> float:
        """The relative optimality gap (0.0 when proven optimal)."""
        return relative_gap(self.objective, self.bound)

    def as_json(self, ids: list[int] | None = None) -> dict[str, object]:
        """The ``plan --json`` contract; ``ids`` are the saved touchpoint ids, if saved."""
        touches = [t.as_json() for t in self.touchpoints]
        if ids is not None:
            for touch, ident in zip(touches, ids, strict=True):
                touch["id"] = ident
        return {
            "start": self.start.isoformat(),
            "weeks": self.weeks,
            "touchpoints": touches,
            "warnings": list(self.warnings),
            "objective": self.objective,
            "bound": self.bound,
            "status": self.status,
        }


def relative_gap(objective: float, bound: float) -> float:
    """How far ``objective`` may be below the best possible, as a share of the proven
    ``bound`` (0.0 when proven optimal or when there is nothing to gain)."""
    if bound <= 0:
        return 0.0
    return max(0.0, (bound - objective) / bound)
