"""``cadence plan`` (propose touchpoints) and ``cadence touchpoint ...`` (their life cycle)."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from cadence.calendars.busy import list_busy
from cadence.cli.common import (
    Commands,
    option_names,
    parse_date,
    parse_instant,
    print_json,
    print_table,
    split_list,
    transaction,
    whole_number,
)
from cadence.errors import ValidationError
from cadence.planner.plan import Plan
from cadence.planner.service import MAX_WEEKS, plan_workspace, save_plan
from cadence.settings import load_settings
from cadence.stakeholders import find_stakeholder
from cadence.timezones import utcnow
from cadence.touchpoints import (
    accept,
    add_touchpoint,
    complete,
    dismiss,
    get_touchpoint,
    list_touchpoints,
    move,
    snooze,
    touchpoint_as_json,
)
from cadence.vocabulary import TouchpointStatus, parse_enum
from cadence.week_agenda import touches_in_week_of
from cadence.wording import counted


def register(commands: Commands) -> None:
    """Add ``plan`` and the ``touchpoint`` group."""
    plan = commands.root.add_parser("plan", help="propose the fewest, highest-value touchpoints")
    plan.add_argument("--start", required=True, metavar="YYYY-MM-DD",
                      help="the first day; each week runs seven days from it (a Monday gives "
                           "calendar weeks, as the app plans), and your weekly hours and touch "
                           "limit hold per such week; nothing is planned before now")
    plan.add_argument("--weeks", required=True, type=whole_number, metavar="N",
                      help=f"number of weeks (1-{MAX_WEEKS})")
    plan.add_argument("--json", action="store_true", help="machine-readable output")
    plan.add_argument("--save", action="store_true",
                      help="store as suggested touchpoints, replacing unaccepted suggestions")
    plan.add_argument("--time-limit", type=float, metavar="SECONDS",
                      help="optimiser time limit (default: grows with the workspace)")
    plan.set_defaults(handler=_plan)

    group = commands.root.add_parser("touchpoint",
                                     help="add, accept, dismiss, snooze, move, done")
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="plan a touch yourself (it is accepted at once)")
    add.add_argument("--stakeholder", required=True, metavar="NAME|ID")
    add.add_argument("--kind", required=True, help="touchpoint kind key, e.g. coffee")
    add.add_argument("--at", required=True, metavar="YYYY-MM-DDTHH:MM",
                     help="start; without an offset, in the stakeholder's zone")
    add.add_argument("--channel", help="email, phone, video, in-person or im "
                                       "(default: the one the kind uses with them)")
    add.add_argument("--json", action="store_true", help="machine-readable output")
    add.set_defaults(handler=_add)
    for name, text in (("accept", "accept a suggestion (it keeps its slot)"),
                       ("dismiss", "dismiss a touchpoint"),
                       ("snooze", "put a touchpoint aside until a date (nothing new is "
                                  "planned with them meanwhile)"),
                       ("move", "move a touchpoint to another start"),
                       ("done", "mark a touchpoint done and log the interaction")):
        action = sub.add_parser(name, help=text)
        action.add_argument("id", type=whole_number)
        action.set_defaults(handler=_act)
        if name == "dismiss":
            action.add_argument("--reason", default="")
        if name == "snooze":
            action.add_argument("--until", required=True, metavar="YYYY-MM-DD[THH:MM]")
        if name == "move":
            action.add_argument("--to", required=True, metavar="YYYY-MM-DDTHH:MM",
                                help="new start; without an offset, in the stakeholder's zone")
        if name == "done":
            action.add_argument("--quality", type=whole_number, help="1 (poor) to 5 (excellent)")
    lst = sub.add_parser("list", help="list touchpoints")
    lst.add_argument("--status", metavar="STATUS,..", help="only these, comma-separated: "
                     + ", ".join(s.value for s in TouchpointStatus))
    lst.add_argument("--stakeholder", metavar="NAME|ID")
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.set_defaults(handler=_list)


#: The longest a plan may search (an hour): the solver's clock overflows on absurd limits.
MAX_TIME_LIMIT = 3600.0


def _plan(args: argparse.Namespace) -> int:
    start = parse_date(args.start, "start")
    if args.time_limit is not None and not 0 < args.time_limit <= MAX_TIME_LIMIT:
        raise ValidationError("time-limit", f"{args.time_limit:g} is not a number of seconds "
                                            f"above 0 and up to {MAX_TIME_LIMIT:g}")
    now = utcnow()
    with transaction(args) as session:
        plan = plan_workspace(session, start=start, weeks=args.weeks, now=now,
                              time_limit=args.time_limit)
        ids = [t.id for t in save_plan(session, plan, now)] if args.save else None
        limit = load_settings(session).weekly_touch_limit
    # Printed after the commit: a reader that stops early (| head) must not undo the save.
    if args.json:
        print_json(plan.as_json(ids))
    else:
        _print_plan(plan, ids, limit)
    return 0


def _print_plan(plan: Plan, ids: list[int] | None, limit: int | None) -> None:
    rows = []
    for number, touch in enumerate(plan.touchpoints, 1):
        when = touch.start.strftime("%a %Y-%m-%d %H:%M")
        rows.append([ids[number - 1] if ids else number, f"{when} {touch.timezone}",
                     touch.stakeholder, touch.title, touch.channel, f"{touch.value:.1f}"])
    within = "" if limit is None else f" (at most {limit} a week, as your settings say)"
    print(f"Plan for {counted(plan.weeks, 'week')} from {plan.start}: "
          f"{counted(len(plan.touchpoints), 'touchpoint')}{within}, "
          f"value {plan.objective:.1f} (upper bound {plan.bound:.1f}, {plan.status})")
    if rows:
        print()
        print_table(["id" if ids else "#", "when (their time)", "stakeholder", "touch",
                     "channel", "value"], rows)
        print()
        print("Why:")
        for row, touch in zip(rows, plan.touchpoints, strict=True):
            print(f"{row[0]}. {touch.stakeholder}, {touch.title}:")
            for reason in touch.reasons:
                print(f"   - {reason}")
    if plan.warnings:
        print()
        print("Warnings:")
        for warning in plan.warnings:
            print(f"  ! {warning}")
    if ids is not None:
        print()
        print(f"saved {counted(len(ids), 'suggestion')}")


def _add(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        person = find_stakeholder(session, args.stakeholder)
        with option_names({"start": "at"}):
            tp = add_touchpoint(session, person, kind_key=args.kind, channel=args.channel,
                                start=parse_instant(args.at, person.timezone, "at"),
                                now=utcnow())
        if args.json:
            print_json(touchpoint_as_json(tp))
            return 0
        print(f"added touchpoint {tp.id} ({tp.title} with {person.name} by {tp.channel.value}, "
              f"{tp.local_start:%a %Y-%m-%d %H:%M} {tp.timezone}), accepted")
        _note_over_limit(session, tp.starts_at)
    return 0


def _note_over_limit(session: Session, instant: datetime) -> None:
    """Say so when the week of ``instant`` now holds more agreed touches than the weekly
    touch limit: your own touches may go past it, the plan's never do."""
    monday, week = touches_in_week_of(session, instant)
    if week.limit is not None and week.made > week.limit:
        made = counted(week.made, "touch", "touches")
        print(f"note: the week of {monday} now has {made} logged or accepted, over your limit "
              f"of {week.limit} a week")


def _act(args: argparse.Namespace) -> int:
    now = utcnow()
    with transaction(args) as session:
        tp = get_touchpoint(session, args.id)
        if args.action == "accept":
            accept(session, tp, now)
        elif args.action == "dismiss":
            dismiss(session, tp, args.reason, now)
        elif args.action == "snooze":
            manager_zone = load_settings(session).timezone
            snooze(session, tp, parse_instant(args.until, manager_zone, "until"), now)
        elif args.action == "move":
            with option_names({"start": "to"}):
                move(session, tp, parse_instant(args.to, tp.timezone, "to"), now)
        else:
            complete(session, tp, args.quality, now)
        print(f"touchpoint {tp.id} ({tp.title} with {tp.stakeholder.name}, "
              f"{tp.local_start:%Y-%m-%d %H:%M} {tp.timezone}) is now {tp.status.value}")
        if args.action == "accept":
            _note_busy(session, tp.starts_at, tp.ends_at)
        if args.action in ("accept", "move"):
            _note_over_limit(session, tp.starts_at)
    return 0


def _note_busy(session: Session, start: datetime, end: datetime) -> None:
    """Say so when an accepted suggestion overlaps busy time imported since it was planned
    (the plan avoided what it knew; accepting keeps the slot as it is)."""
    for block in list_busy(session, start, end):
        print(f"note: it overlaps your busy time \"{block.summary or 'Busy'}\" "
              f"(from {Path(block.source).name}); move it, or re-plan")


def _list(args: argparse.Namespace) -> int:
    statuses = _statuses(args.status)
    with transaction(args) as session:
        owner = (find_stakeholder(session, args.stakeholder).id
                 if args.stakeholder is not None else None)
        rows = list_touchpoints(session, statuses=statuses, stakeholder_id=owner)
        if args.json:
            print_json([touchpoint_as_json(t) for t in rows])
            return 0
        print_table(
            ["id", "when (their time)", "stakeholder", "touch", "channel", "status", "value"],
            [[t.id, f"{t.local_start:%a %Y-%m-%d %H:%M} {t.timezone}",
              t.stakeholder.name, t.title, t.channel.value, t.status.value,
              "yours" if t.planned_by_user else f"{t.value:.1f}"]
             for t in rows],
        )
    return 0


def _statuses(text: str | None) -> list[TouchpointStatus] | None:
    """``--status a,b``: the statuses to list, or ``None`` (not given) for all of them. Given
    but empty is refused: listing everything would not be what was asked."""
    if text is None:
        return None
    names = split_list(text)
    if not names:
        known = ", ".join(s.value for s in TouchpointStatus)
        raise ValidationError("status", f"give one or more of: {known}")
    return [parse_enum(TouchpointStatus, name, "status") for name in names]
