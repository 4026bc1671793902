"""Backups: consistent owner-only copies, rotation, and restoring over a damaged database."""

from __future__ import annotations

import re
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cadence.errors import CadenceError
from cadence.stakeholders import StakeholderChanges, create_stakeholder, list_stakeholders
from cadence.storage.backup import (
    KEEP,
    backup_dir,
    backup_on_start,
    integrity_problem,
    list_backups,
    take_backup,
)
from cadence.storage.database import Database, open_database
from cadence.storage.restore import restore_backup

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    """A migrated workspace in ``tmp_path/data/w.sqlite3`` holding two stakeholders."""
    folder = tmp_path / "data"
    folder.mkdir()
    db = open_database(f"sqlite:///{folder}/w.sqlite3")
    with db.transaction() as session:
        create_stakeholder(session, StakeholderChanges(name="Zoë Ångström", account="Nordlicht"))
        create_stakeholder(session, StakeholderChanges(name="山田 太郎", account="Sakura"))
    yield db
    db.close()


def names(database: Database) -> list[str]:
    with database.transaction() as session:
        return sorted(p.name for p in list_stakeholders(session))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def damage(path: Path) -> None:
    """Overwrite four pages in the middle of the file, as a failing disk or a stray write
    would (from a page boundary, so that page headers are hit and SQLite can tell)."""
    middle = path.stat().st_size // 2 // 4096 * 4096
    with path.open("r+b") as stream:
        stream.seek(middle)
        stream.write(b"\xde\xad\xbe\xef" * 4096)


def test_backup_is_a_consistent_owner_only_copy(database: Database) -> None:
    assert database.path is not None
    copy = take_backup(database.path, "manual", now=T0)
    assert mode(copy) == 0o600
    assert mode(backup_dir(database.path)) == 0o700
    assert integrity_problem(copy) is None
    copied = open_database(f"sqlite:///{copy}", migrate=False)
    assert names(copied) == ["Zoë Ångström", "山田 太郎"]
    copied.close()
    assert [b.reason for b in list_backups(database.path)] == ["manual"]


def test_only_the_newest_ten_are_kept(database: Database) -> None:
    assert database.path is not None
    for minute in range(KEEP + 3):
        take_backup(database.path, "start", now=T0 + timedelta(minutes=minute))
    kept = list_backups(database.path)
    assert len(kept) == KEEP
    assert kept[0].taken_at == T0 + timedelta(minutes=KEEP + 2)
    assert kept[-1].taken_at == T0 + timedelta(minutes=3)
    assert all(mode(b.path) == 0o600 for b in kept)


def test_backup_on_start_copies_an_existing_database(database: Database) -> None:
    assert database.path is not None
    taken = backup_on_start(database.url, now=T0)
    assert taken is not None
    assert list_backups(database.path)[0].reason == "start"


def test_backup_on_start_skips_a_new_file_and_memory(tmp_path: Path) -> None:
    assert backup_on_start(f"sqlite:///{tmp_path}/new.sqlite3") is None
    assert backup_on_start("sqlite://") is None
    assert not (tmp_path / "new.sqlite3").exists()


def test_a_damaged_database_never_pushes_good_backups_out(database: Database) -> None:
    assert database.path is not None
    for minute in range(KEEP):
        take_backup(database.path, "start", now=T0 + timedelta(minutes=minute))
    database.close()
    damage(database.path)
    assert backup_on_start(database.url, now=T0 + timedelta(hours=1)) is None
    kept = list_backups(database.path)
    assert len(kept) == KEEP
    assert all(integrity_problem(b.path) is None for b in kept)


def test_restore_after_the_database_file_is_damaged(database: Database) -> None:
    path = database.path
    assert path is not None
    good = take_backup(path, "manual", now=T0)
    with database.transaction() as session:
        for n in range(300):  # enough pages that the damage lands in table data
            create_stakeholder(session, StakeholderChanges(name=f"Later {n}", account="Later"))
    database.close()
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    damage(path)
    assert integrity_problem(path) is not None

    kept = restore_backup(path, good, now=T0 + timedelta(hours=1))

    assert kept.name.endswith("-damaged.sqlite3.damaged")
    assert mode(kept) == 0o600
    assert mode(path) == 0o600
    assert integrity_problem(path) is None
    reopened = open_database(f"sqlite:///{path}")
    assert names(reopened) == ["Zoë Ångström", "山田 太郎"]
    reopened.close()


def test_restore_keeps_a_sound_current_file_as_a_backup(database: Database) -> None:
    path = database.path
    assert path is not None
    good = take_backup(path, "manual", now=T0)
    with database.transaction() as session:
        create_stakeholder(session, StakeholderChanges(name="Łukasz Żółć", account="Wisła"))
    database.close()

    kept = restore_backup(path, good, now=T0 + timedelta(hours=1))

    assert [b.path for b in list_backups(path) if b.reason == "before-restore"] == [kept]
    before = open_database(f"sqlite:///{kept}", migrate=False)
    assert "Łukasz Żółć" in names(before)
    before.close()
    restored = open_database(f"sqlite:///{path}")
    assert "Łukasz Żółć" not in names(restored)
    restored.close()


def test_a_damaged_backup_is_refused_and_nothing_changes(database: Database) -> None:
    path = database.path
    assert path is not None
    bad = take_backup(path, "manual", now=T0)
    damage(bad)
    database.close()
    before = path.read_bytes()
    with pytest.raises(CadenceError, match="damaged"):
        restore_backup(path, bad)
    assert path.read_bytes() == before


@pytest.mark.parametrize("folder", ["b#1", "b%41", "b?x"])
def test_a_backup_in_a_folder_with_uri_characters_is_restored(
    database: Database, tmp_path: Path, folder: str
) -> None:
    path = database.path
    assert path is not None
    (tmp_path / folder).mkdir()
    chosen = take_backup(path, "manual", now=T0).rename(tmp_path / folder / "bk.sqlite3")
    database.close()
    restore_backup(path, chosen)
    reopened = open_database(f"sqlite:///{path}")
    assert names(reopened) == ["Zoë Ångström", "山田 太郎"]
    reopened.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["data", folder])


def test_a_backup_is_one_self_contained_file(database: Database) -> None:
    assert database.path is not None
    copy = take_backup(database.path, "manual", now=T0)
    assert integrity_problem(copy) is None  # opened to be checked, as restore does
    assert sorted(p.name for p in backup_dir(database.path).iterdir()) == [copy.name]


def _other_program_database(path: Path) -> Path:
    with closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
        db.commit()
    return path


def _newer_cadence_copy(database: Database, path: Path) -> Path:
    copy = take_backup(database.path or Path(), "manual", now=T0)
    with closing(sqlite3.connect(copy)) as db:
        db.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
        db.commit()
    return copy.rename(path)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda _db, p: _other_program_database(p), "not a Cadence database"),
        (lambda _db, p: sqlite3.connect(p).close() or p, "holds no Cadence workspace"),
        (_newer_cadence_copy, "written by a newer Cadence (schema 9999_from_the_future)"),
    ],
)
def test_a_file_that_is_no_workspace_this_version_opens_is_refused(
    database: Database, tmp_path: Path, make: object, message: str
) -> None:
    path = database.path
    assert path is not None
    chosen = make(database, tmp_path / "chosen.sqlite3")  # type: ignore[operator]
    database.close()
    before = path.read_bytes()
    with pytest.raises(CadenceError, match=re.escape(message)):
        restore_backup(path, chosen)
    assert path.read_bytes() == before
    assert list_backups(path) == []  # not even a before-restore copy was taken
