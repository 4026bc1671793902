"""Consistent copies of the SQLite database (SQLite's online backup API), newest ten kept."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cadence.errors import CadenceError
from cadence.timezones import utcnow

KEEP = 10
_STAMP = "%Y%m%dT%H%M%S%fZ"


@dataclass(frozen=True, slots=True)
class BackupFile:
    """One backup copy: its path, when it was taken and why."""

    path: Path
    taken_at: datetime
    reason: str


def backup_dir(database: Path) -> Path:
    """Backups live in ``backups/`` beside the database (the data dir for the default one)."""
    return database.parent / "backups"


def take_backup(database: Path, reason: str, *, now: datetime | None = None) -> Path:
    """Copy ``database`` consistently, owner-only, then prune to the newest :data:`KEEP`.

    Raises:
        CadenceError: the copy could not be written.
    """
    stamp = (now or utcnow()).strftime(_STAMP)
    folder = backup_dir(database)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = folder / f"{database.stem}-{stamp}-{reason}.sqlite3"
    partial = target.with_suffix(".partial")
    try:
        os.close(os.open(partial, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600))
        with sqlite3.connect(database) as source, sqlite3.connect(partial) as copy:
            source.backup(copy)
        copy.close()
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as err:
        partial.unlink(missing_ok=True)
        raise CadenceError(f"cannot back up {database} to {folder}: {err}") from err
    prune(database)
    return target


def list_backups(database: Path) -> list[BackupFile]:
    """Backups of ``database``, newest first."""
    found: list[BackupFile] = []
    prefix = f"{database.stem}-"
    for path in backup_dir(database).glob(f"{prefix}*.sqlite3"):
        stamp, _, reason = path.stem[len(prefix) :].partition("-")
        try:
            taken = datetime.strptime(stamp, _STAMP).replace(tzinfo=utcnow().tzinfo)
        except ValueError:
            continue
        found.append(BackupFile(path, taken, reason))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def prune(database: Path, keep: int = KEEP) -> None:
    """Delete all but the newest ``keep`` backups of ``database``."""
    for old in list_backups(database)[keep:]:
        old.path.unlink(missing_ok=True)
