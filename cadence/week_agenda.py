"""What a week looks like: touchpoints, accepted and suggested, beside the manager's imported
busy times, and how many touches it holds against the weekly touch limit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from cadence.calendars.busy import list_busy
from cadence.models import Interaction, Touchpoint
from cadence.settings import load_settings
from cadence.timezones import local_to_utc, zone
from cadence.touchpoints import list_touchpoints
from cadence.vocabulary import AGREED_STATUSES, TouchpointStatus
from cadence.wording import counted


class ItemKind(StrEnum):
    """What a week item is."""

    BUSY = "busy"
    TOUCH = "touch"
    """Accepted, or done."""
    SUGGESTION = "suggestion"
    """Proposed by the planner, not yet accepted."""


@dataclass(frozen=True, slots=True)
class WeekItem:
    """One block in the week: a busy time or a touchpoint (instants in UTC)."""

    kind: ItemKind
    starts_at: datetime
    ends_at: datetime
    title: str
    detail: str
    all_day: bool = False
    stakeholder_id: int | None = None
    touchpoint_id: int | None = None
    status: TouchpointStatus | None = None


_SHOWN = {
    TouchpointStatus.ACCEPTED: ItemKind.TOUCH,
    TouchpointStatus.DONE: ItemKind.TOUCH,
    TouchpointStatus.SUGGESTED: ItemKind.SUGGESTION,
}


def week_items(session: Session, start: datetime, end: datetime) -> list[WeekItem]:
    """Busy blocks, and accepted, done and suggested touchpoints, overlapping ``[start,
    end)``, by start (dismissed and snoozed ones are not in the week)."""
    items = [
        WeekItem(ItemKind.BUSY, block.starts_at, block.ends_at, block.summary or "Busy",
                 block.source, block.all_day)
        for block in list_busy(session, start, end)
    ]
    for touch in list_touchpoints(session, statuses=list(_SHOWN), start=start, end=end):
        detail = "; ".join([touch.status.value, touch.channel.value, *touch.reasons])
        done = "✓ " if touch.status is TouchpointStatus.DONE else ""
        items.append(WeekItem(_SHOWN[touch.status], touch.starts_at, touch.ends_at,
                              f"{done}{touch.stakeholder.name} · {touch.title}", detail, False,
                              touch.stakeholder_id, touch.id, touch.status))
    items.sort(key=lambda i: (i.starts_at, i.kind.value))
    return items


@dataclass(frozen=True, slots=True)
class WeekTouches:
    """A week's touches as the planner's weekly touch limit counts them.

    ``made``: logged interactions and accepted or done touchpoints (a done one once, with its
    interaction); ``suggested``: the plan's open suggestions; ``limit``: the manager's weekly
    touch limit, ``None`` without one.
    """

    made: int
    suggested: int
    limit: int | None

    @property
    def total(self) -> int:
        """Every touch of the week, suggestions included."""
        return self.made + self.suggested

    def summary(self) -> str:
        """The touches in words: "7 touches (2 suggested) of your 10 a week"."""
        text = counted(self.total, "touch", "touches")
        if self.suggested == self.total > 0:
            text = f"{self.total} suggested {text.split(' ', 1)[1]}"
        elif self.suggested:
            text += f" ({self.suggested} suggested)"
        if self.limit is not None:
            text += f" of your {self.limit} a week"
            if self.total > self.limit:
                text += f": {self.total - self.limit} over"
        return text


def week_touches(session: Session, start: datetime, end: datetime) -> WeekTouches:
    """The touches in ``[start, end)``: interactions by when they happened, touchpoints by
    their start."""
    logged = select(Interaction.touchpoint_id).where(Interaction.touchpoint_id.is_not(None))
    interactions = session.scalar(select(func.count(Interaction.id)).where(
        Interaction.occurred_at >= start, Interaction.occurred_at < end)) or 0

    def touchpoints(*conditions: ColumnElement[bool]) -> int:
        return session.scalar(select(func.count(Touchpoint.id)).where(
            Touchpoint.starts_at >= start, Touchpoint.starts_at < end, *conditions)) or 0

    agreed = touchpoints(Touchpoint.status.in_(AGREED_STATUSES), Touchpoint.id.not_in(logged))
    suggested = touchpoints(Touchpoint.status == TouchpointStatus.SUGGESTED)
    return WeekTouches(interactions + agreed, suggested,
                       load_settings(session).weekly_touch_limit)


def current_week(today: date) -> date:
    """The Monday of the week a manager means by "this week": this one, or the next once the
    weekend has begun (what the Week tab shows first, and where the app's plan starts)."""
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(days=7) if today.weekday() >= 5 else monday


def week_span(monday: date, zone_name: str) -> tuple[datetime, datetime]:
    """The week from ``monday``: its first and its last midnight in ``zone_name``, in UTC."""
    return (local_to_utc(monday, time(0), zone_name),
            local_to_utc(monday + timedelta(days=7), time(0), zone_name))


def touches_in_week_of(session: Session, instant: datetime) -> tuple[date, WeekTouches]:
    """The Monday (in the manager's zone) of the week holding ``instant``, and its touches."""
    manager_zone = load_settings(session).timezone
    day = instant.astimezone(zone(manager_zone)).date()
    monday = day - timedelta(days=day.weekday())
    return monday, week_touches(session, *week_span(monday, manager_zone))
