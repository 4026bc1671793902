"""Build the planning snapshot from the database."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from cadence.calendars.busy import list_busy
from cadence.holiday_regions import holiday_region
from cadence.models import (
    Commitment,
    Event,
    Interaction,
    ManagerSettings,
    Stakeholder,
    Touchpoint,
    TouchpointKind,
)
from cadence.planner.snapshot import (
    EventOffer,
    FixedTouch,
    Interval,
    Kind,
    Manager,
    OpenCommitment,
    PastTouch,
    Person,
    Snapshot,
)
from cadence.settings import load_settings
from cadence.timezones import ensure_utc, start_of_day_utc
from cadence.vocabulary import AGREED_STATUSES, CommitmentStatus, KindPurpose, TouchpointStatus

# A suggestion the user dismissed is not proposed again while its slot is this recent: the
# same kind to the same person would only come back on the next re-plan otherwise.
DECLINED_FOR = timedelta(days=30)


@dataclass(frozen=True)
class PlanningInputs:
    """What a plan is made from: the snapshot the planner reads, and the open suggestions a
    save replaces (id, last change). Equal inputs when the plan is saved mean nothing it
    depends on changed while it was being made."""

    snapshot: Snapshot
    open_suggestions: tuple[tuple[int, datetime], ...]


def planning_inputs(session: Session, now: datetime) -> PlanningInputs:
    """The :class:`PlanningInputs` of the workspace in ``session`` as of ``now``."""
    rows = session.execute(
        select(Touchpoint.id, Touchpoint.updated_at)
        .where(Touchpoint.status.in_((TouchpointStatus.SUGGESTED, TouchpointStatus.SNOOZED)))
        .order_by(Touchpoint.id))
    return PlanningInputs(load_snapshot(session, now),
                          tuple((row.id, row.updated_at) for row in rows))


def load_snapshot(session: Session, now: datetime) -> Snapshot:
    """Everything the planner needs, read in a handful of queries, as of ``now``."""
    now = ensure_utc(now)
    manager = manager_from(load_settings(session))
    kinds = tuple(kind_from(k) for k in session.scalars(
        select(TouchpointKind).order_by(TouchpointKind.key)))
    fixed_rows = list(session.scalars(
        select(Touchpoint).where(Touchpoint.status.in_(AGREED_STATUSES)).order_by(Touchpoint.id)
    ))
    touches = _touches(session, fixed_rows)
    declined = _declined(session, now)
    quiet = _snoozed_until(session, now)
    people = tuple(person_from(s, touches[s.id], declined[s.id], quiet.get(s.id))
                   for s in session.scalars(
        select(Stakeholder).options(selectinload(Stakeholder.preferences),
                                    selectinload(Stakeholder.account))
        .order_by(Stakeholder.id)
    ))
    zones = {p.id: p.zone for p in people}
    commitments = tuple(
        OpenCommitment(c.id, c.stakeholder_id, c.what,
                       start_of_day_utc(c.due_on, zones[c.stakeholder_id]), c.due_on.isoformat(),
                       c.effort_hours, c.first_due_on.isoformat() if c.first_due_on else None)
        for c in session.scalars(select(Commitment).where(
            Commitment.status == CommitmentStatus.OPEN).order_by(Commitment.due_on, Commitment.id))
    )
    fixed = tuple(
        FixedTouch(t.stakeholder_id, t.starts_at, t.ends_at, t.kind.key, t.event_id,
                   _closed_promise(t))
        for t in fixed_rows if t.status is TouchpointStatus.ACCEPTED and t.ends_at > now
    )
    return Snapshot(
        now=now, manager=manager, kinds=kinds, people=people, commitments=commitments,
        events=_events(session, now, fixed_rows),
        busy=tuple(Interval(b.starts_at, b.ends_at) for b in list_busy(session, now)),
        fixed=fixed,
    )


def _touches(session: Session, fixed_rows: list[Touchpoint]) -> dict[int, list[PastTouch]]:
    """Logged interactions plus accepted or done touchpoints (done ones once, not twice)."""
    touches: dict[int, list[PastTouch]] = defaultdict(list)
    logged: set[int] = set()
    # Columns, not ORM objects: a workspace's whole history is read on every plan, and building
    # 100,000 Interaction objects took 5 s where these rows take a tenth of that.
    rows = session.execute(
        select(Interaction.stakeholder_id, Interaction.occurred_at, TouchpointKind.key,
               Interaction.touchpoint_id)
        .join(TouchpointKind, Interaction.kind_id == TouchpointKind.id)
        .order_by(Interaction.occurred_at, Interaction.id))
    for stakeholder_id, occurred_at, kind_key, touchpoint_id in rows:
        touches[stakeholder_id].append(PastTouch(occurred_at, kind_key))
        if touchpoint_id is not None:
            logged.add(touchpoint_id)
    for touchpoint in fixed_rows:
        if touchpoint.id not in logged:
            touches[touchpoint.stakeholder_id].append(
                PastTouch(touchpoint.starts_at, touchpoint.kind.key))
    return touches


def _closed_promise(touchpoint: Touchpoint) -> str | None:
    """What the promise ``touchpoint`` reports on says, if it is no longer open."""
    promise = touchpoint.commitment
    if promise is None or promise.status is CommitmentStatus.OPEN:
        return None
    return promise.what


def _declined(session: Session, now: datetime) -> dict[int, set[str]]:
    """Kinds per stakeholder whose suggestion was dismissed for a recent or coming slot."""
    declined: dict[int, set[str]] = defaultdict(set)
    rows = session.execute(
        select(Touchpoint.stakeholder_id, TouchpointKind.key)
        .join(TouchpointKind, Touchpoint.kind_id == TouchpointKind.id)
        .where(Touchpoint.status == TouchpointStatus.DISMISSED,
               Touchpoint.starts_at >= now - DECLINED_FOR)
    )
    for stakeholder_id, key in rows:
        declined[stakeholder_id].add(key)
    return declined


def _snoozed_until(session: Session, now: datetime) -> dict[int, datetime]:
    """Per stakeholder, the end of the latest snooze still running.

    Snoozing a suggestion means "not now" for that relationship, so a re-plan must not offer
    the same person another touch meanwhile.
    """
    rows = session.execute(
        select(Touchpoint.stakeholder_id, func.max(Touchpoint.snoozed_until))
        .where(Touchpoint.status == TouchpointStatus.SNOOZED, Touchpoint.snoozed_until > now)
        .group_by(Touchpoint.stakeholder_id)
    )
    return {stakeholder_id: ensure_utc(until) for stakeholder_id, until in rows if until}


def kind_from(kind: TouchpointKind) -> Kind:
    """The planner's view of a catalogue kind."""
    return Kind(kind.key, kind.name, kind.value, kind.pressure, kind.duration_minutes,
                kind.prep_minutes, kind.channel.value, KindPurpose(kind.purpose))


def manager_from(settings: ManagerSettings) -> Manager:
    """The planner's view of the manager's settings."""
    return Manager(
        zone=settings.timezone, work_days=frozenset(settings.work_days),
        work_start=settings.work_start, work_end=settings.work_end,
        weekly_capacity_hours=settings.weekly_capacity_hours,
        holiday_region=holiday_region(settings.public_holidays, settings.timezone),
        weekly_touch_limit=settings.weekly_touch_limit,
    )


def person_from(
    stakeholder: Stakeholder, touches: list[PastTouch] | None = None,
    declined: set[str] | None = None, quiet_until: datetime | None = None,
) -> Person:
    """The planner's view of a stakeholder, with the touches that count for them.

    Kinds in ``declined`` (recently dismissed suggestions) are left out like dislikes;
    ``quiet_until`` is the end of a running snooze (see :attr:`Person.quiet_until`).
    """
    return Person(
        id=stakeholder.id, name=stakeholder.name, account=stakeholder.account.name,
        tier=stakeholder.account.tier, zone=stakeholder.timezone,
        importance=stakeholder.importance, budget_max=stakeholder.budget_max,
        budget_period=stakeholder.budget.period, min_gap_days=stakeholder.min_gap_days,
        max_silence_days=stakeholder.max_silence_days, channels=tuple(stakeholder.channels),
        reachable_days=frozenset(stakeholder.reachable_days),
        reachable_start=stakeholder.reachable_start, reachable_end=stakeholder.reachable_end,
        likes=frozenset(k.key for k in stakeholder.likes),
        dislikes=frozenset(k.key for k in stakeholder.dislikes) | frozenset(declined or ()),
        interests=frozenset(t.lower() for t in stakeholder.interests),
        touches=tuple(sorted(touches or [], key=lambda t: t.at)), quiet_until=quiet_until,
        holiday_region=holiday_region(stakeholder.public_holidays, stakeholder.timezone),
    )


def _events(session: Session, now: datetime, fixed_rows: list[Touchpoint]) -> tuple[
    EventOffer, ...
]:
    invited: dict[int, set[int]] = defaultdict(set)
    for touchpoint in fixed_rows:
        if touchpoint.event_id is not None:
            invited[touchpoint.event_id].add(touchpoint.stakeholder_id)
    return tuple(
        EventOffer(
            id=e.id, name=e.name, starts_at=e.starts_at, kind_key=e.kind.key,
            seats_left=max(0, e.seats - len(invited[e.id])),
            topics=frozenset(t.lower() for t in e.topics), invite_lead_days=e.invite_lead_days,
            invited=frozenset(invited[e.id]),
        )
        for e in session.scalars(
            select(Event).where(Event.starts_at > now).order_by(Event.starts_at, Event.id))
    )
