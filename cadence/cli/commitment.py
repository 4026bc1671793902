"""``cadence commitment add|done|drop|move|list``."""

from __future__ import annotations

import argparse

from cadence.cli.common import (
    Commands,
    parse_date,
    print_json,
    print_table,
    transaction,
    whole_number,
)
from cadence.commitments import (
    add_commitment,
    commitment_as_json,
    get_commitment,
    list_commitments,
    mark_delivered,
    mark_dropped,
    move_due_date,
    status_updates,
)
from cadence.errors import ValidationError
from cadence.models import Commitment, Touchpoint
from cadence.overview import is_late
from cadence.settings import load_settings
from cadence.stakeholders import find_stakeholder
from cadence.timezones import today_in
from cadence.vocabulary import CommitmentStatus


def register(commands: Commands) -> None:
    """Add the ``commitment`` group."""
    group = commands.root.add_parser("commitment", help="the ledger of promises")
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = sub.add_parser("add", help="record a promise")
    add.add_argument("--stakeholder", required=True, metavar="NAME|ID")
    add.add_argument("--what", required=True)
    add.add_argument("--due", required=True, metavar="YYYY-MM-DD")
    add.add_argument("--effort", type=float, default=2.0, metavar="HOURS")
    add.set_defaults(handler=_add)

    done = sub.add_parser("done", help="mark a promise delivered")
    done.add_argument("id", type=whole_number)
    done.add_argument("--on", metavar="YYYY-MM-DD", help="delivery date (default: today)")
    done.set_defaults(handler=_done)

    drop = sub.add_parser("drop", help="mark a promise dropped")
    drop.add_argument("id", type=whole_number)
    drop.add_argument("--reason", default="")
    drop.set_defaults(handler=_drop)

    move = sub.add_parser("move", help="agree a new due date for a promise")
    move.add_argument("id", type=whole_number)
    move.add_argument("--due", required=True, metavar="YYYY-MM-DD", help="the new due date")
    move.add_argument("--reason", default="", help="why, kept in the promise's notes")
    move.set_defaults(handler=_move)

    lst = sub.add_parser("list", help="list promises")
    lst.add_argument("--stakeholder", metavar="NAME|ID")
    lst.add_argument("--status", help="open, late (open past its due date), delivered or "
                     "dropped")
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.set_defaults(handler=_list)


def _add(args: argparse.Namespace) -> int:
    due = parse_date(args.due, "due")
    with transaction(args) as session:
        person = find_stakeholder(session, args.stakeholder)
        made = add_commitment(session, person, what=args.what, due_on=due, effort_hours=args.effort)
        late = due < today_in(load_settings(session).timezone)
        print(f"added commitment {made.id} to {person.name}, due {due}"
              + (" (already past: it is late)" if late else ""))
    return 0


def _done(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        today = today_in(load_settings(session).timezone)
        on = parse_date(args.on, "on") if args.on is not None else today
        commitment = get_commitment(session, args.id)
        mark_delivered(commitment, on, today)
        late = " (late)" if on > commitment.due_on else ""
        print(f"commitment {commitment.id} delivered on {on}{late}")
    return 0


def _drop(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        commitment = get_commitment(session, args.id)
        mark_dropped(commitment, args.reason)
        print(f"commitment {commitment.id} dropped")
    return 0


def _move(args: argparse.Namespace) -> int:
    due = parse_date(args.due, "due")
    with transaction(args) as session:
        commitment = get_commitment(session, args.id)
        today = today_in(load_settings(session).timezone)
        before = commitment.due_on
        move_due_date(commitment, due, today, args.reason)
        # Moving a date that has passed does not undo the miss: say so, as the rate will.
        missed = " (the date had passed: it counts as missed)" if before < today else ""
        print(f"commitment {commitment.id} now due {due}, was {before}{missed}")
    return 0


def _list(args: argparse.Namespace) -> int:
    late_only = args.status == "late"
    status = CommitmentStatus.OPEN if late_only else None
    if args.status is not None and not late_only:
        if args.status not in {s.value for s in CommitmentStatus}:
            raise ValidationError(
                "status", f"{args.status!r} is not one of: open, late, delivered, dropped")
        status = CommitmentStatus(args.status)
    with transaction(args) as session:
        owner = (find_stakeholder(session, args.stakeholder).id
                 if args.stakeholder is not None else None)
        today = today_in(load_settings(session).timezone)
        rows = [c for c in list_commitments(session, stakeholder_id=owner, status=status)
                if not late_only or is_late(c.status, c.due_on, today)]
        updates = status_updates(session, (c.id for c in rows))
        if args.json:
            print_json([commitment_as_json(c, updates.get(c.id)) for c in rows])
            return 0
        print_table(
            ["id", "stakeholder", "due", "status", "status update", "what"],
            [[c.id, c.stakeholder.name, _due_cell(c),
              "late" if is_late(c.status, c.due_on, today) else c.status.value,
              _update_cell(updates.get(c.id)), c.what] for c in rows],
        )
    return 0


def _due_cell(commitment: Commitment) -> str:
    """The due date, and the one first promised if it was moved."""
    first = commitment.first_due_on
    return str(commitment.due_on) + (f" (first {first})" if first else "")


def _update_cell(update: Touchpoint | None) -> str:
    """When the touch carrying a promise's status update is, in the stakeholder's zone."""
    if update is None:
        return "–"
    day = update.local_start.date()
    return f"{day} {update.status.value}"
