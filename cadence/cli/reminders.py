"""``cadence reminders list|run``: the reminders, headless (for scripts, cron and tests)."""

from __future__ import annotations

import argparse
from datetime import datetime

from cadence.cli.common import (
    Commands,
    open_db,
    parse_instant,
    print_json,
    print_table,
    transaction,
)
from cadence.reminders.firing import fire_due, pending_reminders
from cadence.reminders.inbox import NotificationView
from cadence.reminders.rules import Reminder
from cadence.settings import load_settings
from cadence.timezones import utcnow, zone
from cadence.wording import counted


def register(commands: Commands) -> None:
    """Add the ``reminders`` group."""
    group = commands.root.add_parser("reminders", help="pending reminders; fire the due ones")
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)

    lst = sub.add_parser("list", help="reminders that have not fired yet, with their due times")
    lst.add_argument(
        "--now", metavar="DATETIME",
        help="list as of this instant (ISO 8601; without an offset: in your zone)",
    )
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.set_defaults(handler=_list)

    run = sub.add_parser(
        "run", help="fire every reminder due by DATETIME that is still relevant, once",
    )
    run.add_argument(
        "--until", metavar="DATETIME",
        help="fire what is due up to this instant, taken as now (ISO 8601; without an offset: "
             "in your zone; default: now). Each reminder fires only once, ever.",
    )
    run.add_argument("--json", action="store_true", help="machine-readable output")
    run.set_defaults(handler=_run)


def _list(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        zone_name = load_settings(session).timezone
        now = parse_instant(args.now, zone_name, "now") if args.now is not None else utcnow()
        pending = pending_reminders(session, now)
    if args.json:
        print_json([_reminder_json(r, now) for r in pending])
        return 0
    print_table(
        ["due", "key", "title"],
        [[_local(r.fire_at, zone_name) + (" (missed)" if r.fire_at <= now else ""), r.key,
          r.title] for r in pending],
    )
    return 0


def _run(args: argparse.Namespace) -> int:
    # Each reminder fires in its own transaction (the unique key makes it fire once even if
    # the app fires it at the same moment), so one command is not one transaction here.
    database = open_db(args)
    try:
        with database.transaction() as session:
            zone_name = load_settings(session).timezone
        until = (parse_instant(args.until, zone_name, "until") if args.until is not None
                 else utcnow())
        fired = fire_due(database, until)
    finally:
        database.close()
    if args.json:
        print_json([_notification_json(view) for view in fired])
        return 0
    for view in fired:
        print(f"{_local(view.due_at, zone_name)}  {view.title}")
        if view.body:
            print("    " + view.body.replace("\n", "\n    "))
    print(f"fired {counted(len(fired), 'reminder')} due by {_local(until, zone_name)}")
    return 0


def _local(instant: datetime, zone_name: str) -> str:
    """``instant`` on your wall clock, with the zone named as the other tables name it (the
    IANA name, "Europe/Berlin"): an abbreviation such as "CET" is ambiguous and changes with
    summer time."""
    return f"{instant.astimezone(zone(zone_name)):%Y-%m-%d %H:%M} {zone_name}"


def _reminder_json(reminder: Reminder, now: datetime) -> dict[str, object]:
    return {
        "key": reminder.key,
        "due_at": reminder.fire_at.isoformat(),
        "expires_at": reminder.expires_at.isoformat(),
        "missed": reminder.fire_at <= now,
        "title": reminder.title,
        "body": reminder.body,
        "touchpoint_id": reminder.touchpoint_id,
        "commitment_id": reminder.commitment_id,
    }


def _notification_json(view: NotificationView) -> dict[str, object]:
    return {
        "id": view.id,
        "key": view.key,
        "due_at": view.due_at.isoformat(),
        "fired_at": view.fired_at.isoformat(),
        "title": view.title,
        "body": view.body,
        "touchpoint_id": view.touchpoint_id,
        "commitment_id": view.commitment_id,
    }
