"""``cadence event add|edit|remove|list``."""

from __future__ import annotations

import argparse

from cadence.cli.common import (
    Commands,
    parse_date,
    print_json,
    print_table,
    require_a_change,
    split_list,
    transaction,
    whole_number,
)
from cadence.events import (
    EventChanges,
    add_event,
    edit_event,
    event_as_json,
    get_event,
    list_events,
    remove_event,
    seats_taken,
    seats_taken_by_event,
    venue_time,
)
from cadence.hours import parse_hours
from cadence.settings import load_settings
from cadence.timezones import today_in
from cadence.wording import counted


def register(commands: Commands) -> None:
    """Add the ``event`` group."""
    group = commands.root.add_parser("event", help="dated events with seats (hackathons, ...)")
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = sub.add_parser("add", help="add an event")
    add.add_argument("--name", required=True)
    add.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    add.add_argument("--seats", required=True, type=whole_number)
    add.add_argument("--topics", default="", metavar="TOPIC,..")
    add.add_argument("--kind", default="hackathon", help="touchpoint kind of the invite")
    add.add_argument("--days", type=whole_number, default=1, help="how many days it lasts")
    add.add_argument("--hours", default="09:00-17:00", metavar="HH:MM-HH:MM",
                     help="from its start on the first day to its end on the last, at the "
                          "venue (default: 09:00-17:00)")
    add.add_argument("--timezone", help="zone of the venue (default: yours)")
    add.add_argument("--location", default="")
    add.add_argument("--url", default="", help="its page (agenda, registration); invitations "
                                               "carry it")
    add.add_argument("--lead", type=whole_number, default=None, metavar="DAYS",
                     help="invite this many days ahead (default: from settings)")
    add.set_defaults(handler=_add)

    edit = sub.add_parser("edit", help="change an event; what is not given stays (a new date "
                                       "or zone keeps its local hours)")
    edit.add_argument("id", type=whole_number)
    edit.add_argument("--name")
    edit.add_argument("--date", metavar="YYYY-MM-DD")
    edit.add_argument("--days", type=whole_number, help="how many days it lasts")
    edit.add_argument("--hours", metavar="HH:MM-HH:MM",
                      help="from its start on the first day to its end on the last, at the venue")
    edit.add_argument("--seats", type=whole_number, help="not fewer than the seats taken")
    edit.add_argument("--topics", metavar="TOPIC,..")
    edit.add_argument("--timezone", help="zone of the venue")
    edit.add_argument("--location")
    edit.add_argument("--url", help="its page (agenda, registration); '' for none")
    edit.add_argument("--lead", type=whole_number, metavar="DAYS",
                      help="invite this many days ahead")
    edit.add_argument("--kind", help="touchpoint kind of the invite")
    edit.set_defaults(handler=_edit)

    remove = sub.add_parser("remove", help="remove an event nobody holds a seat at (with the "
                                           "invitations only suggested for it)")
    remove.add_argument("id", type=whole_number)
    remove.set_defaults(handler=_remove)

    lst = sub.add_parser("list", help="list events")
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.set_defaults(handler=_list)


def _add(args: argparse.Namespace) -> int:
    day = parse_date(args.date, "date")
    start, end = parse_hours(args.hours, "hours", across_days=True)
    with transaction(args) as session:
        settings = load_settings(session)
        event = add_event(
            session, name=args.name, day=day, seats=args.seats,
            topics=split_list(args.topics) or [],
            timezone=settings.timezone if args.timezone is None else args.timezone,
            kind_key=args.kind, start=start, end=end, days=args.days, location=args.location,
            url=args.url,
            invite_lead_days=settings.event_invite_lead_days if args.lead is None else args.lead,
            today=today_in(settings.timezone),
        )
        print(f"added event {event.id}: {event.name}, {venue_time(event)}, with "
              f"{counted(event.seats, 'seat')}")
    return 0


def _edit(args: argparse.Namespace) -> int:
    day = parse_date(args.date, "date") if args.date is not None else None
    start, end = (parse_hours(args.hours, "hours", across_days=True) if args.hours is not None
                  else (None, None))
    changes = EventChanges(
        name=args.name, day=day, days=args.days, start=start, end=end, seats=args.seats,
        topics=split_list(args.topics), timezone=args.timezone, location=args.location,
        url=args.url, invite_lead_days=args.lead, kind_key=args.kind,
    )
    require_a_change(args, changes)
    with transaction(args) as session:
        event = get_event(session, args.id)
        edit_event(session, event, changes)
        print(f"changed event {event.id}: {event.name}, {venue_time(event)}, "
              f"{counted(event.seats, 'seat')} ({seats_taken(session, event.id)} taken)")
    return 0


def _remove(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        event = get_event(session, args.id)
        name = event.name
        dropped = remove_event(session, event)
        print(f"removed event {args.id}: {name}"
              + (f", and {counted(dropped, 'suggested invitation')} to it" if dropped else ""))
    return 0


def _list(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        events = list_events(session)
        if args.json:
            print_json([event_as_json(e) for e in events])
            return 0
        taken = seats_taken_by_event(session, [e.id for e in events])
        print_table(
            ["id", "name", "when (venue time)", "seats", "taken", "topics"],
            [[e.id, e.name, venue_time(e), e.seats, taken.get(e.id, 0), ", ".join(e.topics)]
             for e in events],
        )
    return 0
