"""Consistent copies of the SQLite database (SQLite's online backup API), newest ten kept.

Every copy is owner-only (0600, in a 0700 folder): contact data is personal data. A copy is
checked (``PRAGMA quick_check``) before it joins the rotation, so starting the app on a damaged
database cannot push the good copies out. :mod:`cadence.storage.restore` puts a copy back.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from cadence.errors import CadenceError
from cadence.timezones import utcnow

log = logging.getLogger(__name__)

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


def backup_path(database: Path, reason: str, *, now: datetime | None = None,
                suffix: str = ".sqlite3") -> Path:
    """Where a backup of ``database`` taken ``now`` for ``reason`` goes (the owner-only
    folder is created if needed); :func:`list_backups` reads the time and reason back."""
    stamp = (now or utcnow()).strftime(_STAMP)
    return _private_folder(backup_dir(database)) / f"{database.stem}-{stamp}-{reason}{suffix}"


def take_backup(database: Path, reason: str, *, now: datetime | None = None) -> Path:
    """Copy ``database`` consistently, owner-only, then prune to the newest :data:`KEEP`.

    Raises:
        CadenceError: the copy could not be written, or the database is damaged (the damaged
            copy is not kept and no older backup is pruned).
    """
    if not database.is_file():
        raise CadenceError(f"cannot back up {database}: no such file")
    target = backup_path(database, reason, now=now)
    partial = target.with_suffix(".partial")
    try:
        os.close(os.open(partial, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600))
        copy_database(database, partial)
        problem = integrity_problem(partial, quick=True)
        if problem:
            raise CadenceError(f"{database} is damaged ({problem}); no backup taken")
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as err:
        raise CadenceError(f"cannot back up {database} to {target.parent}: {err}") from err
    finally:
        partial.unlink(missing_ok=True)
    prune(database)
    return target


def backup_on_start(url: str, *, now: datetime | None = None) -> Path | None:
    """Back up the database at ``url`` as the app starts (call before opening it).

    Nothing is done for a new or empty file, or for a database that is not a SQLite file.
    A failure is logged, not raised: the app should still start, and opening a damaged
    database reports the damage itself.

    Returns:
        The new backup, or ``None`` if none was taken.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    path = Path(parsed.database)
    if not path.is_file() or path.stat().st_size == 0:
        return None
    try:
        return take_backup(path, "start", now=now)
    except CadenceError as err:
        log.error("start-up backup failed: %s", err)
        return None


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


def integrity_problem(path: Path, *, quick: bool = False) -> str | None:
    """What ``PRAGMA integrity_check`` (or ``quick_check``) finds wrong with ``path``.

    Returns:
        ``None`` when the file is a sound SQLite database, else the first problem found.
    """
    pragma = "quick_check" if quick else "integrity_check"
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
            rows = db.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.Error as err:
        return str(err)
    verdict = [str(row[0]) for row in rows]
    return None if verdict == ["ok"] else "; ".join(verdict[:3])


def copy_database(source: Path, target: Path) -> None:
    """Copy with SQLite's online backup API into a single self-contained file.

    The copy is switched to a rollback journal: a WAL-mode copy would grow ``-wal`` and
    ``-shm`` files beside it as soon as it is opened, even only to be checked.
    """
    with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(target)) as copy:
        origin.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")


def _private_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    return folder
