"""Planning a workspace: load, optimise, explain, check; and saving a plan as suggestions."""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cadence.catalogue import kind_by_key
from cadence.collector_pause import collector_paused
from cadence.errors import CadenceError, ValidationError
from cadence.models import PlanRun, Touchpoint
from cadence.plan_freshness import current_revision
from cadence.planner import cpsat, rules
from cadence.planner.candidates import Horizon
from cadence.planner.greedy import greedy
from cadence.planner.lagrangian import path_bound
from cadence.planner.loading import load_snapshot
from cadence.planner.options import Problem, build_problem
from cadence.planner.placement import place
from cadence.planner.plan import Plan, PlannedTouch
from cadence.planner.plan_warnings import plan_warnings
from cadence.planner.reasons import explain
from cadence.planner.relaxation import Relaxation, relax
from cadence.planner.rounding import best_rounding
from cadence.planner.scoring import SCALE, marginal_values
from cadence.planner.snapshot import Snapshot
from cadence.settings import load_settings
from cadence.timezones import ensure_utc, today_in, zone
from cadence.touch_titles import touch_title
from cadence.vocabulary import Channel, TouchpointStatus
from cadence.wording import counted

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]
StopCheck = Callable[[], bool]

MAX_WEEKS = 104
RELAXATION_SHARE = 0.95
MIN_SOLVER_SECONDS = 1.0
# From a relaxation-guided start the search rarely gains much: a short polish only, of this
# much deterministic work (CP-SAT runs on to the end of its batch, often several times that).
POLISH_WORK = 0.5
# A plan within this share (1 %) of the bound needs no search: CP-SAT rarely gains more than
# a few tenths of a percent from there, and it would cost the user seconds.
CLOSE_ENOUGH = 0.01
# Up to this many stakeholder-weeks, GLOP's simplex solves the relaxation over two candidate
# slots per option exactly (2.4 s at 50 x 52) and CP-SAT may polish its rounding. Above it
# (300 x 26: 49 s for GLOP, 7 s for PDLP), the touches are chosen by pricing the manager's
# time (:mod:`cadence.planner.lagrangian`, 0.5 s there) and placed in the calendar afterwards
# (:mod:`cadence.planner.placement`), from one candidate slot per option.
MANY_STAKEHOLDER_WEEKS = 3_000


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
    # The cycle collector's passes over the options would freeze the window re-planning.
    with collector_paused():
        return _plan(snapshot, start, weeks, progress, should_stop, time_limit)


def _plan(snapshot: Snapshot, start: date, weeks: int, progress: Progress | None,
          should_stop: StopCheck | None, time_limit: float | None) -> Plan:
    horizon = Horizon.build(start, weeks, snapshot.manager.zone, snapshot.now)
    _report(progress, 0.05, "finding candidate slots")
    many = len(snapshot.people) * weeks > MANY_STAKEHOLDER_WEEKS
    problem = build_problem(snapshot, horizon, slots_per_option=1 if many else 2)
    _check_stop(should_stop)
    if not problem.options:
        return _finish(problem, [], 0, "empty")
    limit = time_limit if time_limit is not None else default_time_limit(len(problem.options))
    if many:
        return _priced_plan(problem, limit, progress, should_stop)
    return _searched_plan(problem, limit, progress, should_stop)


def _searched_plan(
    problem: Problem, limit: float, progress: Progress | None, should_stop: StopCheck | None,
) -> Plan:
    """Round the exact relaxation and, if that is not within 1 % of its bound, polish it with
    CP-SAT; then price and place as for wide workspaces, and keep the better plan.

    The first two work on the candidate slots only, and so does their bound; pricing's bound
    also holds for touches moved anywhere in their rooms, so it is the one reported (a little
    looser, as it covers more).
    """
    began = time.monotonic()
    first, relaxation = _first_plan(problem, limit, progress, should_stop)
    _check_stop(should_stop)
    chosen = first
    if relaxation is None or problem.value(first) < relaxation.bound * (1 - CLOSE_ENOUGH):
        _report(progress, 0.3, "optimising")
        work = POLISH_WORK if relaxation is not None else search_work(len(problem.options),
                                                                      limit)
        remaining = max(MIN_SOLVER_SECONDS, limit - (time.monotonic() - began), 2 * work)
        solution = cpsat.solve(problem, hint=first, work_limit=work, time_limit=remaining,
                               should_stop=should_stop, progress=progress)
        if problem.value(solution.chosen) > problem.value(first):
            chosen = solution.chosen
    return _priced_and_placed(problem, chosen, limit - (time.monotonic() - began), progress,
                              should_stop)


def _first_plan(
    problem: Problem, limit: float, progress: Progress | None, should_stop: StopCheck | None,
) -> tuple[list[int], Relaxation | None]:
    """The greedy plan, guided by the relaxation if that is solved in time."""
    _report(progress, 0.1, f"solving the relaxation of {len(problem.options)} options")
    relaxation = relax(problem, RELAXATION_SHARE * limit, should_stop)
    _check_stop(should_stop)
    _report(progress, 0.2, "building a first plan")
    first = greedy(problem)
    if relaxation is not None:
        first = best_rounding(problem, relaxation.fractions, first)
    return first, relaxation


def _priced_plan(
    problem: Problem, limit: float, progress: Progress | None, should_stop: StopCheck | None,
) -> Plan:
    """Choose the touches by pricing the manager's time, then place them in the calendar,
    seeded by the plain greedy plan."""
    _report(progress, 0.1, "building a first plan")
    first = greedy(problem)
    _check_stop(should_stop)
    return _priced_and_placed(problem, first, limit, progress, should_stop)


def _priced_and_placed(
    problem: Problem, start: list[int], time_budget: float, progress: Progress | None,
    should_stop: StopCheck | None,
) -> Plan:
    """The better of ``start`` and a plan from the touches pricing leans to, placed and filled
    up greedily, with pricing's bound.

    The column generation's bound holds wherever the touches sit in their rooms, so it bounds
    the placed plan, and any plan on candidate slots, too.
    """
    if should_stop is not None and should_stop():
        return _finish(problem, start, _loose_bound(problem), "cancelled")
    _report(progress, 0.5, "pricing the manager's time")
    priced = path_bound(problem, time_budget=max(MIN_SOLVER_SECONDS, time_budget),
                        start=start, should_stop=should_stop)
    if priced is None:
        return _finish(problem, start, _loose_bound(problem), "cancelled")
    _report(progress, 0.9, "placing the touches in the calendar")
    placed = place(problem, priced.leading)
    guide = [0.0] * len(problem.options)  # placing may have added moved touches as options
    for index in placed:
        guide[index] = 1.0
    chosen = greedy(problem, guide)
    if problem.value(start) > problem.value(chosen):
        chosen = start
    return _finish(problem, chosen, priced.bound, _status(problem.value(chosen), priced.bound))


def _status(value: int, bound: int) -> str:
    """``optimal`` at the bound, ``near-optimal`` within 1 % of it, else ``feasible``."""
    if value >= bound:
        return "optimal"
    return "near-optimal" if value >= bound * (1 - CLOSE_ENOUGH) else "feasible"


def search_work(options: int, limit: float) -> float:
    """CP-SAT's deterministic work that fits in ``limit`` seconds for a model of ``options``.

    Measured on the 2-core development machine: a unit of work takes about ``1 + options /
    10,000`` seconds, and CP-SAT runs on to the end of its batch of subsolvers, often twice
    the limit. Derived from the input alone (not from the time already spent), so the plan is
    the same on every run.
    """
    return limit / (2 * (1 + options / 10_000))


def default_time_limit(options: int) -> float:
    """Seconds for relaxation and search together: 5 s plus 1 s per 300 options, 45 s at most."""
    return min(45.0, 5.0 + options / 300)


def _finish(problem: Problem, chosen: list[int], bound: int, status: str) -> Plan:
    snapshot = problem.snapshot
    options = sorted((problem.options[i] for i in chosen),
                     key=lambda o: (o.start, snapshot.people[o.person].id))
    values = marginal_values(problem.values, [o.chosen() for o in options])
    earlier: dict[int, list[datetime]] = defaultdict(list)
    events = {e.id: (e.name, e.starts_at) for e in snapshot.events}
    promises = {c.id: c.what for c in snapshot.commitments}
    touches = []
    for option, value in zip(options, values, strict=True):
        person = snapshot.people[option.person]
        local = zone(person.zone)
        title = touch_title(
            option.kind.name, option.end,
            event=events[option.event_id] if option.event_id is not None else None,
            commitment_what=(promises[option.commitment_id]
                             if option.commitment_id is not None else None),
        )
        touches.append(PlannedTouch(
            stakeholder_id=person.id, stakeholder=person.name, kind=option.kind.key,
            title=title, channel=option.channel, start=option.start.astimezone(local),
            end=option.end.astimezone(local), timezone=person.zone, value=value / SCALE,
            reasons=explain(snapshot, option, earlier[person.id]), event_id=option.event_id,
            commitment_id=option.commitment_id,
        ))
        earlier[person.id].append(option.start)
    warnings = _safety_net(problem, touches) + plan_warnings(problem, touches)
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
    """Store the plan's touches as ``suggested`` touchpoints, and its summary as the last run.

    Earlier suggestions, and snoozed ones whose snooze has run out, are replaced (a suggestion
    made again keeps its row, id and calendar ``UID``, with the new time); accepted,
    done, dismissed and still-snoozed touchpoints stay as they are (the planner offers a
    stakeholder nothing new while a suggestion with them is snoozed). The
    :class:`~cadence.models.PlanRun` keeps the warnings and figures for :func:`last_plan_run`.

    Returns:
        The saved touchpoints, in the plan's order (flushed, so they have ids).

    Raises:
        ValidationError: the plan's weeks are all over; saved, it would only have dropped
            the open suggestions.
    """
    now = ensure_utc(now)
    ends = plan.start + timedelta(weeks=plan.weeks)
    if ends <= today_in(load_settings(session).timezone, now):
        raise ValidationError("start", f"the plan's weeks ({counted(plan.weeks, 'week')} from "
                                       f"{plan.start}) are over; save a plan that starts this "
                                       "week or later")
    stale = list(session.scalars(select(Touchpoint).where(
        (Touchpoint.status == TouchpointStatus.SUGGESTED)
        | ((Touchpoint.status == TouchpointStatus.SNOOZED) & (Touchpoint.snoozed_until <= now))
    ).order_by(Touchpoint.starts_at, Touchpoint.id)))
    # A snoozed suggestion whose snooze ran out is not reused: it was put off to be thought
    # over again, and goes unless the plan wants it anew.
    reusable = _by_identity([row for row in stale if row.status is TouchpointStatus.SUGGESTED])
    saved = [_stored(session, touch, reusable, now) for touch in plan.touchpoints]
    left = [row for rows in reusable.values() for row in rows]
    for row in left + [row for row in stale if row.status is TouchpointStatus.SNOOZED]:
        session.delete(row)
    session.flush()
    session.execute(delete(PlanRun))
    session.add(PlanRun(
        made_at=now, start_on=plan.start, weeks=plan.weeks, status=plan.status,
        objective=plan.objective, bound=plan.bound, warnings=list(plan.warnings),
        inputs_revision=current_revision(session),
    ))
    session.flush()
    return saved


_Identity = tuple[int, int, int | None, int | None]


def _stored(session: Session, touch: PlannedTouch, reusable: dict[_Identity, list[Touchpoint]],
            now: datetime) -> Touchpoint:
    """``touch`` as a suggested touchpoint: the same open suggestion's row if there is one."""
    kind = kind_by_key(session, touch.kind)
    same = reusable.get((touch.stakeholder_id, kind.id, touch.event_id, touch.commitment_id))
    row = same.pop(0) if same else Touchpoint(
        stakeholder_id=touch.stakeholder_id, kind=kind, event_id=touch.event_id,
        commitment_id=touch.commitment_id, status=TouchpointStatus.SUGGESTED, created_at=now,
    )
    row.channel, row.timezone = Channel(touch.channel), touch.timezone
    row.starts_at, row.ends_at = ensure_utc(touch.start), ensure_utc(touch.end)
    row.value, row.reasons = touch.value, list(touch.reasons)
    if row.id is None or session.is_modified(row):
        row.updated_at = now
    session.add(row)
    return row


def _by_identity(suggestions: list[Touchpoint]) -> dict[_Identity, list[Touchpoint]]:
    """Open suggestions by stakeholder, kind, event and promise, earliest first.

    A suggestion the new plan makes again keeps its row, and so its calendar ``UID``: an
    exported suggestion is updated in calendars rather than cancelled and added anew.
    """
    found: dict[_Identity, list[Touchpoint]] = {}
    for row in suggestions:
        found.setdefault((row.stakeholder_id, row.kind_id, row.event_id, row.commitment_id),
                         []).append(row)
    return found


def last_plan_run(session: Session) -> PlanRun | None:
    """The summary of the last saved plan, if one was saved."""
    return session.scalars(select(PlanRun).order_by(PlanRun.made_at.desc()).limit(1)).first()
