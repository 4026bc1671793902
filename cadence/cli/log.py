"""``cadence log`` (record an interaction), ``cadence interactions`` (list them) and
``cadence interaction edit|remove`` (correct the record)."""

from __future__ import annotations

import argparse
from datetime import date, datetime

from cadence.cli.common import (
    Commands,
    nothing_to_change,
    option_names,
    parse_date,
    print_json,
    print_table,
    transaction,
    whole_number,
)
from cadence.errors import ValidationError
from cadence.interactions import (
    edit_interaction,
    get_interaction,
    interaction_as_json,
    interactions_of,
    log_interaction,
)
from cadence.stakeholders import find_stakeholder
from cadence.timezones import utcnow
from cadence.vocabulary import Channel, parse_enum

#: The core calls an interaction's day ``when``; the commands call it ``--date``.
_DATE = {"when": "date"}


def register(commands: Commands) -> None:
    """Add ``log`` and ``interactions``."""
    log = commands.root.add_parser("log", help="record an interaction with a stakeholder")
    log.add_argument("--stakeholder", required=True, metavar="NAME|ID")
    log.add_argument("--kind", required=True, help="touchpoint kind key, e.g. coffee")
    log.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    log.add_argument("--channel", help="email, phone, video, in-person or im (default: the kind's)")
    log.add_argument("--quality", type=whole_number, help="1 (poor) to 5 (excellent)")
    log.add_argument("--notes", default="")
    log.set_defaults(handler=_log)

    lst = commands.root.add_parser("interactions", help="list a stakeholder's interactions")
    lst.add_argument("--stakeholder", required=True, metavar="NAME|ID")
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.set_defaults(handler=_list)

    group = commands.root.add_parser("interaction", help="correct a logged interaction")
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    edit = sub.add_parser("edit", help="correct a logged interaction; what is not given stays")
    edit.add_argument("id", type=whole_number)
    edit.add_argument("--kind", help="touchpoint kind key (the channel follows it unless given)")
    edit.add_argument("--date", metavar="YYYY-MM-DD")
    edit.add_argument("--channel", help="email, phone, video, in-person or im")
    edit.add_argument("--quality", help="1 (poor) to 5 (excellent), or 'none' to clear it")
    edit.add_argument("--notes")
    edit.set_defaults(handler=_edit)

    remove = sub.add_parser("remove", help="delete a logged interaction")
    remove.add_argument("id", type=whole_number)
    remove.set_defaults(handler=_remove)


def _log(args: argparse.Namespace) -> int:
    day = parse_date(args.date, "date")
    channel = _channel(args.channel)
    with transaction(args) as session:
        person = find_stakeholder(session, args.stakeholder)
        with option_names(_DATE):
            done = log_interaction(
                session, person, kind_key=args.kind, when=day, now=utcnow(),
                channel=channel, quality=args.quality, notes=args.notes,
            )
        print(f"logged interaction {done.id}: {done.kind.key} with {person.name} on {day}")
    return 0


def _list(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        person = find_stakeholder(session, args.stakeholder)
        rows = interactions_of(session, person.id)
        if args.json:
            print_json([interaction_as_json(i) for i in rows])
            return 0
        print_table(
            ["id", "date", "kind", "channel", "quality", "notes"],
            [[i.id, i.local_day, i.kind.key, i.channel.value, i.quality, i.notes]
             for i in rows],
        )
    return 0


def _edit(args: argparse.Namespace) -> int:
    if all(v is None for v in (args.kind, args.date, args.channel, args.quality, args.notes)):
        raise nothing_to_change(args)
    day = parse_date(args.date, "date") if args.date is not None else None
    with transaction(args) as session:
        done = get_interaction(session, args.id)
        kind = args.kind if args.kind is not None else done.kind.key
        # A new kind brings its own channel unless one is named; otherwise the channel stays.
        channel = _channel(args.channel)
        if channel is None and args.kind is None:
            channel = done.channel.value
        when: date | datetime = day if day is not None else done.occurred_at
        quality = done.quality if args.quality is None else _quality(args.quality)
        notes = done.notes if args.notes is None else args.notes
        with option_names(_DATE):
            edit_interaction(session, done, kind_key=kind, when=when, now=utcnow(),
                             channel=channel, quality=quality, notes=notes)
        print(f"corrected interaction {done.id}: {done.kind.key} by {done.channel.value} with "
              f"{done.stakeholder.name} on {done.local_day}")
    return 0


def _remove(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        done = get_interaction(session, args.id)
        print(f"removed interaction {done.id}: {done.kind.key} with {done.stakeholder.name} "
              f"on {done.local_day}")
        session.delete(done)
    return 0


def _channel(text: str | None) -> str | None:
    """``--channel``: a known channel, or ``None`` when not given. Given but empty is refused:
    the core reads an empty channel as "the kind's", which is not what was typed."""
    return None if text is None else parse_enum(Channel, text, "channel").value


def _quality(text: str) -> int | None:
    """``--quality``: a number, or ``none`` to clear it."""
    if text.strip().lower() == "none":
        return None
    try:
        return int(text)
    except ValueError as err:
        raise ValidationError("quality", f"{text!r} is not a number from 1 to 5") from err
