"""The planning input: a frozen, storage-free picture of the workspace at one instant.

The planner works on these plain values only, so it can be fed from the database
(:mod:`cadence.planner.loading`), from a property test or from a synthetic benchmark alike.
All instants are aware UTC; wall-clock hours are given with the zone they belong to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from typing import NamedTuple

from cadence.vocabulary import KindPurpose, Period


@dataclass(frozen=True, slots=True)
class Kind:
    """A touchpoint kind of the catalogue (value and pressure on a 0-10 scale)."""

    key: str
    name: str
    value: int
    pressure: int
    duration_minutes: int
    prep_minutes: int
    channel: str
    purpose: KindPurpose


@dataclass(frozen=True, slots=True)
class PastTouch:
    """A touch that already counts: a logged interaction or an accepted/done touchpoint."""

    at: datetime
    kind_key: str


@dataclass(frozen=True, slots=True)
class Person:
    """A stakeholder with the budget and preferences the planner honours.

    ``channels`` is ranked (most preferred first); reachable hours are wall-clock times on
    ``reachable_days`` (Monday = 0) in ``zone``. ``quiet_until`` is set while the manager has
    a suggestion with this person snoozed: nothing new is planned with them before it.
    ``holiday_region`` ("DE", "DE-BY"; see :mod:`cadence.public_holidays`) names whose public
    holidays they are off on; ``None``: no public holidays.
    """

    id: int
    name: str
    account: str
    tier: int
    zone: str
    importance: int
    budget_max: int
    budget_period: Period
    min_gap_days: int
    max_silence_days: int
    channels: tuple[str, ...]
    reachable_days: frozenset[int]
    reachable_start: time
    reachable_end: time
    likes: frozenset[str] = frozenset()
    dislikes: frozenset[str] = frozenset()
    interests: frozenset[str] = frozenset()
    touches: tuple[PastTouch, ...] = ()
    quiet_until: datetime | None = None
    holiday_region: str | None = None


@dataclass(frozen=True, slots=True)
class OpenCommitment:
    """An open promise to a stakeholder, due on a calendar day in their zone."""

    id: int
    stakeholder_id: int
    what: str
    due_on_start: datetime
    due_on_label: str
    effort_hours: float
    first_due_label: str | None = None
    """The date first promised, if the due date was moved since."""


@dataclass(frozen=True, slots=True)
class EventOffer:
    """A dated event whose remaining seats can be offered to matching stakeholders."""

    id: int
    name: str
    starts_at: datetime
    kind_key: str
    seats_left: int
    topics: frozenset[str]
    invite_lead_days: int
    invited: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Manager:
    """The account manager's zone, working days and hours, and weekly capacity;
    ``holiday_region`` ("DE", "DE-BY") names whose public holidays he is off on;
    ``weekly_touch_limit`` caps the touches a week, accepted ones included (None: no cap)."""

    zone: str
    work_days: frozenset[int]
    work_start: time
    work_end: time
    weekly_capacity_hours: float
    holiday_region: str | None = None
    weekly_touch_limit: int | None = None


class Interval(NamedTuple):
    """A half-open UTC interval ``[start, end)``.

    A named tuple rather than a dataclass: the planner builds, hashes and compares hundreds
    of thousands of these, and a tuple does that in C.
    """

    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class FixedTouch:
    """An accepted touchpoint: it keeps its slot and uses capacity (and a seat, for events).

    It also counts as a touch for budget and gap, so it must appear in its stakeholder's
    :attr:`Person.touches` as well (:mod:`cadence.planner.loading` does that).
    """

    stakeholder_id: int
    start: datetime
    end: datetime
    kind_key: str
    event_id: int | None = None
    #: What the promise it was to report on says, once that promise is delivered or dropped.
    closed_promise: str | None = None


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything the planner reads, as of ``now``."""

    now: datetime
    manager: Manager
    kinds: tuple[Kind, ...]
    people: tuple[Person, ...]
    commitments: tuple[OpenCommitment, ...] = ()
    events: tuple[EventOffer, ...] = ()
    busy: tuple[Interval, ...] = ()
    fixed: tuple[FixedTouch, ...] = ()
    kinds_by_key: dict[str, Kind] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "kinds_by_key", {k.key: k for k in self.kinds})
