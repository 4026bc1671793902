"""Opening the workspace database: engine, SQLite pragmas, file permissions, sessions."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, delete, event, false
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from cadence.errors import CadenceError
from cadence.models import PlanRun
from cadence.plan_freshness import count_planning_changes
from cadence.settings import load_settings
from cadence.storage import migrations

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Database:
    """An open workspace: its engine and a session factory.

    Use :meth:`transaction` for each user action so that it commits whole or not at all.
    """

    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work commits at the end of the block, or rolls back on any error."""
        with self.sessions.begin() as session:
            yield session

    @contextmanager
    def write_transaction(self) -> Iterator[Session]:
        """A :meth:`transaction` that holds the write lock from its start, so what it reads
        cannot change before it writes (SQLite's ``BEGIN IMMEDIATE``)."""
        with self.transaction() as session:
            # A write statement takes the lock, even one that changes no row.
            session.execute(delete(PlanRun).where(false()))
            yield session

    @property
    def path(self) -> Path | None:
        """The SQLite file, or ``None`` for in-memory or server databases."""
        return sqlite_path(self.url)

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or ``None``.

    Raises:
        CadenceError: ``url`` is not a URL at all.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as err:
        raise CadenceError(f"cannot open database {url}: not a database URL ({err})") from err
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def create_db_engine(url: str) -> Engine:
    """An engine with the pragmas Cadence relies on (foreign keys, WAL, a busy timeout).

    Raises:
        CadenceError: ``url`` is malformed or names a database without an installed driver,
            or a SQLite file's folder does not exist.
    """
    try:
        path = sqlite_path(url)
        if path is not None:
            _create_private_file(path)
        engine = create_engine(url, connect_args=_connect_args(url))
    except (ArgumentError, NoSuchModuleError, ImportError) as err:
        raise CadenceError(f"cannot open database {url}: not a database URL Cadence can use "
                           f"({err})") from err
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def open_database(url: str, *, migrate: bool = True, backup: bool = True) -> Database:
    """Open (creating if needed) and migrate the database at ``url``.

    An older schema is upgraded after a backup copy; a newer one is refused.

    Raises:
        DatabaseVersionError: the database is newer than this Cadence.
        CadenceError: the file cannot be opened (not a database, no permission, ...).
    """
    engine = create_db_engine(url)
    try:
        if migrate:
            migrations.upgrade(engine, backup_first=backup)
    except DatabaseError as err:  # OperationalError (locked, no access) or not a database
        engine.dispose()
        raise CadenceError(f"cannot open database {url}: {err.orig}") from err
    except Exception:
        engine.dispose()
        raise
    sessions = sessionmaker(engine, expire_on_commit=False)
    count_planning_changes(sessions)
    database = Database(url, engine, sessions)
    if migrate:
        with database.transaction() as session:
            load_settings(session)
    return database


def _connect_args(url: str) -> dict[str, Any]:
    if make_url(url).get_backend_name() == "sqlite":
        return {"timeout": 15}
    return {}


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling is kept on purpose: it begins a transaction only at
    # the first write, so reads never pin a WAL snapshot that a concurrent writer (the reminder
    # service, a background import) would turn into "database is locked" when this transaction
    # later writes. The price: RELEASE of an outermost SAVEPOINT commits, so savepoints are only
    # used as dry runs that are rolled back (cadence.contacts.importer).
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _create_private_file(path: Path) -> None:
    """Create the database file owner-only before SQLite does (it would use the umask)."""
    if not path.parent.is_dir():  # a typo in a folder name must not start a new workspace
        raise CadenceError(f"cannot create database {path}: there is no folder {path.parent}")
    if path.exists():
        return
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as err:
        raise CadenceError(f"cannot create database {path}: {err.strerror}") from err
    os.close(fd)
