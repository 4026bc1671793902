"""``cadence settings show|set``: the account manager's own working hours, zone, public holidays
and capacity."""

from __future__ import annotations

import argparse

from cadence.cli.common import (
    HOLIDAYS_HELP,
    Commands,
    option_names,
    print_json,
    require_a_change,
    transaction,
    whole_number,
)
from cadence.holiday_regions import FIELD as HOLIDAYS_FIELD
from cadence.holiday_regions import setting_label
from cadence.hours import parse_hours
from cadence.settings import SettingsChanges, apply_settings, load_settings, settings_as_json
from cadence.vocabulary import parse_weekdays

#: The options of ``settings set`` by the settings' own names, which the core's errors use.
_OPTIONS = {
    "work_days": "work-days",
    "work_hours": "work-hours",
    "weekly_capacity_hours": "capacity",
    "alarm_minutes": "alarm",
    "reminder_lead_minutes": "reminder-lead",
    "event_invite_lead_days": "invite-lead",
    HOLIDAYS_FIELD: "holidays",
    "weekly_touch_limit": "touches-per-week",
}
#: What ``settings show`` says for a setting that is not set, if not "off".
_UNSET = {"weekly_touch_limit": "no limit"}


def register(commands: Commands) -> None:
    """Add the ``settings`` group."""
    group = commands.root.add_parser(
        "settings", help="your working hours, zone, public holidays and capacity")
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = sub.add_parser("show", help="show the settings")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(handler=_show)

    change = sub.add_parser("set", help="change settings")
    change.add_argument("--name")
    change.add_argument("--timezone", help="your IANA zone, e.g. Europe/Berlin")
    change.add_argument("--work-days", metavar="DAYS", help="e.g. mon-fri")
    change.add_argument("--work-hours", metavar="HH:MM-HH:MM")
    change.add_argument("--capacity", type=float, metavar="HOURS",
                        help="hours a week for touches, preparation included")
    alarm = change.add_mutually_exclusive_group()
    alarm.add_argument("--alarm", type=whole_number, metavar="MINUTES",
                       help="calendar alarm lead time")
    alarm.add_argument("--no-alarm", action="store_true", help="no alarms in exported calendars")
    change.add_argument("--reminder-lead", type=whole_number, metavar="MINUTES",
                        help="remind this long before an accepted touchpoint")
    change.add_argument("--invite-lead", type=whole_number, metavar="DAYS",
                        help="default lead time of event invitations")
    change.add_argument("--holidays", metavar="CODE", help=HOLIDAYS_HELP)
    limit = change.add_mutually_exclusive_group()
    limit.add_argument("--touches-per-week", type=whole_number, metavar="N",
                       help="plan at most N touches a week (0-500), counting the "
                            "interactions logged and touchpoints accepted in it; the least "
                            "valuable are left out")
    limit.add_argument("--no-touch-limit", action="store_true",
                       help="no limit on the touches a week")
    change.set_defaults(handler=_set)


def _show(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        settings = load_settings(session)
        data = settings_as_json(settings)
        holidays = setting_label(settings.public_holidays, settings.timezone)
    if args.json:
        print_json(data)
    else:
        for key, value in data.items():
            shown: object = value
            if key == "public_holidays":
                shown = holidays
            elif value is None:
                shown = _UNSET.get(key, "off")
            print(f"{key.replace('_', ' '):>22}: {shown}")
    return 0


def _set(args: argparse.Namespace) -> int:
    changes = SettingsChanges(
        name=args.name,
        timezone=args.timezone,
        # An empty value is given, and refused by the parsers: only a missing option is None.
        work_days=(parse_weekdays(args.work_days, "work-days")
                   if args.work_days is not None else None),
        work_hours=(parse_hours(args.work_hours, "work-hours")
                    if args.work_hours is not None else None),
        weekly_capacity_hours=args.capacity,
        alarm_minutes=args.alarm,
        alarm_off=args.no_alarm,
        reminder_lead_minutes=args.reminder_lead,
        event_invite_lead_days=args.invite_lead,
        public_holidays=args.holidays,
        weekly_touch_limit=args.touches_per_week,
        touch_limit_off=args.no_touch_limit,
    )
    require_a_change(args, changes)
    with transaction(args) as session, option_names(_OPTIONS):
        apply_settings(load_settings(session), changes)
    print("settings saved")
    return 0
