"""The ``cadence`` command line: everything a script or a test needs, without the app.

Each command group lives in its own module with a ``register(commands)`` function. Known failures
(:class:`~cadence.errors.CadenceError`) and a database that cannot be written (locked by the
app, read-only) print one line to stderr and exit with status 2, and leave the database as it
was: every command runs in one transaction.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from sqlalchemy.exc import OperationalError

from cadence import __version__
from cadence.cli import (
    account,
    backup,
    calendar,
    commitment,
    contacts,
    event,
    holidays,
    kinds,
    log,
    plan,
    reminders,
    settings,
    stakeholder,
    week,
    workspace,
)
from cadence.cli.common import Commands, Parser, database_failure
from cadence.errors import CadenceError

EXIT_USAGE = 2

COMMAND_MODULES = (
    stakeholder,
    account,
    log,
    commitment,
    event,
    kinds,
    settings,
    holidays,
    workspace,
    contacts,
    backup,
    reminders,
    plan,
    week,
    calendar,
)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser."""
    parser = Parser(
        prog="cadence",
        description="Plan fewer, higher-value contacts with the stakeholders you look after.",
    )
    parser.add_argument("--version", action="version", version=f"cadence {__version__}")
    parser.add_argument(
        "--db", metavar="PATH_OR_URL",
        help="database file or SQLAlchemy URL (default: $CADENCE_DB, else the user data dir)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    root = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    export = root.add_parser("export", help="write the workspace, calendars or contacts to a file")
    import_ = root.add_parser("import", help="read a workspace, calendar or contacts file")
    commands = Commands(
        root=root,
        export=export.add_subparsers(dest="format", metavar="FORMAT", required=True),
        import_=import_.add_subparsers(dest="format", metavar="FORMAT", required=True),
    )
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status (0 success, 2 bad input or a known failure)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        status: int = args.handler(args)
    except CadenceError as err:
        print(f"cadence: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except OperationalError as err:
        print(f"cadence: error: {database_failure(args, err)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("cadence: interrupted; nothing was saved", file=sys.stderr)
        return 130
    return status


def run() -> None:
    """Console-script entry point."""
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader (e.g. `head`) went away: silence the flush at exit, as Python's docs advise.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 1
    sys.exit(status)
