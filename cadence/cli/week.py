"""``cadence week``: a week's touchpoints beside your busy times, day by day, with its count of
touches against the weekly touch limit: the Week tab on the command line."""

from __future__ import annotations

import argparse
from datetime import date, time

from cadence.cli.common import Commands, parse_date, print_json, transaction
from cadence.settings import load_settings
from cadence.timezones import local_to_utc, today_in, zone
from cadence.week_agenda import ItemKind, WeekItem, touches_in_week_of, week_items, week_span

_SHOWN_AS = {ItemKind.BUSY: "busy", ItemKind.SUGGESTION: "suggested"}


def register(commands: Commands) -> None:
    """Add the ``week`` command."""
    week = commands.root.add_parser(
        "week", help="a week's touchpoints and busy times, and its touches against your limit")
    week.add_argument("--date", metavar="YYYY-MM-DD",
                      help="any day of the week to show (default: today, in your zone)")
    week.add_argument("--json", action="store_true", help="machine-readable output")
    week.set_defaults(handler=_week)


def _week(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        manager_zone = load_settings(session).timezone
        day = (parse_date(args.date, "date") if args.date is not None
               else today_in(manager_zone))
        monday, touches = touches_in_week_of(session, local_to_utc(day, time(12), manager_zone))
        items = week_items(session, *week_span(monday, manager_zone))
    if args.json:
        print_json({
            "week_of": monday.isoformat(), "timezone": manager_zone,
            "touches": {"made": touches.made, "suggested": touches.suggested,
                        "limit": touches.limit},
            "items": [_as_json(item, manager_zone) for item in items],
        })
        return 0
    print(f"Week of {monday} ({manager_zone}): {touches.summary()}")
    shown: date | None = None
    for item in items:
        local = item.starts_at.astimezone(zone(manager_zone))
        if local.date() != shown:
            shown = local.date()
            print(f"\n{shown:%a %d %b}")
        print(f"  {_hours(item, manager_zone):<11}  {_what(item):<9}  {item.title}")
    if not items:
        print("\nNothing planned or busy this week.")
    return 0


def _hours(item: WeekItem, zone_name: str) -> str:
    if item.all_day:
        return "all day"
    start, end = (instant.astimezone(zone(zone_name)) for instant in
                  (item.starts_at, item.ends_at))
    return f"{start:%H:%M}-{end:%H:%M}"


def _what(item: WeekItem) -> str:
    if item.status is not None and item.kind is ItemKind.TOUCH:
        return item.status.value
    return _SHOWN_AS.get(item.kind, item.kind.value)


def _as_json(item: WeekItem, zone_name: str) -> dict[str, object]:
    local = zone(zone_name)
    return {
        "kind": item.kind.value, "status": item.status.value if item.status else None,
        "start": item.starts_at.astimezone(local).isoformat(),
        "end": item.ends_at.astimezone(local).isoformat(), "all_day": item.all_day,
        "title": item.title, "stakeholder_id": item.stakeholder_id,
        "touchpoint_id": item.touchpoint_id,
    }
