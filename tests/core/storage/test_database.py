"""Opening the workspace: file permissions, pragmas, migrations, version checks."""

from __future__ import annotations

import re
import sqlite3
import stat
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from cadence.errors import CadenceError, DatabaseVersionError, ValidationError
from cadence.models import Account, Base, ManagerSettings, TouchpointKind
from cadence.storage.backup import list_backups
from cadence.storage.database import Database, create_db_engine, open_database
from cadence.storage.locations import database_url
from cadence.storage.migrations import alembic_config, current_revision, head_revision


def test_new_database_file_is_private_to_its_owner(database: Database, db_path: Path) -> None:
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_foreign_keys_and_wal_are_on(database: Database) -> None:
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_a_new_workspace_has_the_default_catalogue_and_settings(database: Database) -> None:
    with database.transaction() as session:
        keys = {k.key for k in session.query(TouchpointKind)}
        assert {"hackathon", "business-review", "coffee", "generic-social"} <= keys
        assert session.get(ManagerSettings, 1) is not None


def test_a_workspace_in_a_folder_with_a_percent_sign_opens(tmp_path: Path) -> None:
    folder = tmp_path / "50% share"
    folder.mkdir()
    db = open_database(f"sqlite:///{folder / 'w.sqlite3'}", backup=False)
    try:
        assert current_revision(db.engine) == head_revision()
    finally:
        db.close()


def test_migrations_build_exactly_the_schema_of_the_models(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    command.upgrade(alembic_config(engine), "head")
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_an_older_database_is_backed_up_then_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = create_db_engine(f"sqlite:///{path}")
    command.upgrade(alembic_config(engine), "0001")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO account (name, tier, notes) VALUES ('Acme', 1, '')"))
    engine.dispose()

    db = open_database(f"sqlite:///{path}")
    try:
        assert current_revision(db.engine) == head_revision()
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT name FROM account")).scalar() == "Acme"
    finally:
        db.close()
    backups = list_backups(path)
    assert len(backups) == 1
    assert backups[0].reason.startswith("before-migration")
    assert stat.S_IMODE(backups[0].path.stat().st_mode) == 0o600
    with sqlite3.connect(backups[0].path) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)


def test_a_newer_database_is_refused_and_left_alone(database: Database, db_path: Path) -> None:
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'f00d_from_future'"))
    database.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseVersionError, match="newer Cadence"):
        open_database(f"sqlite:///{db_path}")
    assert db_path.read_bytes() == before


def test_a_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (body TEXT)")
    with pytest.raises(DatabaseVersionError, match="not a Cadence database"):
        open_database(f"sqlite:///{path}")


def test_database_url_prefers_the_option_then_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CADENCE_DB", str(tmp_path / "env.sqlite3"))
    assert database_url(None) == f"sqlite:///{tmp_path / 'env.sqlite3'}"
    assert database_url(str(tmp_path / "opt.sqlite3")) == f"sqlite:///{tmp_path / 'opt.sqlite3'}"
    assert database_url("sqlite://") == "sqlite://"


@pytest.mark.parametrize(("given", "message"), [
    ("", "db: give a database file or URL"),
    ("{tmp}", "db: {tmp} is a folder"),
    ("{tmp}/typo/w.sqlite3", "db: there is no folder {tmp}/typo"),
])
def test_a_database_path_that_cannot_be_meant_is_refused_not_created(
    tmp_path: Path, given: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=re.escape(message.format(tmp=tmp_path))):
        database_url(given.format(tmp=tmp_path))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("url", "message"), [
    ("not a url://x", "not a database URL"),
    ("nosuchdb://host/name", "not a database URL Cadence can use"),
    ("sqlite:///{tmp}/typo/w.sqlite3", "there is no folder {tmp}/typo"),
])
def test_a_database_url_that_cannot_be_opened_is_one_clear_error(
    tmp_path: Path, url: str, message: str
) -> None:
    with pytest.raises(CadenceError, match=re.escape(message.format(tmp=tmp_path))):
        open_database(url.format(tmp=tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_default_location_is_the_user_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CADENCE_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert database_url(None) == f"sqlite:///{tmp_path / 'data' / 'cadence' / 'cadence.sqlite3'}"


def test_in_memory_databases_work_for_scripts() -> None:
    db = open_database("sqlite://")
    try:
        with db.transaction() as session:
            assert session.query(TouchpointKind).count() == 8
    finally:
        db.close()


def test_a_rolled_back_savepoint_keeps_the_rest_of_the_transaction(database: Database) -> None:
    with database.transaction() as session:
        session.add(Account(name="Kept"))
        savepoint = session.begin_nested()
        session.add(Account(name="Dropped"))
        savepoint.rollback()
    with database.transaction() as session:
        assert [a.name for a in session.query(Account)] == ["Kept"]


def test_a_write_after_a_read_survives_a_concurrent_writer(database: Database) -> None:
    # The app's re-plan reads, the reminder service writes meanwhile, then the re-plan saves:
    # that must not fail with "database is locked".
    with database.transaction() as planning:
        assert planning.query(Account).count() == 0
        with database.transaction() as reminders:
            reminders.add(Account(name="Written meanwhile"))
        planning.add(Account(name="Saved by the plan"))
        planning.flush()
    with database.transaction() as session:
        assert session.query(Account).count() == 2
