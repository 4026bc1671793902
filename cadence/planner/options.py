"""The choices the optimiser picks from, and the limits that tie them together.

An :class:`Option` is one possible touch: a stakeholder, a kind, a channel and a concrete slot,
with its value terms. Options that would break a rule on their own (a disliked kind, a refused
channel, too close to a touch already made, in a period whose budget is already spent, an event
invite after its lead time) are never created; the rules that involve several options (budget,
gap, capacity, seats, overlaps) are left to the optimiser as constraints.
"""

from __future__ import annotations

from bisect import bisect_right, insort
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from cadence.budget import period_window_utc
from cadence.commitments import STATUS_UPDATE_DAYS
from cadence.planner.candidates import Horizon, SlotFinder, intersect, merge, subtract
from cadence.planner.scoring import (
    Chosen,
    ValueModel,
    commitment_bonus,
    cover_weeks,
    event_bonus,
    marginal_values,
    touch_gain,
)
from cadence.planner.snapshot import EventOffer, Interval, Kind, OpenCommitment, Person, Snapshot
from cadence.vocabulary import Channel, KindPurpose

INVITE_MINUTES = 15  # asking a stakeholder to an event: a short message or call
STATUS_WINDOW = timedelta(days=STATUS_UPDATE_DAYS)
INVITE_WINDOW = timedelta(days=28)  # invites go out at most four weeks before their deadline
_SPOKEN = (Channel.VIDEO.value, Channel.PHONE.value)
_WRITTEN = (Channel.EMAIL.value, Channel.IM.value)
_REGULAR = (KindPurpose.REVIEW, KindPurpose.PROPOSAL, KindPurpose.KEEP_WARM)
_LATEST = datetime.max.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Option:
    """One possible touch. ``person`` indexes ``Snapshot.people``.

    ``within`` is what the touch may move within without becoming another option: its week,
    its budget period and the days its occasion allows (before a due date, an invite's lead).
    """

    person: int
    week: int
    kind: Kind
    channel: str
    start: datetime
    end: datetime
    load_minutes: int
    gain: int
    cover: int
    within: Interval
    event_id: int | None = None
    commitment_id: int | None = None

    def chosen(self) -> Chosen:
        """The option as the value function sees it."""
        return Chosen(self.person, self.week, self.start, self.gain, self.cover)


@dataclass
class Problem:
    """Options plus the limits shared between them."""

    snapshot: Snapshot
    horizon: Horizon
    values: ValueModel
    finder: SlotFinder
    options: list[Option] = field(default_factory=list)
    budget_groups: list[tuple[int, list[int]]] = field(default_factory=list)
    capacity_left: list[int] = field(default_factory=list)
    # Touches each week may still take under the manager's weekly touch limit; None: no limit.
    touches_left: list[int] | None = None
    seats_left: dict[int, int] = field(default_factory=dict)
    _rooms: dict[tuple[int, int, Interval], list[Interval]] = field(
        default_factory=dict, repr=False)
    _gaps: dict[int, list[Interval]] = field(default_factory=dict, repr=False)

    def value(self, chosen: list[int]) -> int:
        """What the plan made of the options at ``chosen`` is worth (scaled points)."""
        return sum(marginal_values(self.values, [self.options[i].chosen() for i in chosen]))

    def room(self, index: int) -> list[Interval]:
        """The free time option ``index`` may move within (see :attr:`Option.within`).

        Common free time of the stakeholder and the manager, less the time within the minimum
        gap of a touch already made.
        """
        option = self.options[index]
        key = (option.person, option.week, option.within)
        room = self._rooms.get(key)
        if room is None:
            person = self.snapshot.people[option.person]
            room = self.finder.free(person, option.week)
            week = Interval(*self.horizon.bounds[option.week:option.week + 2])
            if option.within != week:
                room = intersect(room, [option.within])
            gaps = self._gaps.get(option.person)
            if gaps is None:
                gaps = self._gaps[option.person] = gap_zones(person)
            zones = [z for z in gaps if z.start < week.end and week.start < z.end]
            if zones:
                room = subtract(room, zones)
            self._rooms[key] = room
        return room

    def move(self, index: int, start: datetime, group: int) -> int:
        """Add option ``index`` moved to ``start`` (inside its room); the new option's index.

        ``group`` is the option's budget group (see :meth:`budget_group_of`): the moved touch
        counts against the same budget.
        """
        option = self.options[index]
        self.options.append(replace(option, start=start, end=start + (option.end - option.start)))
        moved = len(self.options) - 1
        if group >= 0:
            self.budget_groups[group][1].append(moved)
        return moved

    def budget_group_of(self) -> list[int]:
        """Each option's budget group (an index into ``budget_groups``), -1 if in none."""
        group = [-1] * len(self.options)
        for number, (_, members) in enumerate(self.budget_groups):
            for index in members:
                group[index] = number
        return group


def gap_zones(person: Person) -> list[Interval]:
    """The times within the minimum gap of a touch already made with ``person``, merged."""
    gap = timedelta(days=person.min_gap_days)
    return merge(Interval(t.at - gap, t.at + gap) for t in person.touches)


def channel_for(person: Person, kind: Kind) -> str | None:
    """The channel a kind uses with ``person``, or ``None`` if they accept none that fits.

    A call may become a video call (and back), an email an IM (and back); in-person stays so.
    """
    if kind.channel in person.channels:
        return kind.channel
    for family in (_SPOKEN, _WRITTEN):
        if kind.channel in family:
            return next((c for c in person.channels if c in family), None)
    return None


def usable(person: Person, kind: Kind) -> bool:
    """Whether ``kind`` may be proposed to ``person`` at all (not disliked, a channel fits)."""
    return kind.key not in person.dislikes and channel_for(person, kind) is not None


def status_window(commitment: OpenCommitment, horizon: Horizon) -> tuple[datetime, datetime]:
    """When a contact makes ``commitment`` visible: the days before it is due or, once it is
    late, from the due date to the first days of the plan (a slip is told at once)."""
    due = commitment.due_on_start
    if due <= horizon.earliest:
        return due, horizon.earliest + STATUS_WINDOW
    return due - STATUS_WINDOW, due


def contacts_of(snapshot: Snapshot, person: Person) -> list[datetime]:
    """When ``person`` was or will be in touch apart from the plan: logged interactions and
    accepted touchpoints."""
    return ([t.at for t in person.touches]
            + [f.start for f in snapshot.fixed if f.stakeholder_id == person.id])


def regular_kinds(snapshot: Snapshot, person: Person) -> list[Kind]:
    """The best-value kind and the lightest keep-warm kind for ``person`` (one if they agree).

    Socials are offered only to stakeholders who like them; event invites and status updates
    have their own occasions.
    """
    allowed = [
        k for k in snapshot.kinds
        if usable(person, k)
        and (k.purpose in _REGULAR or (k.purpose is KindPurpose.SOCIAL and k.key in person.likes))
    ]
    if not allowed:
        return []

    def per_touch(kind: Kind) -> tuple[int, str]:
        return touch_gain(person, kind, kind.duration_minutes + kind.prep_minutes), kind.key

    best = max(allowed, key=per_touch)
    light = [k for k in allowed if k.purpose is KindPurpose.KEEP_WARM] or allowed
    lightest = min(light, key=lambda k: (k.duration_minutes + k.prep_minutes, -k.value, k.key))
    return [best] if lightest == best else [best, lightest]


def build_problem(snapshot: Snapshot, horizon: Horizon, slots_per_option: int = 2) -> Problem:
    """Every option for every stakeholder and week, with the shared limits."""
    finder = SlotFinder(snapshot, horizon)
    problem = Problem(snapshot, horizon, ValueModel.build(snapshot, horizon), finder)
    commitments = defaultdict(list)
    for commitment in snapshot.commitments:
        commitments[commitment.stakeholder_id].append(commitment)
    builder = _Builder(problem, finder, slots_per_option)
    for index, person in enumerate(snapshot.people):
        builder.add_person(index, person, commitments[person.id])
    problem.capacity_left = _capacity_left(snapshot, horizon)
    limit = snapshot.manager.weekly_touch_limit
    if limit is not None:
        problem.touches_left = [max(0, limit - made)
                                for made in touches_made(snapshot, horizon)]
    problem.seats_left = {e.id: e.seats_left for e in snapshot.events}
    return problem


@dataclass
class _Builder:
    problem: Problem
    finder: SlotFinder
    slots_per_option: int
    _periods: dict[tuple[object, ...], list[tuple[datetime, datetime]]] = field(
        default_factory=dict)
    _spans: dict[tuple[datetime, datetime], Interval] = field(default_factory=dict)
    _within_of: dict[tuple[object, ...], Interval] = field(default_factory=dict)
    _known: dict[int, list[Interval]] = field(default_factory=dict)
    _covers: dict[int, int] = field(default_factory=dict)
    _option_periods: list[tuple[datetime, datetime]] = field(default_factory=list)

    def add_person(self, index: int, person: Person, commitments: list[OpenCommitment]) -> None:
        if person.budget_max <= 0:
            return  # a budget of no touches allows no option at all
        snapshot, horizon = self.problem.snapshot, self.problem.horizon
        first = len(self.problem.options)
        for rank, kind in enumerate(regular_kinds(snapshot, person)):
            for week in range(horizon.weeks):
                self._add(index, person, week, kind, salt=person.id * 31 + rank * 7 + week)
        promises = self._promise_windows(person, commitments)
        status = [k for k in snapshot.kinds
                  if k.purpose is KindPurpose.STATUS_UPDATE and k.key not in person.dislikes]
        if status and person.channels:
            kind = max(status, key=lambda k: (k.value, k.key))
            for commitment, window in promises:
                for week in self._weeks(window):
                    self._add(index, person, week, kind, salt=commitment.id * 13 + week,
                              window=window, bonus=commitment_bonus(person),
                              commitment_id=commitment.id, channel=_message_channel(person))
        for event in snapshot.events:
            self._add_invite(index, person, event, promises)
        self._add_budget_groups(person, first)

    def _promise_windows(
        self, person: Person, commitments: list[OpenCommitment]
    ) -> list[tuple[OpenCommitment, tuple[datetime, datetime]]]:
        """The open commitments a touch with ``person`` should make visible, each with the
        part of its status window inside the horizon."""
        if not commitments:
            return []
        snapshot, horizon = self.problem.snapshot, self.problem.horizon
        contacts = contacts_of(snapshot, person)
        promises = []
        for commitment in commitments:
            window = status_window(commitment, horizon)
            if any(window[0] <= at < window[1] for at in contacts):
                continue  # a contact in the window already carries the update
            lo, hi = max(window[0], horizon.earliest), min(window[1], horizon.end)
            if lo < hi:
                promises.append((commitment, (lo, hi)))
        return promises

    def _weeks(self, window: tuple[datetime, datetime]) -> range:
        """The horizon weeks ``window`` (inside the horizon) touches."""
        horizon = self.problem.horizon
        return range(horizon.week_of(window[0]),
                     horizon.week_of(window[1] - timedelta(seconds=1)) + 1)

    def _add(
        self, index: int, person: Person, week: int, kind: Kind, salt: int, *,
        minutes: int | None = None, window: tuple[datetime, datetime] | None = None,
        bonus: float = 0.0, event_id: int | None = None, commitment_id: int | None = None,
        channel: str | None = None,
    ) -> None:
        length = minutes or kind.duration_minutes
        load = length + kind.prep_minutes
        gain = touch_gain(person, kind, load, bonus)
        cover = self._covers.get(index) or self._covers.setdefault(index, cover_weeks(person))
        chosen_channel = channel or channel_for(person, kind)
        assert chosen_channel is not None
        bounds = self.problem.horizon.bounds
        avoid = [z for z in self._known_limits(index, person)
                 if z.start < bounds[week + 1] and bounds[week] < z.end]
        for slot in self.finder.slots(person, week, length, self.slots_per_option, salt, window,
                                      avoid):
            # The slots avoid the known limits, so no slot is too close to a touch already
            # made or in a budget period those touches fill.
            period = self._period(person, slot.start)
            self.problem.options.append(Option(
                index, week, kind, chosen_channel, slot.start, slot.end, load, gain, cover,
                self._within(week, period, window), event_id, commitment_id,
            ))
            self._option_periods.append(period)

    def _within(self, week: int, period: tuple[datetime, datetime],
                window: tuple[datetime, datetime] | None) -> Interval:
        """The week, budget period and occasion window around a slot, shared where equal."""
        found = self._within_of.get((week, period, window))
        if found is None:
            bounds = self.problem.horizon.bounds
            spans = [(bounds[week], bounds[week + 1]), period]
            if window is not None:
                spans.append(window)
            key = (max(lo for lo, _ in spans), min(hi for _, hi in spans))
            found = self._within_of[week, period, window] = self._spans.setdefault(
                key, Interval(*key))
        return found

    def _add_invite(
        self, index: int, person: Person, event: EventOffer,
        promises: list[tuple[OpenCommitment, tuple[datetime, datetime]]],
    ) -> None:
        """Invitations to ``event``; where one can fall in a promise's status window, also
        invitations that carry the status update (worth both, and made once each)."""
        kind = self.problem.snapshot.kinds_by_key.get(event.kind_key)
        if (kind is None or event.seats_left <= 0 or person.id in event.invited
                or not person.interests & event.topics or kind.key in person.dislikes
                or not person.channels):
            return
        horizon = self.problem.horizon
        deadline = event.starts_at - timedelta(days=event.invite_lead_days)
        lo = max(deadline - INVITE_WINDOW, horizon.earliest)
        hi = min(deadline, horizon.end)
        if lo >= hi:
            return
        bonus = event_bonus(person, event)
        channel = _message_channel(person)
        for week in self._weeks((lo, hi)):
            self._add(index, person, week, kind, salt=event.id * 17 + person.id + week,
                      minutes=INVITE_MINUTES, window=(lo, hi), bonus=bonus,
                      event_id=event.id, channel=channel)
        for commitment, (start, end) in promises:
            both = (max(lo, start), min(hi, end))
            if both[0] >= both[1]:
                continue
            for week in self._weeks(both):
                self._add(index, person, week, kind, salt=event.id * 17 + commitment.id + week,
                          minutes=INVITE_MINUTES, window=both,
                          bonus=bonus + commitment_bonus(person), event_id=event.id,
                          commitment_id=commitment.id, channel=channel)

    def _known_limits(self, index: int, person: Person) -> list[Interval]:
        """When a new touch with ``person`` may not be: within the minimum gap of a touch
        already made, or in a budget period those touches fill.

        Candidate slots are drawn from the rest of the week, so a week keeps its option
        whenever any of it is allowed (the bound on wide workspaces relies on that).
        """
        known = self._known.get(index)
        if known is None:
            used = Counter(self._period(person, t.at) for t in person.touches)
            full = [Interval(lo, hi) for (lo, hi), n in used.items() if n >= person.budget_max]
            known = self._known[index] = merge([*gap_zones(person), *full])
        return known

    def _period(self, person: Person, instant: datetime) -> tuple[datetime, datetime]:
        """The person's budget period holding ``instant``.

        Periods are few (a year holds twelve months) and shared by everyone with the same
        period and zone, so each is worked out once and then found by bisection.
        """
        known = self._periods.setdefault((person.budget_period, person.zone), [])
        at = bisect_right(known, (instant, _LATEST)) - 1
        if at >= 0 and instant < known[at][1]:
            return known[at]
        window = period_window_utc(person.budget_period, instant, person.zone)
        insort(known, window)
        return window

    def _add_budget_groups(self, person: Person, first: int) -> None:
        groups: dict[tuple[datetime, datetime], list[int]] = defaultdict(list)
        for i in range(first, len(self.problem.options)):
            groups[self._option_periods[i]].append(i)
        for (lo, hi), members in sorted(groups.items()):
            cap = person.budget_max - sum(1 for t in person.touches if lo <= t.at < hi)
            self.problem.budget_groups.append((cap, members))


def _message_channel(person: Person) -> str:
    """An invitation or a status update is news, not a meeting: it goes out by the
    stakeholder's most preferred channel that is not a visit, whatever the kind's own."""
    remote = (c for c in person.channels if c != Channel.IN_PERSON.value)
    return next(remote, person.channels[0])


def _capacity_left(snapshot: Snapshot, horizon: Horizon) -> list[int]:
    """Minutes per week left for new touches: promises first, then accepted touchpoints.

    Work on an open commitment is reserved in the week it is due (overdue ones in the first
    week), so the plan never eats the time needed to keep a promise.
    """
    left = [round(snapshot.manager.weekly_capacity_hours * 60)] * horizon.weeks
    for week, hours in commitment_hours(snapshot, horizon).items():
        left[week] -= round(hours * 60)
    for fixed in snapshot.fixed:
        week = horizon.week_of(fixed.start)
        kind = snapshot.kinds_by_key.get(fixed.kind_key)
        if 0 <= week < horizon.weeks:
            prep = kind.prep_minutes if kind else 0
            left[week] -= round((fixed.end - fixed.start) / timedelta(minutes=1)) + prep
    return [max(0, minutes) for minutes in left]


def touches_made(snapshot: Snapshot, horizon: Horizon) -> list[int]:
    """Per horizon week, the touches that already count in it: logged interactions and
    accepted or done touchpoints (an accepted one is among its stakeholder's touches too)."""
    per_week = [0] * horizon.weeks
    for person in snapshot.people:
        for touch in person.touches:
            week = horizon.week_of(touch.at)
            if 0 <= week < horizon.weeks:
                per_week[week] += 1
    return per_week


def commitment_hours(snapshot: Snapshot, horizon: Horizon) -> dict[int, float]:
    """Effort hours of open commitments per horizon week they are due in (overdue: week 0)."""
    hours: dict[int, float] = defaultdict(float)
    for commitment in snapshot.commitments:
        week = max(horizon.week_of(commitment.due_on_start), 0)
        if week < horizon.weeks:
            hours[week] += commitment.effort_hours
    return dict(hours)
