"""``cadence stakeholder add|list|show|edit|remove``."""

from __future__ import annotations

import argparse

from cadence.budget import parse_budget
from cadence.calendars.ics_export import sent_invitations
from cadence.cli.common import (
    HOLIDAYS_HELP,
    Commands,
    option_names,
    print_json,
    print_table,
    require_a_change,
    split_list,
    transaction,
    whole_number,
)
from cadence.holiday_regions import FIELD as HOLIDAYS_FIELD
from cadence.holiday_regions import setting_label
from cadence.hours import parse_hours
from cadence.stakeholders import (
    StakeholderChanges,
    apply_changes,
    create_stakeholder,
    find_stakeholder,
    list_stakeholders,
    remove_stakeholder,
    stakeholder_as_json,
)
from cadence.vocabulary import parse_weekdays
from cadence.wording import counted

#: What ``stakeholder list`` prints for an empty workspace (``--json`` prints ``[]``).
EMPTY_LIST_HINT = "no stakeholders yet: add one with cadence stakeholder add, or cadence demo"

#: The options whose names differ from the fields the core's errors name.
_OPTIONS = {HOLIDAYS_FIELD: "holidays"}


def register(commands: Commands) -> None:
    """Add the ``stakeholder`` group."""
    group = commands.root.add_parser("stakeholder", help="add, list, show, edit, remove people")
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = sub.add_parser("add", help="add a stakeholder")
    add.add_argument("--name", required=True)
    add.add_argument("--account", required=True, help="client organisation (created if new)")
    _profile_options(add)
    add.set_defaults(handler=_add)

    lst = sub.add_parser("list", help="list stakeholders")
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.set_defaults(handler=_list)

    show = sub.add_parser("show", help="show one stakeholder")
    show.add_argument("ref", metavar="ID|NAME")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(handler=_show)

    edit = sub.add_parser("edit", help="change a stakeholder's profile, budget or preferences")
    edit.add_argument("ref", metavar="ID|NAME")
    edit.add_argument("--name")
    edit.add_argument("--account")
    _profile_options(edit)
    edit.set_defaults(handler=_edit)

    remove = sub.add_parser("remove", help="delete a stakeholder and their history")
    remove.add_argument("ref", metavar="ID|NAME")
    remove.set_defaults(handler=_remove)


def _profile_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--role")
    parser.add_argument("--email")
    parser.add_argument("--phone")
    parser.add_argument("--timezone", help="IANA zone, e.g. Europe/Berlin")
    parser.add_argument("--importance", type=whole_number, help="1 (low) to 5 (key)")
    parser.add_argument("--budget", help="at most N touches per period, e.g. 3/quarter")
    parser.add_argument("--min-gap", type=whole_number, metavar="DAYS",
                        help="minimum days between touches")
    parser.add_argument("--max-silence", type=whole_number, metavar="DAYS",
                        help="longest silence allowed")
    parser.add_argument("--likes", metavar="KIND,..", help="liked touchpoint kinds")
    parser.add_argument("--dislikes", metavar="KIND,..", help="kinds never to propose")
    parser.add_argument("--interests", metavar="TOPIC,..")
    parser.add_argument("--avoid", metavar="TOPIC,..", help="topics to stay away from")
    parser.add_argument(
        "--channels", metavar="CH,..", help="ranked: email,phone,video,in-person,im"
    )
    parser.add_argument("--days", metavar="DAYS", help="reachable weekdays, e.g. mon-fri")
    parser.add_argument("--hours", metavar="HH:MM-HH:MM", help="reachable hours in their zone")
    parser.add_argument("--holidays", metavar="CODE", help=HOLIDAYS_HELP)
    parser.add_argument("--notes")


def _changes(args: argparse.Namespace) -> StakeholderChanges:
    return StakeholderChanges(
        name=args.name,
        account=args.account,
        role=args.role,
        email=args.email,
        phone=args.phone,
        timezone=args.timezone,
        importance=args.importance,
        budget=parse_budget(args.budget) if args.budget is not None else None,
        min_gap_days=args.min_gap,
        max_silence_days=args.max_silence,
        likes=split_list(args.likes),
        dislikes=split_list(args.dislikes),
        interests=split_list(args.interests),
        avoid_topics=split_list(args.avoid),
        channels=split_list(args.channels),
        reachable_days=parse_weekdays(args.days) if args.days is not None else None,
        reachable_hours=parse_hours(args.hours) if args.hours is not None else None,
        notes=args.notes,
        public_holidays=args.holidays,
    )


def _add(args: argparse.Namespace) -> int:
    changes = _changes(args)
    with transaction(args) as session, option_names(_OPTIONS):
        person = create_stakeholder(session, changes)
        print(f"added stakeholder {person.id}: {person.name} ({person.account.name})")
    return 0


def _list(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        people = list_stakeholders(session)
        if args.json:
            print_json([stakeholder_as_json(p) for p in people])
            return 0
        if not people:
            # A header row alone reads as a fault; say what to do instead.
            print(EMPTY_LIST_HINT)
            return 0
        print_table(
            ["id", "name", "account", "importance", "budget", "timezone"],
            [[p.id, p.name, p.account.name, p.importance, p.budget, p.timezone] for p in people],
        )
    return 0


def _show(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        person = find_stakeholder(session, args.ref)
        data = stakeholder_as_json(person)
        if args.json:
            print_json(data)
            return 0
        for key, value in data.items():
            shown = ", ".join(map(str, value)) if isinstance(value, list) else value
            if key == "budget":
                shown = str(person.budget)
            elif key == "public_holidays":
                shown = setting_label(person.public_holidays, person.timezone)
            print(f"{key.replace('_', ' '):>17}: {shown}")
    return 0


def _edit(args: argparse.Namespace) -> int:
    changes = _changes(args)
    require_a_change(args, changes)
    with transaction(args) as session, option_names(_OPTIONS):
        person = find_stakeholder(session, args.ref)
        apply_changes(session, person, changes)
        print(f"updated stakeholder {person.id}: {person.name}")
    return 0


def _remove(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        person = find_stakeholder(session, args.ref)
        label = f"{person.id}: {person.name}"
        invited = sent_invitations(session, person.id)
        exported = remove_stakeholder(session, person)
        print(f"removed stakeholder {label}")
        if exported:
            them = "it" if exported == 1 else "them"
            print(f"{counted(exported, 'touch was', 'touches were')} in calendars: the next "
                  f"calendar export cancels {them} there")
        for touch_id in invited:
            # Their calendar keeps the invitation until they are sent its cancellation.
            print(f"touchpoint {touch_id} was sent to them as an invitation: withdraw it with "
                  f"cadence export ics FILE --invite {touch_id} --organizer YOUR_EMAIL")
    return 0
