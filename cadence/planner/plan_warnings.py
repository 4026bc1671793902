"""What a plan cannot do, and why: over-commitment, silences it cannot keep, promises it
cannot make visible.

Each warning names its cause as precisely as the problem shows it, so the manager knows
which lever to pull: a snooze of theirs, promised work filling the week, a budget too tight
for the stakeholder's maximum silence, no slot at all (gap, budget, reachable hours), or
slots that existed but lost to more valuable touches for the manager's hours or his weekly
touch limit.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from cadence.planner.candidates import intersect
from cadence.planner.limit_warnings import limit_cause, limit_warnings
from cadence.planner.options import Problem, commitment_hours, status_window
from cadence.planner.plan import PlannedTouch
from cadence.planner.scoring import budget_keeps_silence
from cadence.planner.snapshot import Interval, Person
from cadence.timezones import zone
from cadence.vocabulary import KindPurpose
from cadence.wording import counted

PROMISED_WORK = "promised work takes all of the manager's time for touches until then"
OUTVALUED = "the manager's hours for touches went to more valuable touches"
APART = "their reachable hours never meet the manager's free working hours"


def plan_warnings(problem: Problem, touches: list[PlannedTouch]) -> list[str]:
    """Every warning for the plan made of ``touches``, in a stable order."""
    return (_over_commitment(problem) + limit_warnings(problem, touches)
            + _silence_warnings(problem, touches) + _promise_warnings(problem, touches)
            + _updates_on_closed_promises(problem))


def _over_commitment(problem: Problem) -> list[str]:
    """Weeks whose open commitments need more hours than the week's whole capacity."""
    snapshot, horizon = problem.snapshot, problem.horizon
    capacity = snapshot.manager.weekly_capacity_hours
    warnings = []
    for week, hours in sorted(commitment_hours(snapshot, horizon).items()):
        if hours < capacity:
            continue
        due = [c for c in snapshot.commitments
               if max(horizon.week_of(c.due_on_start), 0) == week]
        first = horizon.start + timedelta(days=7 * week)
        # Their due days: a promise due on a Monday in a zone ahead of the manager's has its
        # work in the week before, which the week alone would not tell.
        days = sorted({c.due_on_label for c in due})
        promises = (f"{counted(len(due), 'open commitment')} (due "
                    f"{days[0] if len(days) == 1 else f'{days[0]} to {days[-1]}'})")
        need = "needs" if len(due) == 1 else "need"
        if hours > capacity:
            warnings.append(
                f"Over-commitment in the week of {first}: {promises} {need} {hours:.1f} h but "
                f"the week has {capacity:.1f} h; renegotiate or deliver early before promising "
                "more.")
        else:
            warnings.append(
                f"No time for touches in the week of {first}: {promises} {need} all of its "
                f"{capacity:.1f} h; deliver one early or renegotiate to make room.")
    return warnings


def _updates_on_closed_promises(problem: Problem) -> list[str]:
    """Accepted status updates still to come on promises delivered or dropped since: the plan
    keeps every accepted touch, so only the manager can let the client off the meeting."""
    snapshot = problem.snapshot
    names = {person.id: person for person in snapshot.people}
    warnings = []
    for touch in snapshot.fixed:
        kind = snapshot.kinds_by_key.get(touch.kind_key)
        if (touch.closed_promise is None or kind is None
                or kind.purpose is not KindPurpose.STATUS_UPDATE):
            continue
        person = names[touch.stakeholder_id]
        day = touch.start.astimezone(zone(person.zone)).date()
        warnings.append(
            f"{person.name}'s accepted status update on {day} was to report on "
            f"“{touch.closed_promise}”, which is no longer open: dismiss it, or keep it as a "
            "check-in.")
    return warnings


def _no_time_before(problem: Problem, instant: datetime) -> bool:
    """Whether promised work takes all of the manager's time from the plan's start until
    ``instant``."""
    # The week of the last moment before ``instant``: a deadline at midnight ends a week.
    last = min(problem.horizon.week_of(instant - timedelta(microseconds=1)),
               problem.horizon.weeks - 1)
    capacity = problem.snapshot.manager.weekly_capacity_hours
    hours = commitment_hours(problem.snapshot, problem.horizon)
    return last >= 0 and all(hours.get(week, 0.0) >= capacity for week in range(last + 1))


@dataclass(frozen=True)
class _Silence:
    """Where a stakeholder's silence goes past what the plan may allow.

    ``deadline`` is when a touch was due: the end of their maximum silence, or, for someone
    overdue when the plan starts (``graced``), the end of its first week. ``runs_out`` is when
    the silence itself ends (``None`` for someone never contacted).
    """

    deadline: datetime
    runs_out: datetime | None
    graced: bool


def _silence_warnings(problem: Problem, touches: list[PlannedTouch]) -> list[str]:
    """Stakeholders whose maximum silence runs out in the horizon before their next touch.

    Someone already overdue when the plan starts gets a week's grace.
    """
    horizon = problem.horizon
    by_limit = limit_cause(problem, touches)
    planned: dict[int, list[datetime]] = defaultdict(list)
    updates: dict[int, list[PlannedTouch]] = defaultdict(list)
    for touch in touches:
        planned[touch.stakeholder_id].append(touch.start)
        if touch.commitment_id is not None:
            updates[touch.stakeholder_id].append(touch)
    slots: dict[int, list[datetime]] = defaultdict(list)
    for option in problem.options:
        slots[option.person].append(option.start)
    warnings = []
    for index, person in enumerate(problem.snapshot.people):
        silence = timedelta(days=person.max_silence_days)
        starts = sorted(slots[index])
        instants = sorted([t.at for t in person.touches] + planned[person.id])
        last = max((t for t in instants if t <= horizon.earliest), default=None)
        runs_out = last + silence if last is not None else None
        grace = horizon.earliest + timedelta(days=7)
        due = (_Silence(runs_out, runs_out, graced=False)
               if runs_out is not None and runs_out >= grace
               else _Silence(grace, runs_out, graced=True))
        after = horizon.earliest  # the earliest a touch could have broken the silence
        for at in [t for t in instants if t > horizon.earliest] + [horizon.end]:
            if at > due.deadline and due.deadline < horizon.end:
                had_slot = bisect_left(starts, after) < bisect_left(starts, due.deadline)
                update = next((u for u in updates[person.id] if u.start == at), None)
                lost = (by_limit(after, due.deadline) or OUTVALUED) if had_slot else None
                warnings.append(_silence_warning(problem, person, due, lost, update))
                break
            due = _Silence(at + silence, at + silence, graced=False)
            after = at + timedelta(days=person.min_gap_days)
    return warnings


def _silence_warning(problem: Problem, person: Person, due: _Silence,
                     lost: str | None, update: PlannedTouch | None) -> str:
    """The warning for ``person``'s silence going past ``due``; ``lost``: if the problem had a
    touch with them that would have broken the silence in time, what took it; ``update``: the
    touch that comes next, if it reports on a promise."""
    deadline = due.deadline
    why = _snoozed_past(person, deadline)
    if why is None and _no_time_before(problem, deadline):
        why = PROMISED_WORK
    if why is None and update is not None:
        day = update.start.astimezone(zone(person.zone)).date()
        what = next(c.what for c in problem.snapshot.commitments if c.id == update.commitment_id)
        return (f"{_silence_gone(problem, person, due, lets=True)}: their next touch, on {day}, "
                f"waits to carry the update on “{what}”.")
    if why is None and lost is not None:
        why = f"{lost} before then"
    if why is None and not _meet(problem, person, problem.horizon.earliest, deadline):
        why = f"{APART} before then"
    if why is None and not budget_keeps_silence(person):
        touches = "touch" if person.budget_max == 1 else "touches"
        why = (f"a budget of {person.budget_max} {touches} a {person.budget_period.value} "
               "cannot keep it")
    if why is None:
        why = "their budget or minimum gap leaves no slot before then"
    return f"{_silence_gone(problem, person, due, lets=False)} ({why})."


def _silence_gone(problem: Problem, person: Person, due: _Silence, *, lets: bool) -> str:
    """What the plan does to ``person``'s silence, with the day it ran or runs out.

    ``lets``: the plan chose to (it waits for a better touch), rather than could not help it.
    """
    silence = f"maximum silence of {counted(person.max_silence_days, 'day')}"
    if due.runs_out is None:
        return (f"The plan has no touch in its first week with {person.name}, who has never "
                "been contacted")
    day = due.runs_out.astimezone(zone(person.zone)).date()
    if not due.graced:
        verb = "lets" if lets else "cannot keep within"
        tail = " run out" if lets else ": it runs out"
        return f"The plan {verb} {person.name}'s {silence}{tail} on {day}"
    ran = "ran" if due.runs_out <= problem.horizon.earliest else "runs"
    return (f"{person.name}'s {silence} {ran} out on {day}, and the plan has no touch with "
            "them in its first week")


def _meet(problem: Problem, person: Person, start: datetime, end: datetime) -> bool:
    """Whether ``person`` and the manager have any free time in common in ``[start, end)``
    within the horizon."""
    horizon = problem.horizon
    start, end = max(start, horizon.earliest), min(end, horizon.end)
    if start >= end:
        return False
    span = Interval(start, end)
    weeks = range(horizon.week_of(start), horizon.week_of(end - timedelta(microseconds=1)) + 1)
    return any(intersect(problem.finder.free(person, week), [span]) for week in weeks)


def _gap_rules_out(problem: Problem, person: Person, window: tuple[datetime, datetime],
                   planned: list[datetime], days: str) -> str | None:
    """Why no touch fits in ``window``, if the minimum gap after a contact before it reaches
    past its end, or leaves only times they cannot be met; ``planned``: the plan's and
    accepted touches with ``person``; ``days`` names the window for the reader."""
    logged = [p.at for p in person.touches]
    earlier = [t for t in [*logged, *planned] if t <= window[0]]
    if not earlier:
        return None
    last = max(earlier)
    gap_ends = last + timedelta(days=person.min_gap_days)
    if gap_ends <= window[0]:
        return None
    rest = "" if gap_ends >= window[1] else " when they can be met"
    if rest and _meet(problem, person, gap_ends, window[1]):
        return None
    day = last.astimezone(zone(person.zone)).date()
    contact = f"the contact on {day}" if last in logged else f"the touch planned for {day}"
    return (f"their minimum gap of {counted(person.min_gap_days, 'day')} after {contact} "
            f"leaves no slot{rest} {days}")


def _snoozed_past(person: Person, instant: datetime) -> str | None:
    """Why nothing is planned with ``person`` at ``instant``, if a running snooze is the cause."""
    if person.quiet_until is None or person.quiet_until <= instant:
        return None
    day = person.quiet_until.astimezone(zone(person.zone)).date()
    return f"you snoozed a suggestion with them until {day}"


def _promise_warnings(problem: Problem, touches: list[PlannedTouch]) -> list[str]:
    """Open commitments, due in the horizon or already late, that no contact makes visible.

    Any contact with that stakeholder in the status window counts (it can carry the update).
    """
    horizon, snapshot = problem.horizon, problem.snapshot
    by_limit = limit_cause(problem, touches)
    planned: dict[int, list[datetime]] = defaultdict(list)
    for touch in touches:
        planned[touch.stakeholder_id].append(touch.start)
    for fixed in snapshot.fixed:
        planned[fixed.stakeholder_id].append(fixed.start)
    with_slot = {o.commitment_id for o in problem.options if o.commitment_id is not None}
    people = {p.id: p for p in snapshot.people}
    warnings = []
    for commitment in snapshot.commitments:
        person = people.get(commitment.stakeholder_id)
        late = commitment.due_on_start <= horizon.earliest
        if person is None or commitment.due_on_start > horizon.end:
            continue
        window = status_window(commitment, horizon)
        contacts = planned[person.id] + [t.at for t in person.touches]
        if any(window[0] <= at < window[1] for at in contacts):
            continue
        days = "in the coming days" if late else "in the days before"
        lost = (by_limit(*window) or OUTVALUED) if commitment.id in with_slot else None
        why = _why_no_update(problem, person, window, planned[person.id], days, lost)
        if late:
            warnings.append(
                f"{person.name}'s promise \"{commitment.what}\" was due "
                f"{commitment.due_on_label} and is still open, and no status update fits "
                f"{days}: {why}; deliver it, tell them another way, or set a new date.")
        else:
            warnings.append(
                f"No status update fits before {person.name}'s promise \"{commitment.what}\" "
                f"due {commitment.due_on_label}: {why}; let them know another way, or move "
                "the date.")
    return warnings


def _why_no_update(problem: Problem, person: Person, window: tuple[datetime, datetime],
                   planned: list[datetime], days: str, lost: str | None) -> str:
    """Why no touch with ``person`` falls in a promise's status ``window``; ``planned``: the
    plan's and accepted touches with them; ``lost``: if the problem had an update to offer,
    what took it."""
    why = _snoozed_past(person, max(window[0], problem.horizon.earliest))
    if not why and _no_time_before(problem, window[1]):
        why = PROMISED_WORK
    if not why:
        why = _gap_rules_out(problem, person, window, planned, days)
    if not why and lost is not None:
        why = f"{lost} {days}"
    if not why and not _meet(problem, person, *window):
        why = f"{APART} {days}"
    return why or f"their budget leaves no slot {days}"
