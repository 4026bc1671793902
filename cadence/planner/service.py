"""Planning a workspace: load, optimise, explain, check; and saving a plan as suggestions."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from cadence.catalogue import kind_by_key
from cadence.errors import CadenceError, ValidationError
from cadence.models import Touchpoint
from cadence.planner import cpsat, rules
from cadence.planner.candidates import Horizon
from cadence.planner.greedy import greedy
from cadence.planner.loading import load_snapshot
from cadence.planner.options import Problem, build_problem
from cadence.planner.plan import Plan, PlannedTouch
from cadence.planner.reasons import explain
from cadence.planner.scoring import SCALE, marginal_values
from cadence.planner.snapshot import Snapshot
from cadence.timezones import ensure_utc, zone
from cadence.vocabulary import Channel, TouchpointStatus

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]
StopCheck = Callable[[], bool]

MAX_WEEKS = 104
# Above this many options the model is not built: the greedy plan is returned with a simple bound.
MAX_SOLVER_OPTIONS = 600_000
# Two slots per option leave the optimiser room to avoid collisions; huge workspaces get one.
MANY_STAKEHOLDER_WEEKS = 20_000


class PlanningCancelled(CadenceError):
    """The user cancelled planning before any plan was found."""

    def __init__(self) -> None:
        super().__init__("planning cancelled; nothing was changed")


def plan_workspace(
    session: Session, *, start: date, weeks: int, now: datetime,
    progress: Progress | None = None, should_stop: StopCheck | None = None,
    time_limit: float | None = None,
) -> Plan:
    """Plan ``weeks`` weeks from ``start`` for the workspace in ``session``.

    Args:
        start: First day of the plan, in the manager's zone.
        weeks: Number of weeks (1-104).
        now: The current instant; nothing is planned before it.
        progress: Called with a fraction (0-1) and a sentence as planning proceeds.
        should_stop: Polled during the search; when it returns true the best plan found so
            far is returned (status ``cancelled``).
        time_limit: Seconds the optimiser may use (default: grows with the workspace).

    Raises:
        ValidationError: ``weeks`` out of range.
        PlanningCancelled: cancelled before any plan existed.
    """
    _report(progress, 0.0, "reading the workspace")
    snapshot = load_snapshot(session, now)
    return plan_snapshot(snapshot, start=start, weeks=weeks, progress=progress,
                         should_stop=should_stop, time_limit=time_limit)


def plan_snapshot(
    snapshot: Snapshot, *, start: date, weeks: int, progress: Progress | None = None,
    should_stop: StopCheck | None = None, time_limit: float | None = None,
) -> Plan:
    """Plan on a snapshot (see :func:`plan_workspace`); pure, no storage involved."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValidationError("weeks", f"{weeks} is not between 1 and {MAX_WEEKS}")
    horizon = Horizon.build(start, weeks, snapshot.manager.zone, snapshot.now)
    _report(progress, 0.05, "finding candidate slots")
    many = len(snapshot.people) * weeks > MANY_STAKEHOLDER_WEEKS
    problem = build_problem(snapshot, horizon, slots_per_option=1 if many else 2)
    _check_stop(should_stop)
    _report(progress, 0.2, f"building a first plan from {len(problem.options)} options")
    first = greedy(problem)
    _check_stop(should_stop)
    if not problem.options:
        return _finish(problem, [], 0, "empty")
    if len(problem.options) > MAX_SOLVER_OPTIONS:
        return _finish(problem, first, _loose_bound(problem), "greedy")
    _report(progress, 0.3, "optimising")
    limit = time_limit if time_limit is not None else min(30.0, 2.0 + len(problem.options) / 15000)
    solution = cpsat.solve(problem, hint=first, time_limit=limit, should_stop=should_stop,
                           progress=progress)
    chosen = solution.chosen
    if _value(problem, first) > _value(problem, chosen):
        chosen = first
    bound = solution.bound
    if bound < 0:
        bound, status = _loose_bound(problem), "greedy"
    else:
        status = solution.status
    if should_stop is not None and should_stop():
        status = "cancelled"
    return _finish(problem, chosen, bound, status)


def _finish(problem: Problem, chosen: list[int], bound: int, status: str) -> Plan:
    snapshot = problem.snapshot
    options = sorted((problem.options[i] for i in chosen),
                     key=lambda o: (o.start, snapshot.people[o.person].id))
    values = marginal_values(problem.values, [o.chosen() for o in options])
    earlier: dict[int, list[datetime]] = defaultdict(list)
    touches = []
    for option, value in zip(options, values, strict=True):
        person = snapshot.people[option.person]
        local = zone(person.zone)
        touches.append(PlannedTouch(
            stakeholder_id=person.id, stakeholder=person.name, kind=option.kind.key,
            channel=option.channel, start=option.start.astimezone(local),
            end=option.end.astimezone(local), timezone=person.zone, value=value / SCALE,
            reasons=explain(snapshot, option, earlier[person.id]), event_id=option.event_id,
            commitment_id=option.commitment_id,
        ))
        earlier[person.id].append(option.start)
    warnings = _safety_net(problem, touches)
    warnings += _over_commitment(problem, touches) + _silence_warnings(problem, touches)
    objective = sum(t.value for t in touches)
    return Plan(
        start=problem.horizon.start, weeks=problem.horizon.weeks, touchpoints=tuple(touches),
        warnings=tuple(warnings), objective=round(objective, 2),
        bound=round(max(bound / SCALE, objective), 2), status=status,
    )


def _safety_net(problem: Problem, touches: list[PlannedTouch]) -> list[str]:
    """Drop any touch that breaks a hard rule (a bug if it ever happens) and say so."""
    broken = rules.violations(problem.snapshot, problem.horizon, touches)
    if not broken:
        return []
    log.error("planner produced rule violations: %s", broken)
    for index in sorted({i for i, _ in broken}, reverse=True):
        del touches[index]
    return [f"{len(broken)} proposed touches were withdrawn because they broke a rule: "
            + "; ".join(sorted({text for _, text in broken}))]


def _over_commitment(problem: Problem, touches: list[PlannedTouch]) -> list[str]:
    """Weeks whose open commitments need more hours than the capacity the plan leaves."""
    horizon, snapshot = problem.horizon, problem.snapshot
    used = [0.0] * horizon.weeks
    for touch in touches:
        kind = snapshot.kinds_by_key[touch.kind]
        used[horizon.week_of(touch.start)] += (
            (touch.end - touch.start) / timedelta(hours=1) + kind.prep_minutes / 60)
    for week, minutes in enumerate(problem.capacity_left):
        used[week] += snapshot.manager.weekly_capacity_hours - minutes / 60
    due: dict[int, list[float]] = defaultdict(list)
    for commitment in snapshot.commitments:
        week = max(horizon.week_of(commitment.due_on_start), 0)
        if week < horizon.weeks:
            due[week].append(commitment.effort_hours)
    warnings = []
    for week, efforts in sorted(due.items()):
        left = max(0.0, snapshot.manager.weekly_capacity_hours - used[week])
        if sum(efforts) > left:
            first = horizon.start + timedelta(days=7 * week)
            warnings.append(
                f"Over-commitment in the week of {first}: {len(efforts)} open commitments need "
                f"{sum(efforts):.1f} h but only {left:.1f} h of capacity is left after the plan."
            )
    return warnings


def _silence_warnings(problem: Problem, touches: list[PlannedTouch]) -> list[str]:
    """Stakeholders whose maximum silence runs out in the horizon with no touch to prevent it."""
    planned: dict[int, list[datetime]] = defaultdict(list)
    for touch in touches:
        planned[touch.stakeholder_id].append(touch.start)
    warnings = []
    for person in problem.snapshot.people:
        instants = sorted([t.at for t in person.touches] + planned[person.id])
        last = max((t for t in instants if t <= problem.horizon.earliest), default=None)
        silence = timedelta(days=person.max_silence_days)
        for at in [t for t in instants if t > problem.horizon.earliest] + [problem.horizon.end]:
            if last is not None and at - last > silence and last + silence < problem.horizon.end:
                day = (last + silence).astimezone(zone(person.zone)).date()
                warnings.append(f"No slot fits a touch with {person.name} before their maximum "
                                f"silence runs out on {day}.")
                break
            last = at
    return warnings


def _value(problem: Problem, chosen: list[int]) -> int:
    return sum(marginal_values(problem.values, [problem.options[i].chosen() for i in chosen]))


def _loose_bound(problem: Problem) -> int:
    """A valid upper bound without the solver: every week warm and heard, every bonus earned."""
    values = problem.values
    total = sum(max(0, o.gain) for o in problem.options)
    for person in range(len(problem.snapshot.people)):
        weeks = problem.horizon.weeks
        total += (weeks - len(values.known_warm[person])) * values.warm_value[person]
        total += (weeks - len(values.known_heard[person])) * values.cold_penalty[person]
    return total


def _report(progress: Progress | None, fraction: float, message: str) -> None:
    if progress is not None:
        progress(fraction, message)


def _check_stop(should_stop: StopCheck | None) -> None:
    if should_stop is not None and should_stop():
        raise PlanningCancelled()


def save_plan(session: Session, plan: Plan, now: datetime) -> list[Touchpoint]:
    """Store the plan's touches as ``suggested`` touchpoints.

    Earlier suggestions, and snoozed ones whose snooze has run out, are replaced; accepted,
    done, dismissed and still-snoozed touchpoints stay as they are.

    Returns:
        The new touchpoints, in the plan's order (flushed, so they have ids).
    """
    now = ensure_utc(now)
    stale = session.scalars(select(Touchpoint).where(
        (Touchpoint.status == TouchpointStatus.SUGGESTED)
        | ((Touchpoint.status == TouchpointStatus.SNOOZED) & (Touchpoint.snoozed_until <= now))
    ))
    for old in stale:
        session.delete(old)
    session.flush()
    saved = []
    for touch in plan.touchpoints:
        row = Touchpoint(
            stakeholder_id=touch.stakeholder_id, kind=kind_by_key(session, touch.kind),
            channel=Channel(touch.channel), starts_at=ensure_utc(touch.start),
            ends_at=ensure_utc(touch.end), timezone=touch.timezone,
            status=TouchpointStatus.SUGGESTED, value=touch.value, reasons=list(touch.reasons),
            event_id=touch.event_id, commitment_id=touch.commitment_id,
            created_at=now, updated_at=now,
        )
        session.add(row)
        saved.append(row)
    session.flush()
    return saved
