"""The stakeholder overview: one summary row per person, aggregated in SQL in a few queries.

This is the read model behind the app's stakeholder table and dashboard. It never loads
interactions or commitments as objects, so 5,000 people with 100,000 interactions summarise in
a handful of grouped queries.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, false, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from cadence.budget import Budget, period_label, period_window_utc
from cadence.commitments import OnTimeRate
from cadence.models import Account, Commitment, Interaction, Stakeholder, Touchpoint
from cadence.models.base import UTCDateTime
from cadence.timezones import days_between, today_in
from cadence.vocabulary import CommitmentStatus, Period, TouchpointStatus

#: An interaction rated below this (1-5) was a contact, but not a quality one. Unrated
#: interactions count as quality contacts: most people never rate their coffee.
QUALITY_THRESHOLD = 3


def is_late(status: CommitmentStatus, due_on: date, today: date) -> bool:
    """A commitment is late while it is open after its due date (the SQL below agrees)."""
    return status is CommitmentStatus.OPEN and due_on < today


@dataclass(frozen=True, slots=True)
class StakeholderSummary:
    """What a manager scans about one stakeholder, as plain values."""

    id: int
    name: str
    account_id: int
    account: str
    role: str
    importance: int
    timezone: str
    budget: Budget
    max_silence_days: int
    used_this_period: int
    planned_this_period: int
    last_quality_at: datetime | None
    days_since_quality: int | None
    next_accepted_at: datetime | None
    next_suggested_at: datetime | None
    open_commitments: int
    late_commitments: int
    on_time: OnTimeRate

    @property
    def budget_text(self) -> str:
        """``2/3 this quarter``: touches logged this period out of the budget."""
        used, limit = self.used_this_period, self.budget.max_touches
        return f"{used}/{limit} {period_label(self.budget.period)}"

    @property
    def over_budget(self) -> bool:
        """More touches logged this period than the budget allows."""
        return self.used_this_period > self.budget.max_touches

    @property
    def silence_overdue(self) -> bool:
        """The maximum silence has run out (or there never was a quality contact)."""
        return self.days_since_quality is None or self.days_since_quality > self.max_silence_days

    @property
    def coldness(self) -> float:
        """Days of silence as a share of the maximum silence (1.0 = due now)."""
        if self.days_since_quality is None:
            return float("inf")
        return self.days_since_quality / max(1, self.max_silence_days)

    @property
    def next_touch_at(self) -> datetime | None:
        """The next accepted touch, else the next suggested one."""
        return self.next_accepted_at or self.next_suggested_at


def stakeholder_summaries(
    session: Session, now: datetime, manager_zone: str, ids: Iterable[int] | None = None
) -> list[StakeholderSummary]:
    """Summaries of every stakeholder (or of ``ids``), by account then name.

    Args:
        session: An open session.
        now: The current instant (aware).
        manager_zone: The manager's zone; "today" for due dates is taken there.
        ids: Restrict to these stakeholders (to refresh a few rows after a change).
    """
    wanted = None if ids is None else sorted(set(ids))
    if wanted is not None and not wanted:
        return []
    base = (
        select(
            Stakeholder.id, Stakeholder.name, Stakeholder.role, Stakeholder.importance,
            Stakeholder.timezone, Stakeholder.budget_max, Stakeholder.budget_period,
            Stakeholder.max_silence_days, Account.id, Account.name,
        )
        .join(Stakeholder.account)
        .order_by(Account.name, Stakeholder.name)
    )
    if wanted is not None:
        base = base.where(Stakeholder.id.in_(wanted))
    people = session.execute(base).all()
    windows = _period_windows({(Period(p.budget_period), p.timezone) for p in people}, now)
    facts = _interaction_facts(session, windows, wanted)
    planned = _count_in_windows(
        session, Touchpoint.stakeholder_id, Touchpoint.starts_at, windows, wanted,
        Touchpoint.status == TouchpointStatus.ACCEPTED, Touchpoint.starts_at >= now,
    )
    upcoming = _next_touches(session, now, wanted)
    ledger = _commitment_counts(session, today_in(manager_zone, now), wanted)
    out = []
    for row in people:
        (sid, name, role, importance, zone_name, budget_max, period, silence,
         account_id, account) = row
        last_at, used = facts.get(sid, (None, 0))
        accepted, suggested = upcoming.get(sid, (None, None))
        open_, late, on_time, due = ledger.get(sid, (0, 0, 0, 0))
        out.append(StakeholderSummary(
            id=sid, name=name, account_id=account_id, account=account, role=role,
            importance=importance, timezone=zone_name,
            budget=Budget(budget_max, Period(period)), max_silence_days=silence,
            used_this_period=used, planned_this_period=planned.get(sid, 0),
            last_quality_at=last_at,
            days_since_quality=None if last_at is None else int(days_between(last_at, now)),
            next_accepted_at=accepted, next_suggested_at=suggested,
            open_commitments=open_, late_commitments=late, on_time=OnTimeRate(on_time, due),
        ))
    return out


Window = tuple[Period, str, datetime, datetime]


def _period_windows(combos: Iterable[tuple[Period, str]], now: datetime) -> list[Window]:
    return [(period, zone_name, *period_window_utc(period, now, zone_name))
            for period, zone_name in sorted(combos)]


def _in_window(instant: Any, windows: Sequence[Window]) -> ColumnElement[bool]:
    """``instant`` lies in the current period of the row's stakeholder (joined)."""
    return or_(false(), *(
        and_(Stakeholder.budget_period == period, Stakeholder.timezone == zone_name,
             instant >= start, instant < end)
        for period, zone_name, start, end in windows
    ))


def _interaction_facts(
    session: Session, windows: Sequence[Window], wanted: list[int] | None
) -> dict[int, tuple[datetime | None, int]]:
    """Per stakeholder, in one scan: the last quality contact and the touches this period."""
    quality = or_(Interaction.quality.is_(None), Interaction.quality >= QUALITY_THRESHOLD)
    last = type_coerce(func.max(case((quality, Interaction.occurred_at))), UTCDateTime())
    used = func.sum(case((_in_window(Interaction.occurred_at, windows), 1), else_=0))
    query = (
        select(Interaction.stakeholder_id, last, used)
        .join(Stakeholder, Stakeholder.id == Interaction.stakeholder_id)
        .group_by(Interaction.stakeholder_id)
    )
    if wanted is not None:
        query = query.where(Interaction.stakeholder_id.in_(wanted))
    return {row[0]: (row[1], int(row[2] or 0)) for row in session.execute(query)}


def _count_in_windows(
    session: Session,
    owner: Any,
    instant: Any,
    windows: Sequence[Window],
    wanted: list[int] | None,
    *conditions: ColumnElement[bool],
) -> dict[int, int]:
    """Rows per stakeholder whose ``instant`` lies in that stakeholder's current period.

    The periods differ per (period, zone) pair, so each pair contributes one range condition
    and the whole count is still one grouped scan.
    """
    if not windows:
        return {}
    query = (
        select(owner, func.count())
        .join(Stakeholder, Stakeholder.id == owner)
        .where(_in_window(instant, windows), *conditions)
        .group_by(owner)
    )
    if wanted is not None:
        query = query.where(owner.in_(wanted))
    return {row[0]: row[1] for row in session.execute(query)}


def _next_touches(
    session: Session, now: datetime, wanted: list[int] | None
) -> dict[int, tuple[datetime | None, datetime | None]]:
    def first(status: TouchpointStatus) -> Any:
        return func.min(case((Touchpoint.status == status, Touchpoint.starts_at)))

    query = (
        select(Touchpoint.stakeholder_id, first(TouchpointStatus.ACCEPTED),
               first(TouchpointStatus.SUGGESTED))
        .where(Touchpoint.starts_at >= now)
        .group_by(Touchpoint.stakeholder_id)
    )
    if wanted is not None:
        query = query.where(Touchpoint.stakeholder_id.in_(wanted))
    return {sid: (accepted, suggested) for sid, accepted, suggested in session.execute(query)}


def _commitment_counts(
    session: Session, today: date, wanted: list[int] | None
) -> dict[int, tuple[int, int, int, int]]:
    """Per stakeholder: open, late (open and past due), kept on time, come due.

    The last two follow :func:`cadence.commitments.on_time_rate` exactly.
    """
    is_open = Commitment.status == CommitmentStatus.OPEN
    delivered = Commitment.status == CommitmentStatus.DELIVERED
    late = and_(is_open, Commitment.due_on < today)
    missed = Commitment.missed_due_on.is_not(None)

    def total(condition: ColumnElement[bool]) -> Any:
        return func.sum(case((condition, 1), else_=0))

    query = select(
        Commitment.stakeholder_id,
        total(is_open),
        total(late),
        total(and_(delivered, ~missed, Commitment.delivered_on <= Commitment.due_on)),
        total(or_(delivered, Commitment.status == CommitmentStatus.DROPPED, late,
                  and_(is_open, missed))),
    ).group_by(Commitment.stakeholder_id)
    if wanted is not None:
        query = query.where(Commitment.stakeholder_id.in_(wanted))
    return {row[0]: (int(row[1]), int(row[2]), int(row[3]), int(row[4]))
            for row in session.execute(query)}
