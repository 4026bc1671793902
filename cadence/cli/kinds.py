"""``cadence kinds list``: the touchpoint-kind catalogue."""

from __future__ import annotations

import argparse

from cadence.catalogue import all_kinds, kind_as_json
from cadence.cli.common import Commands, print_json, print_table, transaction


def register(commands: Commands) -> None:
    """Add the ``kinds`` group."""
    group = commands.root.add_parser("kinds", help="the touchpoint-kind catalogue")
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    lst = sub.add_parser("list", help="list kinds")
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.set_defaults(handler=_list)


def _list(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        kinds = all_kinds(session)
        if args.json:
            print_json([kind_as_json(k) for k in kinds])
            return 0
        print_table(
            ["key", "name", "value", "pressure", "minutes", "prep", "channel"],
            [[k.key, k.name, k.value, k.pressure, k.duration_minutes, k.prep_minutes,
              k.channel.value] for k in kinds],
        )
    return 0
