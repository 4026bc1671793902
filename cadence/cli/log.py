"""``cadence log`` (record an interaction) and ``cadence interactions`` (list them)."""

from __future__ import annotations

import argparse

from cadence.cli.common import Commands, parse_date, print_json, print_table, transaction
from cadence.interactions import interaction_as_json, interactions_of, log_interaction
from cadence.stakeholders import find_stakeholder


def register(commands: Commands) -> None:
    """Add ``log`` and ``interactions``."""
    log = commands.root.add_parser("log", help="record an interaction with a stakeholder")
    log.add_argument("--stakeholder", required=True, metavar="NAME|ID")
    log.add_argument("--kind", required=True, help="touchpoint kind key, e.g. coffee")
    log.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    log.add_argument("--channel", help="email, phone, video, in-person or im (default: the kind's)")
    log.add_argument("--quality", type=int, help="1 (poor) to 5 (excellent)")
    log.add_argument("--notes", default="")
    log.set_defaults(handler=_log)

    lst = commands.root.add_parser("interactions", help="list a stakeholder's interactions")
    lst.add_argument("--stakeholder", required=True, metavar="NAME|ID")
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.set_defaults(handler=_list)


def _log(args: argparse.Namespace) -> int:
    day = parse_date(args.date, "date")
    with transaction(args) as session:
        person = find_stakeholder(session, args.stakeholder)
        done = log_interaction(
            session, person, kind_key=args.kind, when=day, channel=args.channel,
            quality=args.quality, notes=args.notes,
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
            [[i.id, i.occurred_at.date(), i.kind.key, i.channel.value, i.quality, i.notes]
             for i in rows],
        )
    return 0
