"""``cadence kinds list|add|edit|remove``: the touchpoint-kind catalogue."""

from __future__ import annotations

import argparse
from typing import Literal

from cadence.catalogue import (
    KindChanges,
    add_kind,
    all_kinds,
    edit_kind,
    kind_as_json,
    kind_by_key,
    remove_kind,
)
from cadence.cli.common import (
    Commands,
    print_json,
    print_table,
    require_a_change,
    transaction,
    whole_number,
)


def register(commands: Commands) -> None:
    """Add the ``kinds`` group."""
    group = commands.root.add_parser("kinds", help="the touchpoint-kind catalogue")
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    lst = sub.add_parser("list", help="list kinds")
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.set_defaults(handler=_list)

    add = sub.add_parser("add", help="add a kind to the catalogue")
    add.add_argument("key", help="short slug, e.g. site-visit")
    _kind_options(add, new=True)
    add.set_defaults(handler=_add)

    edit = sub.add_parser("edit", help="change a kind's value, pressure, duration, ...")
    edit.add_argument("key")
    _kind_options(edit, new=False)
    edit.set_defaults(handler=_edit)

    remove = sub.add_parser("remove", help="delete a kind nothing uses yet")
    remove.add_argument("key")
    remove.set_defaults(handler=_remove)


def _kind_options(parser: argparse.ArgumentParser, *, new: bool) -> None:
    """The kind's fields as options; a ``new`` kind needs all but prep, description and
    reminder lead (as :func:`cadence.catalogue.add_kind` does)."""
    parser.add_argument("--name", required=new)
    parser.add_argument("--value", type=whole_number, required=new,
                        help="0-10: what the touch is worth to the client")
    parser.add_argument("--pressure", type=whole_number, required=new,
                        help="0-10: social obligation it puts on them")
    parser.add_argument("--duration", type=whole_number, metavar="MINUTES", required=new)
    parser.add_argument("--prep", type=whole_number, metavar="MINUTES",
                        help="your preparation effort")
    parser.add_argument("--channel", required=new, help="email, phone, video, in-person or im")
    parser.add_argument(
        "--purpose", required=new,
        help="event-invite, review, proposal, status-update, keep-warm or social"
    )
    parser.add_argument("--description")
    parser.add_argument(
        "--reminder-lead", type=_reminder_lead, metavar="MINUTES|none",
        help="remind this long before such a touch; 'none' uses the workspace setting",
    )


def _reminder_lead(text: str) -> int | Literal["none"]:
    """``--reminder-lead``: whole minutes (see :func:`whole_number`), or ``none`` for the
    workspace setting."""
    if text.strip().lower() == "none":
        return "none"
    try:
        return whole_number(text)
    except argparse.ArgumentTypeError as err:
        raise argparse.ArgumentTypeError(f"{err} (give whole minutes or 'none')") from err


def _changes(args: argparse.Namespace) -> KindChanges:
    lead = args.reminder_lead
    return KindChanges(
        name=args.name, value=args.value, pressure=args.pressure,
        duration_minutes=args.duration, prep_minutes=args.prep, channel=args.channel,
        purpose=args.purpose, description=args.description,
        reminder_lead_minutes=lead if isinstance(lead, int) else None,
        reminder_lead_default=lead == "none",
    )


def _add(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        key = add_kind(session, args.key, _changes(args)).key
    print(f"added kind {key}")  # once saved: a failed commit must not look like a success
    return 0


def _edit(args: argparse.Namespace) -> int:
    changes = _changes(args)
    require_a_change(args, changes)
    with transaction(args) as session:
        kind = kind_by_key(session, args.key)
        edit_kind(kind, changes)
        key = kind.key
    print(f"updated kind {key}")
    return 0


def _remove(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        remove_kind(session, kind_by_key(session, args.key))
    print(f"removed kind {args.key}")
    return 0


def _list(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        kinds = all_kinds(session)
        if args.json:
            print_json([kind_as_json(k) for k in kinds])
            return 0
        print_table(
            ["key", "name", "value", "pressure", "minutes", "prep", "channel", "reminder"],
            [[k.key, k.name, k.value, k.pressure, k.duration_minutes, k.prep_minutes,
              k.channel.value, _lead_text(k.reminder_lead_minutes)] for k in kinds],
        )
    return 0


def _lead_text(minutes: int | None) -> str:
    return "setting" if minutes is None else f"{minutes} min before"
