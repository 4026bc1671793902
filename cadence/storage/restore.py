"""Putting a backup back in place of the database, even when the current file is damaged.

The copy to restore is checked first: it must be a sound SQLite file that holds a Cadence
workspace this version can open. A stray file chosen by mistake (another program's database,
an empty file, a copy from a newer Cadence) would otherwise replace the workspace and leave
the app unable to start.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.exc import DatabaseError

from cadence.errors import CadenceError
from cadence.storage.backup import backup_path, copy_database, integrity_problem, take_backup
from cadence.storage.migrations import current_revision, revision_problem

log = logging.getLogger(__name__)

_SIDE_FILES = ("-wal", "-shm", "-journal")


def restore_backup(database: Path, backup: Path, *, now: datetime | None = None) -> Path:
    """Replace ``database`` with the copy ``backup``; close the app (and any CLI) first.

    The backup is checked with ``PRAGMA integrity_check`` and for a Cadence schema this
    version opens before anything is touched. The current file is kept: as a normal backup
    when it is sound, else (damaged) its raw bytes, with its WAL, as
    ``backups/<name>-<time>-damaged.sqlite3.damaged``. The restored file is written beside the
    database and renamed over it, so the database is at every moment the old file or the
    restored one; the old WAL is moved aside first so it cannot be replayed onto the restored
    file.

    Returns:
        Where the replaced database was kept.

    Raises:
        CadenceError: the backup is missing, damaged or not a Cadence workspace this version
            opens (nothing is changed), or a file could not be written.
    """
    if not backup.is_file():
        raise CadenceError(f"no backup file {backup}")
    problem = integrity_problem(backup)
    if problem:
        raise CadenceError(f"backup {backup} is damaged ({problem}); nothing was restored")
    problem = workspace_problem(backup)
    if problem:
        raise CadenceError(f"{backup} cannot be restored: {problem}; nothing was restored")
    kept = _keep_current(database, now)
    staged = database.with_name(f".{database.name}.restoring")
    try:
        os.close(os.open(staged, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600))
        copy_database(backup, staged)
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


def workspace_problem(path: Path) -> str | None:
    """Why the sound SQLite file ``path`` is not a workspace this Cadence can open, or
    ``None``. The file is only read."""
    uri = f"{path.resolve().as_uri()}?mode=ro"  # as_uri escapes '#', '?' and '%' in the path
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True))
    try:
        current = current_revision(engine)
        problem = revision_problem(engine, current)
        if problem is None and current is None:
            return "it holds no Cadence workspace (an empty database)"
        return problem
    except DatabaseError as err:
        return str(err.orig)
    finally:
        engine.dispose()


def _keep_current(database: Path, now: datetime | None) -> Path:
    """Keep the file about to be replaced: a checked backup if sound, else its raw bytes."""
    if not database.exists():
        return database
    if integrity_problem(database) is None:
        saved = take_backup(database, "before-restore", now=now)
        with closing(sqlite3.connect(database)) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return saved
    saved = backup_path(database, "damaged", now=now, suffix=".sqlite3.damaged")
    for suffix in ("", "-wal"):
        source = Path(f"{database}{suffix}")
        if source.exists() and (not suffix or source.stat().st_size):
            _copy_private(source, Path(f"{saved}{suffix}"))
    log.warning("kept the damaged database as %s", saved)
    return saved


def _copy_private(source: Path, target: Path) -> None:
    try:
        fd = os.open(target, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "wb") as out, source.open("rb") as stream:
            shutil.copyfileobj(stream, out)
            out.flush()
            os.fsync(out.fileno())
    except OSError as err:
        raise CadenceError(f"cannot keep a copy of {source} in {target.parent}: {err}") from err
