"""``cadence backup list|now|restore ID``: the automatic copies of the database."""

from __future__ import annotations

import argparse
from pathlib import Path

from cadence.cli.common import Commands, print_table
from cadence.errors import CadenceError, NotFoundError
from cadence.storage.backup import BackupFile, list_backups, take_backup
from cadence.storage.database import sqlite_path
from cadence.storage.locations import database_url
from cadence.storage.restore import restore_backup


def register(commands: Commands) -> None:
    """Add the ``backup`` group."""
    group = commands.root.add_parser(
        "backup", help="list, take or restore copies of the database",
        description="Cadence copies the database on every start and before every migration, "
        "keeping the newest 10 beside it in backups/.",
    )
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    sub.add_parser("list", help="the backups, newest first").set_defaults(handler=_list)
    sub.add_parser("now", help="take a backup now").set_defaults(handler=_now)
    restore = sub.add_parser(
        "restore", help="replace the database with a backup (close the app first)",
        description="Check the backup, keep a copy of the current database (even a damaged "
        "one) in backups/, then put the backup in its place.",
    )
    restore.add_argument("backup", metavar="ID", help="number from `backup list`, or a file")
    restore.set_defaults(handler=_restore)


def _database(args: argparse.Namespace) -> Path:
    """The database file, without opening it (it may be the damaged file to restore)."""
    url = database_url(args.db)
    path = sqlite_path(url)
    if path is None:
        raise CadenceError(f"{url}: backups are for SQLite database files only")
    return path


def _list(args: argparse.Namespace) -> int:
    backups = list_backups(_database(args))
    print_table(["id", "taken (UTC)", "reason", "size", "file"],
                [[n, f"{b.taken_at:%Y-%m-%d %H:%M:%S}", b.reason, _size(b), b.path.name]
                 for n, b in enumerate(backups, start=1)])
    return 0


def _size(backup: BackupFile) -> str:
    return f"{backup.path.stat().st_size / 1024:.0f} KiB"


def _now(args: argparse.Namespace) -> int:
    database = _database(args)
    if not database.is_file():
        raise NotFoundError(f"no database at {database}")
    print(f"backed up to {take_backup(database, 'manual')}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    database = _database(args)
    chosen = _chosen(database, args.backup)
    kept = restore_backup(database, chosen)
    print(f"restored {chosen.name}; the replaced database is kept as {kept}")
    return 0


def _chosen(database: Path, ref: str) -> Path:
    backups = list_backups(database)
    if ref.isdigit():
        number = int(ref)
        if not 1 <= number <= len(backups):
            raise NotFoundError(f"no backup {ref} (`cadence backup list` shows {len(backups)})")
        return backups[number - 1].path
    for backup in backups:
        if ref in (backup.path.name, str(backup.path)):
            return backup.path
    given = Path(ref).expanduser()
    if given.is_file():
        return given
    raise NotFoundError(f"no backup {ref!r}")
