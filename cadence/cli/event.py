"""``cadence event add|list``."""

from __future__ import annotations

import argparse

from cadence.cli.common import (
    Commands,
    parse_date,
    print_json,
    print_table,
    split_list,
    transaction,
)
from cadence.events import add_event, event_as_json, list_events
from cadence.settings import load_settings
from cadence.timezones import zone
from cadence.wording import counted


def register(commands: Commands) -> None:
    """Add the ``event`` group."""
    group = commands.root.add_parser("event", help="dated events with seats (hackathons, ...)")
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = sub.add_parser("add", help="add an event")
    add.add_argument("--name", required=True)
    add.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    add.add_argument("--seats", required=True, type=int)
    add.add_argument("--topics", default="", metavar="TOPIC,..")
    add.add_argument("--kind", default="hackathon", help="touchpoint kind of the invite")
    add.add_argument("--days", type=int, default=1, help="how many days it lasts")
    add.add_argument("--timezone", help="zone of the venue (default: yours)")
    add.add_argument("--location", default="")
    add.add_argument("--lead", type=int, default=None, metavar="DAYS",
                     help="invite this many days ahead (default: from settings)")
    add.set_defaults(handler=_add)

    lst = sub.add_parser("list", help="list events")
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.set_defaults(handler=_list)


def _add(args: argparse.Namespace) -> int:
    day = parse_date(args.date, "date")
    with transaction(args) as session:
        settings = load_settings(session)
        event = add_event(
            session, name=args.name, day=day, seats=args.seats,
            topics=split_list(args.topics) or [], timezone=args.timezone or settings.timezone,
            kind_key=args.kind, days=args.days, location=args.location,
            invite_lead_days=settings.event_invite_lead_days if args.lead is None else args.lead,
        )
        print(f"added event {event.id}: {event.name} on {day} with "
              f"{counted(event.seats, 'seat')}")
    return 0


def _list(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        events = list_events(session)
        if args.json:
            print_json([event_as_json(e) for e in events])
            return 0
        print_table(
            ["id", "name", "start (venue time)", "seats", "topics"],
            [[e.id, e.name, f"{e.starts_at.astimezone(zone(e.timezone)):%a %Y-%m-%d %H:%M} "
              f"{e.timezone}", e.seats, ", ".join(e.topics)] for e in events],
        )
    return 0
