"""Planner benchmark: synthetic workspaces of 50/300/2000 stakeholders over 13/26/52 weeks.

For each size: wall time (median of 5 runs, each in the same fresh process), peak resident
memory of that process, the plan's value, the solver's proven bound and the gap, and a naive
fixed-interval baseline (every stakeholder every 30 days, as personal CRMs remind, in the first
slot the manager's week allows) measured with the same value function; for both, the
stakeholder-days spent past maximum silence (:mod:`benchmarks.keep_warm`).

    python -m benchmarks.planner            # every size
    python -m benchmarks.planner 300x26     # one size
    python -m benchmarks.planner --crowded 300x26 2000x52
                                            # the manager free 3 hours a working day
    python -m benchmarks.planner --holidays 300x26 2000x52
                                            # everyone off on their public holidays
    python -m benchmarks.planner --baseline 2000x52
                                            # the baseline's own schedule against its done
                                            # part, and the keep-warm floor
    python -m benchmarks.planner --paced 300x26 2000x52
                                            # the manager allows as many touches a week as
                                            # the baseline makes on average
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from benchmarks.keep_warm import days_past_silence, keep_warm_floor
from cadence.catalogue import DEFAULT_KINDS
from cadence.planner.candidates import Horizon, SlotFinder, grid_starts
from cadence.planner.options import commitment_hours, regular_kinds
from cadence.planner.scoring import (
    SCALE,
    Chosen,
    ValueModel,
    cover_weeks,
    overreach_penalty,
    plan_value,
    touch_gain,
)
from cadence.planner.service import plan_snapshot
from cadence.planner.snapshot import (
    EventOffer,
    Interval,
    Kind,
    Manager,
    OpenCommitment,
    PastTouch,
    Person,
    Snapshot,
)
from cadence.public_holidays import country_of_zone
from cadence.vocabulary import Period

SIZES = [(50, 13), (50, 26), (50, 52), (300, 13), (300, 26), (300, 52),
         (2000, 13), (2000, 26), (2000, 52)]
RUNS = 5
BASELINE_DAYS = 30
NOW = datetime(2027, 1, 3, 18, 0, tzinfo=UTC)
START = date(2027, 1, 4)
ZONES = ["Europe/Berlin", "Europe/London", "America/New_York", "Asia/Singapore",
         "Europe/Paris", "America/Chicago"]
TOPICS = ["ai", "data", "cloud", "security", "automation", "kubernetes"]
CROWDED_FREE_HOURS = 3
BUDGETS = [(1, Period.MONTH), (2, Period.MONTH), (3, Period.QUARTER), (2, Period.QUARTER),
           (1, Period.QUARTER)]


def weekly_capacity(people: int) -> float:
    """Hours a week the manager of ``people`` stakeholders gives to touches (36 h at most)."""
    return min(36.0, 6 + people / 10)


def synthetic_snapshot(people: int, weeks: int, seed: int = 7) -> Snapshot:
    """A reproducible workspace of ``people`` stakeholders with history, commitments, events."""
    rng = random.Random(seed)
    kinds = tuple(Kind(k.key, k.name, k.value, k.pressure, k.duration_minutes, k.prep_minutes,
                       k.channel.value, k.purpose) for k in DEFAULT_KINDS)
    keys = [k.key for k in kinds]
    persons, commitments = [], []
    for ident in range(1, people + 1):
        budget, period = rng.choice(BUDGETS)
        likes = frozenset(rng.sample(keys, rng.randint(0, 2)))
        dislikes = frozenset(rng.sample([k for k in keys if k not in likes], rng.randint(0, 2)))
        history = tuple(
            PastTouch(NOW - timedelta(days=rng.randint(3, 150)), rng.choice(keys))
            for _ in range(rng.randint(0, 3))
        )
        start_hour = rng.choice([8, 9, 10])
        persons.append(Person(
            id=ident, name=f"Person {ident}", account=f"Account {ident % 40}",
            tier=rng.choice([1, 2, 2, 3]), zone=rng.choice(ZONES),
            importance=rng.randint(1, 5), budget_max=budget, budget_period=period,
            min_gap_days=rng.choice([7, 14, 21, 30]), max_silence_days=rng.choice([45, 60, 90]),
            channels=tuple(rng.sample(["email", "video", "phone", "in-person", "im"],
                                      rng.randint(2, 4))),
            reachable_days=frozenset(range(5)), reachable_start=clock(start_hour),
            reachable_end=clock(start_hour + 8), likes=likes, dislikes=dislikes,
            interests=frozenset(rng.sample(TOPICS, rng.randint(0, 2))), touches=history,
        ))
    # About one promise a week, whatever the portfolio size: what one manager can carry.
    for number in range(1, weeks + 1):
        due = START + timedelta(days=rng.randint(5, 7 * weeks))
        commitments.append(OpenCommitment(
            number, rng.randint(1, people), "a promised deliverable",
            datetime.combine(due, clock(0), tzinfo=UTC), due.isoformat(),
            rng.choice([1.0, 2.0, 4.0])))
    events = tuple(
        EventOffer(i + 1, f"Hackathon {i + 1}",
                   datetime.combine(START + timedelta(days=30 + 60 * i), clock(9), tzinfo=UTC),
                   "hackathon", seats_left=max(5, people // 20),
                   topics=frozenset(rng.sample(TOPICS, 2)), invite_lead_days=14)
        for i in range(max(1, weeks // 9))
    )
    busy = tuple(
        Interval(datetime.combine(START + timedelta(days=d), clock(12), tzinfo=UTC),
                 datetime.combine(START + timedelta(days=d), clock(13), tzinfo=UTC))
        for d in range(7 * weeks)
    )
    manager = Manager("Europe/Berlin", frozenset(range(5)), clock(8), clock(18),
                      weekly_capacity_hours=weekly_capacity(people))
    return Snapshot(NOW, manager, kinds, tuple(persons), tuple(commitments), events, busy)


def crowded(snapshot: Snapshot, weeks: int, seed: int = 3) -> Snapshot:
    """``snapshot`` with the manager in meetings all but ``CROWDED_FREE_HOURS`` whole hours
    of each working day, different hours every day, as a busy account manager's calendar."""
    rng = random.Random(seed)
    manager = snapshot.manager
    local = ZoneInfo(manager.zone)
    hours = range(manager.work_start.hour, manager.work_end.hour)
    busy = []
    for offset in range(7 * weeks):
        day = START + timedelta(days=offset)
        if day.weekday() not in manager.work_days:
            continue
        free = set(rng.sample(hours, CROWDED_FREE_HOURS))
        for hour in hours:
            if hour not in free:
                begin = datetime.combine(day, clock(hour), tzinfo=local).astimezone(UTC)
                busy.append(Interval(begin, begin + timedelta(hours=1)))
    return dataclasses.replace(snapshot, busy=tuple(busy))


def with_holidays(snapshot: Snapshot) -> Snapshot:
    """``snapshot`` with everyone off on their country's public holidays, as in the app (the
    country of each one's zone: six zones, five countries)."""
    people = tuple(dataclasses.replace(p, holiday_region=country_of_zone(p.zone))
                   for p in snapshot.people)
    manager = dataclasses.replace(snapshot.manager,
                                  holiday_region=country_of_zone(snapshot.manager.zone))
    return dataclasses.replace(snapshot, people=people, manager=manager)


@dataclasses.dataclass(frozen=True)
class BaselineRun:
    """What the baseline did: its touches (stakeholder id, start), value and overreach charge."""

    touches: list[tuple[int, datetime]]
    value: float
    overreach: float


def baseline(snapshot: Snapshot, weeks: int) -> BaselineRun:
    """Touches and value of "every stakeholder every 30 days", as the manager's week allows.

    Each reminder becomes a check-in (the stakeholder's lightest regular kind) at the first
    quarter hour at or after its due time that is free for both sides, within the weekly
    capacity (less the work reserved for promises, as for the planner) and clear of what is
    already booked; budgets, gaps and value are ignored, as a fixed-interval reminder does.
    Its value is measured with the planner's value function, which charges touches beyond a
    stakeholder's budget or inside their minimum gap (the planner never makes those).
    """
    horizon = Horizon.build(START, weeks, snapshot.manager.zone, snapshot.now)
    finder = SlotFinder(snapshot, horizon)
    reminders = _reminders(snapshot, horizon)
    # The same weekly time as the planner: capacity less the work reserved for promises.
    left = [snapshot.manager.weekly_capacity_hours * 60] * weeks
    for week, hours in commitment_hours(snapshot, horizon).items():
        left[week] -= hours * 60
    used = [0] * weeks
    booked: dict[date, list[Interval]] = defaultdict(list)
    touches = []
    for due, index in sorted(reminders):
        person = snapshot.people[index]
        kinds = regular_kinds(snapshot, person)
        if not kinds:
            continue
        kind = kinds[-1]
        load = kind.duration_minutes + kind.prep_minutes
        slot = _first_free(finder, horizon, person, due, kind.duration_minutes, booked)
        while slot is not None:
            week = horizon.week_of(slot.start)
            if used[week] + load <= left[week]:
                used[week] += load
                booked[slot.start.date()].append(slot)
                touches.append(Chosen(index, week, slot.start,
                                      touch_gain(person, kind, load), cover_weeks(person)))
                break
            slot = _first_free(finder, horizon, person, horizon.bounds[week + 1],
                               kind.duration_minutes, booked)
    value = plan_value(ValueModel.build(snapshot, horizon), touches)
    penalty = overreach_penalty(snapshot.people, [(t.person, t.at) for t in touches])
    return BaselineRun([(snapshot.people[t.person].id, t.at) for t in touches],
                       (value - penalty) / SCALE, penalty / SCALE)


def _reminders(snapshot: Snapshot, horizon: Horizon) -> list[tuple[datetime, int]]:
    """(due, stakeholder index) of every reminder "every 30 days" raises in the horizon."""
    reminders = []
    for index, person in enumerate(snapshot.people):
        due = horizon.earliest + timedelta(days=person.id % BASELINE_DAYS)
        while due < horizon.end:
            reminders.append((due, index))
            due += timedelta(days=BASELINE_DAYS)
    return reminders


def schedule(snapshot: Snapshot, weeks: int) -> tuple[int, float, float]:
    """The baseline's own schedule, as if the manager had all the time it asks for.

    Every reminder done when due, with no slot or weekly limit: how many touches, the
    manager's hours a week they take, and their value (net of the overreach charge).
    """
    horizon = Horizon.build(START, weeks, snapshot.manager.zone, snapshot.now)
    touches, minutes = [], 0
    for due, index in _reminders(snapshot, horizon):
        person = snapshot.people[index]
        kinds = regular_kinds(snapshot, person)
        if not kinds:
            continue
        load = kinds[-1].duration_minutes + kinds[-1].prep_minutes
        minutes += load
        touches.append(Chosen(index, horizon.week_of(due), due,
                              touch_gain(person, kinds[-1], load), cover_weeks(person)))
    value = plan_value(ValueModel.build(snapshot, horizon), touches)
    penalty = overreach_penalty(snapshot.people, [(t.person, t.at) for t in touches])
    return len(touches), minutes / 60 / weeks, (value - penalty) / SCALE


def _first_free(finder: SlotFinder, horizon: Horizon, person: Person, after: datetime,
                minutes: int, booked: dict[date, list[Interval]]) -> Interval | None:
    length = timedelta(minutes=minutes)
    for week in range(max(horizon.week_of(after), 0), horizon.weeks):
        for at in grid_starts(finder.free(person, week), length):
            if at < after:
                continue
            slot = Interval(at, at + length)
            if not any(b.start < slot.end and slot.start < b.end for b in booked[at.date()]):
                return slot
    return None


def paced(snapshot: Snapshot, weeks: int) -> Snapshot:
    """``snapshot`` with the manager's weekly touch limit at the baseline's pace: as many
    touches a week as the baseline makes on average (rounded down), so the plan can make no
    more touches than the baseline and the two compare on value alone."""
    pace = len(baseline(snapshot, weeks).touches) // weeks
    return dataclasses.replace(
        snapshot, manager=dataclasses.replace(snapshot.manager, weekly_touch_limit=pace))


def measure(people: int, weeks: int, mode: str = "") -> dict[str, float | str | None]:
    """Run one size ``RUNS`` times in this process; medians and the process's peak memory.

    ``mode``: ``crowded`` for the crowded calendar (see :func:`crowded`), ``holidays`` with
    public holidays (see :func:`with_holidays`), ``paced`` with the baseline's pace as the
    weekly touch limit (see :func:`paced`).
    """
    snapshot = synthetic_snapshot(people, weeks)
    if mode == "crowded":
        snapshot = crowded(snapshot, weeks)
    elif mode == "holidays":
        snapshot = with_holidays(snapshot)
    elif mode == "paced":
        snapshot = paced(snapshot, weeks)
    times, plans = [], []
    for _ in range(RUNS):
        began = time.perf_counter()
        plans.append(plan_snapshot(snapshot, start=START, weeks=weeks))
        times.append(time.perf_counter() - began)
    plan = plans[len(plans) // 2]
    base = baseline(snapshot, weeks)
    horizon = Horizon.build(START, weeks, snapshot.manager.zone, snapshot.now)
    silent = days_past_silence(snapshot, horizon,
                               [(t.stakeholder_id, t.start) for t in plan.touchpoints])
    return {
        "people": people, "weeks": weeks, "seconds": statistics.median(times),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "touches": len(plan.touchpoints), "value": plan.objective, "bound": plan.bound,
        "gap_pct": 100 * plan.gap, "status": plan.status, "silent_days": silent,
        "baseline_touches": len(base.touches), "baseline_value": base.value,
        "baseline_overreach": base.overreach,
        "baseline_silent_days": days_past_silence(snapshot, horizon, base.touches),
        "touch_limit": snapshot.manager.weekly_touch_limit,
    }


def size(text: str) -> tuple[int, int]:
    """``PEOPLExWEEKS`` (e.g. ``300x26``) as a pair; argparse's type for the sizes."""
    people, _, weeks = text.partition("x")
    if not (people.isdigit() and weeks.isdigit() and int(people) > 0 and int(weeks) > 0):
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 300x26")
    return int(people), int(weeks)


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.planner",
        description="Plan synthetic workspaces and print a Markdown table of the figures.")
    parser.add_argument("sizes", nargs="*", type=size, metavar="PEOPLExWEEKS",
                        help="sizes to measure (default: all nine of 50/300/2000 x 13/26/52)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--crowded", action="store_true",
                      help="the manager is free only 3 whole hours of each working day")
    mode.add_argument("--holidays", action="store_true",
                      help="everyone is off on their country's public holidays, as in the app")
    mode.add_argument("--paced", action="store_true",
                      help="the manager allows as many touches a week as the baseline makes "
                           "on average")
    mode.add_argument("--baseline", action="store_true",
                      help="the baseline's own schedule against what of it the manager's week "
                           "allows, and the keep-warm floor")
    parser.add_argument("--one", action="store_true",
                        help="measure one size in this process and print JSON (used by the "
                             "table, which runs each size in a fresh process)")
    args = parser.parse_args(argv)
    if args.one and len(args.sizes) != 1:
        parser.error("--one takes exactly one size")
    return args


def main(argv: list[str]) -> None:
    """Measure each size in a fresh process and print a Markdown table."""
    args = _arguments(argv)
    if args.baseline:
        _baseline_table(args.sizes or SIZES)
    else:
        mode = next((m for m in ("crowded", "holidays", "paced") if getattr(args, m)), "")
        if args.one:
            people, weeks = args.sizes[0]
            print(json.dumps(measure(people, weeks, mode)))
        else:
            _table(args.sizes or SIZES, [f"--{mode}"] if mode else [])


def _baseline_table(sizes: list[tuple[int, int]]) -> None:
    print("| stakeholders x weeks | reminders | hours a week they take | value if all "
          "were done | done as the manager's week allows | their value | keep-warm floor "
          "(touches) |")
    print("|---|---|---|---|---|---|---|")
    for people, weeks in sizes:
        snapshot = synthetic_snapshot(people, weeks)
        wanted, hours, worth = schedule(snapshot, weeks)
        done = baseline(snapshot, weeks)
        horizon = Horizon.build(START, weeks, snapshot.manager.zone, snapshot.now)
        print(f"| {people} x {weeks} | {wanted} | {hours:.1f} | {worth:.0f} | "
              f"{len(done.touches)} | {done.value:.0f} | "
              f"{keep_warm_floor(snapshot, horizon)} |")


def _table(sizes: list[tuple[int, int]], mode: list[str]) -> None:
    print("| stakeholders x weeks | time (median of 5) | peak RSS | touches | value | bound | "
          "gap | status | days past silence | baseline touches | baseline value (overreach "
          "charged) | baseline days past silence |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for people, weeks in sizes:
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.planner", *mode, "--one", f"{people}x{weeks}"],
            check=True, capture_output=True, text=True,
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        limit = "" if r["touch_limit"] is None else f" (at most {r['touch_limit']} a week)"
        print(f"| {people} x {weeks}{limit} | {r['seconds']:.2f} s | {r['peak_mb']:.0f} MB | "
              f"{r['touches']} | {r['value']:.0f} | {r['bound']:.0f} | {r['gap_pct']:.2f} % | "
              f"{r['status']} | {r['silent_days']:.0f} | {r['baseline_touches']} | "
              f"{r['baseline_value']:.0f} ({r['baseline_overreach']:.0f}) | "
              f"{r['baseline_silent_days']:.0f} |",
              flush=True)

if __name__ == "__main__":
    main(sys.argv[1:])
