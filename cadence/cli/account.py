"""``cadence account list|edit|remove``: the client accounts and their tiers."""

from __future__ import annotations

import argparse

from cadence.accounts import (
    TIERS,
    AccountChanges,
    account_as_json,
    account_summaries,
    edit_account,
    find_account,
    remove_account,
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
    """Add the ``account`` group."""
    group = commands.root.add_parser("account", help="client accounts and their tiers")
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)

    lst = sub.add_parser("list", help="list accounts with their tiers and stakeholders")
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.set_defaults(handler=_list)

    edit = sub.add_parser("edit", help="rename an account, change its tier or notes")
    edit.add_argument("account", metavar="NAME|ID")
    edit.add_argument("--name", help="the new name")
    edit.add_argument("--tier", type=whole_number, choices=sorted(TIERS),
                      help="1 strategic, 2 core, 3 occasional: weighs every relationship there")
    edit.add_argument("--notes")
    edit.set_defaults(handler=_edit)

    remove = sub.add_parser("remove", help="delete an account nobody works at any more")
    remove.add_argument("account", metavar="NAME|ID")
    remove.set_defaults(handler=_remove)


def _list(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        accounts = account_summaries(session)
        if args.json:
            print_json([account_as_json(a) for a in accounts])
            return 0
        print_table(["id", "name", "tier", "stakeholders", "notes"],
                    [[a.id, a.name, f"{a.tier} {TIERS[a.tier]}", a.stakeholders, a.notes]
                     for a in accounts])
    return 0


def _edit(args: argparse.Namespace) -> int:
    changes = AccountChanges(name=args.name, tier=args.tier, notes=args.notes)
    require_a_change(args, changes)
    with transaction(args) as session:
        account = find_account(session, args.account)
        edit_account(session, account, changes)
        print(f"updated account {account.name} (tier {account.tier} {TIERS[account.tier]})")
    return 0


def _remove(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        account = find_account(session, args.account)
        name = account.name
        remove_account(session, account)
        print(f"removed account {name}")
    return 0
