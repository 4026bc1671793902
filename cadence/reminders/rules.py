"""Which reminders should exist: a pure function of plain data and ``now``.

Nothing here reads the database, the clock or the scheduler. The rules are:

* **Touchpoints**: every accepted touchpoint is announced ``lead`` minutes before it starts. The
  lead is the kind's own ``reminder_lead_minutes`` when it has one, else the manager's setting
  lengthened to the kind's preparation time. The instant is computed from the stored UTC start,
  so neither a DST change nor the manager travelling moves it; it stays relevant until the touch
  has ended.
* **Commitments**: each open promise is announced 3 days and 1 day before its due date and on
  the day it becomes late, at the start of the manager's working day in the manager's zone
  (moved to the previous working day ahead of the date, the next one when late).
* **Weekly digest**: at the start of the first working day of each week, a planning summary
  ("3 relationships going cold, 2 promises due this week").
* **Snoozed notifications** come back when their snooze ends.

A reminder's ``key`` names what it is about *and when*, so a moved touchpoint or a new due date
makes a new reminder (and the old one, never fired, simply disappears).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from cadence.errors import ValidationError
from cadence.timezones import local_to_utc, today_in, zone
from cadence.wording import counted

COMMITMENT_LEADS_DAYS = (3, 1)
"""Days before a due date at which an open commitment is announced."""

LATE_RELEVANCE = timedelta(days=7)
"""A missed "promise is late" reminder still fires on wake within this time (the weekly digest
keeps listing late promises after that)."""

DIGEST_RELEVANCE = timedelta(days=2)
"""A missed weekly digest still fires on wake within this time; later, next week's comes."""

SNOOZE_RELEVANCE = timedelta(days=365)
"""A snoozed notification always comes back (this only bounds the scheduler's grace time)."""

COLD_WARNING_DAYS = 14
"""A relationship is "going cold" when fewer than this many days of allowed silence remain."""

DIGEST_PROMISE_DAYS = 7
"""The digest counts promises due within this many days."""


@dataclass(frozen=True, slots=True)
class ManagerFacts:
    """The account manager's settings that reminders depend on.

    Attributes:
        timezone: The manager's IANA zone (commitment reminders and the digest follow it).
        work_days: Working weekdays, Monday = 0.
        work_start: Start of the working day, wall-clock time in ``timezone``.
        lead_minutes: Default lead time before a touchpoint.
    """

    timezone: str
    work_days: tuple[int, ...]
    work_start: time
    lead_minutes: int


@dataclass(frozen=True, slots=True)
class TouchpointFacts:
    """An accepted touchpoint, as far as reminders are concerned.

    ``kind_lead_minutes`` is the kind's own reminder lead time (``None``: the manager's).
    """

    id: int
    stakeholder: str
    title: str
    prep_minutes: int
    channel: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    kind_lead_minutes: int | None = None


@dataclass(frozen=True, slots=True)
class CommitmentFacts:
    """An open commitment."""

    id: int
    stakeholder: str
    what: str
    due_on: date
    created_at: datetime


@dataclass(frozen=True, slots=True)
class StakeholderFacts:
    """What the digest needs to know about a relationship."""

    id: int
    name: str
    last_contact_at: datetime | None
    max_silence_days: int
    touch_planned: bool


@dataclass(frozen=True, slots=True)
class SnoozedFacts:
    """A notification the manager snoozed until ``until``."""

    notification_id: int
    title: str
    body: str
    until: datetime
    touchpoint_id: int | None
    commitment_id: int | None


@dataclass(frozen=True, slots=True)
class ReminderFacts:
    """Everything the rules look at, loaded from the workspace by ``facts.load_facts``."""

    manager: ManagerFacts
    touchpoints: Sequence[TouchpointFacts] = ()
    commitments: Sequence[CommitmentFacts] = ()
    stakeholders: Sequence[StakeholderFacts] = ()
    snoozed: Sequence[SnoozedFacts] = ()


@dataclass(frozen=True, slots=True)
class Reminder:
    """One reminder that should fire.

    Attributes:
        key: Unique and stable name, e.g. ``touchpoint:12@20261026T0900Z``; the scheduler job
            id and the ``Notification.key`` once fired.
        fire_at: When to fire, aware UTC.
        expires_at: After this instant a missed reminder is no longer worth showing.
        notification_id: Set for a snoozed notification coming back (no new row is made).
    """

    key: str
    fire_at: datetime
    title: str
    body: str
    expires_at: datetime
    touchpoint_id: int | None = None
    commitment_id: int | None = None
    notification_id: int | None = None

    def relevant_at(self, now: datetime) -> bool:
        """True while the reminder is still worth showing."""
        return now < self.expires_at


def desired_reminders(facts: ReminderFacts, now: datetime) -> list[Reminder]:
    """Every reminder that should exist at ``now``, by firing time.

    Reminders that are due but not yet expired are included (they are missed ones to fire now
    unless they already fired); expired ones are not.
    """
    found: list[Reminder] = []
    found.extend(touchpoint_reminder(t, facts.manager) for t in facts.touchpoints)
    for commitment in facts.commitments:
        found.extend(commitment_reminders(commitment, facts.manager))
    found.extend(digest_reminders(facts, now))
    found.extend(snoozed_reminder(s) for s in facts.snoozed)
    return sorted((r for r in found if r.relevant_at(now)), key=lambda r: (r.fire_at, r.key))


def lead_minutes(touchpoint: TouchpointFacts, manager: ManagerFacts) -> int:
    """Minutes before ``touchpoint`` to remind: the kind's own lead, else enough to prepare."""
    if touchpoint.kind_lead_minutes is not None:
        return touchpoint.kind_lead_minutes
    return max(manager.lead_minutes, touchpoint.prep_minutes)


def touchpoint_reminder(touchpoint: TouchpointFacts, manager: ManagerFacts) -> Reminder:
    """The reminder before an accepted touchpoint, from its stored UTC start."""
    lead = lead_minutes(touchpoint, manager)
    start = touchpoint.starts_at
    # Say when, not "in an hour": a reminder caught up after a sleep fires later than planned.
    mine = start.astimezone(_zone(manager.timezone))
    return Reminder(
        key=f"touchpoint:{touchpoint.id}@{_stamp(start)}",
        fire_at=start - timedelta(minutes=lead),
        title=f"{touchpoint.title} with {touchpoint.stakeholder} at {mine:%H:%M %a %d %b}",
        body=(
            f"{start.astimezone(_zone(touchpoint.timezone)):%a %d %b %H:%M} "
            f"({touchpoint.timezone}) by {touchpoint.channel}"
        ),
        expires_at=touchpoint.ends_at,
        touchpoint_id=touchpoint.id,
    )


def commitment_reminders(commitment: CommitmentFacts, manager: ManagerFacts) -> list[Reminder]:
    """The reminders ahead of an open commitment's due date and on the day it becomes late.

    Ahead reminders that would fall on the same working day collapse into the nearer one, each
    stays relevant until the next one fires, and none is made for an instant before the promise
    was recorded.
    """
    due = commitment.due_on
    late_day = _working_day(due + timedelta(days=1), manager, step=1)
    late_at = local_to_utc(late_day, manager.work_start, manager.timezone)
    ahead: dict[date, int] = {}
    for days in COMMITMENT_LEADS_DAYS:
        day = _working_day(due - timedelta(days=days), manager, step=-1)
        ahead[day] = min(days, ahead.get(day, days))
    reminders: list[Reminder] = []
    ends = local_to_utc(due + timedelta(days=1), time(0, 0), manager.timezone)
    for day in sorted(ahead, reverse=True):
        fire_at = local_to_utc(day, manager.work_start, manager.timezone)
        if fire_at >= commitment.created_at:
            reminders.append(Reminder(
                key=f"commitment:{commitment.id}:due-{ahead[day]}d@{due.isoformat()}",
                fire_at=fire_at,
                title=f"Promise to {commitment.stakeholder} due {due:%a %d %b}: "
                      f"{commitment.what}",
                body="Deliver it, or tell them now if it will slip.",
                expires_at=ends,
                commitment_id=commitment.id,
            ))
        ends = fire_at
    reminders.append(Reminder(
        key=f"commitment:{commitment.id}:late@{due.isoformat()}",
        fire_at=late_at,
        title=f"Promise to {commitment.stakeholder} late: {commitment.what}",
        body=f"It was due {due:%a %d %b}. Tell them now, with a new date.",
        expires_at=late_at + LATE_RELEVANCE,
        commitment_id=commitment.id,
    ))
    return sorted(reminders, key=lambda r: r.fire_at)


def digest_reminders(facts: ReminderFacts, now: datetime) -> list[Reminder]:
    """This week's digest (if not yet expired) and next week's, with counts as of ``now``."""
    manager = facts.manager
    today = today_in(manager.timezone, now)
    monday = today - timedelta(days=today.weekday())
    title, body = digest_text(facts, now)
    reminders = []
    for week_start in (monday, monday + timedelta(days=7)):
        day = _first_working_day(week_start, manager)
        fire_at = local_to_utc(day, manager.work_start, manager.timezone)
        year, week, _ = week_start.isocalendar()
        reminders.append(Reminder(
            key=f"digest:{year}-W{week:02d}", fire_at=fire_at, title=title, body=body,
            expires_at=fire_at + DIGEST_RELEVANCE,
        ))
    return reminders


def digest_text(facts: ReminderFacts, now: datetime) -> tuple[str, str]:
    """The weekly digest's title and body, computed from the data at ``now``."""
    cold = going_cold(facts.stakeholders, now)
    today = today_in(facts.manager.timezone, now)
    horizon = today + timedelta(days=DIGEST_PROMISE_DAYS)
    due = [c for c in facts.commitments if today <= c.due_on <= horizon]
    late = [c for c in facts.commitments if c.due_on < today]
    title = (
        f"Weekly plan: {counted(len(cold), 'relationship')} going cold, "
        f"{counted(len(due), 'promise')} due"
    )
    lines = []
    if cold:
        lines.append("Going cold: " + ", ".join(s.name for s in cold) + ".")
    if due:
        lines.append("Due this week: " + "; ".join(f"{c.what} ({c.stakeholder}, "
                                                   f"{c.due_on:%a %d %b})" for c in due) + ".")
    if late:
        lines.append(f"Already late: {counted(len(late), 'promise')}.")
    return title, "\n".join(lines) or "Nothing is going cold and no promise is due: a calm week."


def going_cold(stakeholders: Sequence[StakeholderFacts], now: datetime) -> list[StakeholderFacts]:
    """Relationships near or past their maximum silence with no touch planned, most urgent first.

    Someone never contacted counts as cold.
    """
    def silence_left(person: StakeholderFacts) -> float:
        if person.last_contact_at is None:
            return float("-inf")
        return person.max_silence_days - (now - person.last_contact_at) / timedelta(days=1)

    cold = [
        p for p in stakeholders if not p.touch_planned and silence_left(p) < COLD_WARNING_DAYS
    ]
    return sorted(cold, key=lambda p: (silence_left(p), p.name))


def snoozed_reminder(snoozed: SnoozedFacts) -> Reminder:
    """A snoozed notification coming back when its snooze ends."""
    return Reminder(
        key=f"snooze:{snoozed.notification_id}@{_stamp(snoozed.until)}",
        fire_at=snoozed.until,
        title=snoozed.title,
        body=snoozed.body,
        expires_at=snoozed.until + SNOOZE_RELEVANCE,
        touchpoint_id=snoozed.touchpoint_id,
        commitment_id=snoozed.commitment_id,
        notification_id=snoozed.notification_id,
    )


def _working_day(day: date, manager: ManagerFacts, step: int) -> date:
    """``day`` if it is a working day, else the nearest one in direction ``step`` (+1 or -1)."""
    if not manager.work_days:
        return day
    while day.weekday() not in manager.work_days:
        day += timedelta(days=step)
    return day


def _first_working_day(monday: date, manager: ManagerFacts) -> date:
    first = min(manager.work_days) if manager.work_days else 0
    return monday + timedelta(days=first)


def _stamp(instant: datetime) -> str:
    return instant.strftime("%Y%m%dT%H%M%SZ")


def _zone(name: str) -> ZoneInfo:
    # A bad zone name must not stop every other reminder; show the time in UTC then.
    try:
        return zone(name)
    except ValidationError:
        return zone("UTC")
