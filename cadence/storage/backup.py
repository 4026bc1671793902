"""Consistent copies of the SQLite database (SQLite's online backup API), newest ten kept.

Every copy is owner-only (0600, in a 0700 folder): contact data is personal data. A copy is
checked (``PRAGMA quick_check``) before it joins the rotation, so starting the app on a damaged
database cannot push the good copies out. :func:`restore_backup` puts a copy back, and works
when the current file is damaged.
"""

from __future__ import annotations

import logging
import os
import shutil
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
_SIDE_FILES = ("-wal", "-shm", "-journal")


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
        CadenceError: the copy could not be written, or the database is damaged (the damaged
            copy is not kept and no older backup is pruned).
    """
    if not database.is_file():
        raise CadenceError(f"cannot back up {database}: no such file")
    stamp = (now or utcnow()).strftime(_STAMP)
    folder = _private_folder(backup_dir(database))
    target = folder / f"{database.stem}-{stamp}-{reason}.sqlite3"
    partial = target.with_suffix(".partial")
    try:
        os.close(os.open(partial, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600))
        _copy_database(database, partial)
        problem = integrity_problem(partial, quick=True)
        if problem:
            raise CadenceError(f"{database} is damaged ({problem}); no backup taken")
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as err:
        raise CadenceError(f"cannot back up {database} to {folder}: {err}") from err
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


def restore_backup(database: Path, backup: Path, *, now: datetime | None = None) -> Path:
    """Replace ``database`` with the copy ``backup``; close the app (and any CLI) first.

    The backup is checked with ``PRAGMA integrity_check`` before anything is touched. The
    current file is kept: as a normal backup when it is sound, else (damaged) its raw bytes,
    with its WAL, as ``backups/<name>-<time>-damaged.sqlite3.damaged``. The restored file is
    written beside the database and renamed over it, so the database is at every moment the
    old file or the restored one; the old WAL is moved aside first so it cannot be replayed
    onto the restored file.

    Returns:
        Where the replaced database was kept.

    Raises:
        CadenceError: the backup is missing or damaged (nothing is changed), or a file could
            not be written.
    """
    if not backup.is_file():
        raise CadenceError(f"no backup file {backup}")
    problem = integrity_problem(backup)
    if problem:
        raise CadenceError(f"backup {backup} is damaged ({problem}); nothing was restored")
    kept = _keep_current(database, now)
    staged = database.with_name(f".{database.name}.restoring")
    try:
        os.close(os.open(staged, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600))
        _copy_database(backup, staged)
        with staged.open("rb+") as stream:
            os.fsync(stream.fileno())
        for suffix in _SIDE_FILES:
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        os.replace(staged, database)
        os.chmod(database, 0o600)
    except (OSError, sqlite3.Error) as err:
        raise CadenceError(f"cannot restore {backup} to {database}: {err}") from err
    finally:
        staged.unlink(missing_ok=True)
    return kept


def _keep_current(database: Path, now: datetime | None) -> Path:
    """Keep the file about to be replaced: a checked backup if sound, else its raw bytes."""
    if not database.exists():
        return database
    if integrity_problem(database) is None:
        saved = take_backup(database, "before-restore", now=now)
        with closing(sqlite3.connect(database)) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return saved
    stamp = (now or utcnow()).strftime(_STAMP)
    folder = _private_folder(backup_dir(database))
    saved = folder / f"{database.stem}-{stamp}-damaged.sqlite3.damaged"
    for suffix in ("", "-wal"):
        source = Path(f"{database}{suffix}")
        if source.exists() and (not suffix or source.stat().st_size):
            _copy_private(source, Path(f"{saved}{suffix}"))
    log.warning("kept the damaged database as %s", saved)
    return saved


def _copy_database(source: Path, target: Path) -> None:
    """Copy with SQLite's online backup API into a single self-contained file.

    The copy is switched to a rollback journal: a WAL-mode copy would grow ``-wal`` and
    ``-shm`` files beside it as soon as it is opened, even only to be checked.
    """
    with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(target)) as copy:
        origin.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")


def _copy_private(source: Path, target: Path) -> None:
    try:
        fd = os.open(target, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "wb") as out, source.open("rb") as stream:
            shutil.copyfileobj(stream, out)
            out.flush()
            os.fsync(out.fileno())
    except OSError as err:
        raise CadenceError(f"cannot keep a copy of {source} in {target.parent}: {err}") from err


def _private_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    return folder
