"""Revision 0008: each busy block keeps the version of the event it came from."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import inspect, select, text

from cadence.calendars.ics_import import import_calendar
from cadence.models import BusyBlock
from cadence.storage.database import open_database
from cadence.storage.migrations import alembic_config

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
OLD_BLOCK = (
    "INSERT INTO busy_block (source, uid, starts_at, ends_at, timezone, all_day, summary) "
    "VALUES ('/home/mia/old.ics', 'sync@example.com', '2026-12-08 09:00:00', "
    "'2026-12-08 10:00:00', 'Europe/Berlin', 0, 'Sync')"
)
CALENDAR = (
    "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Cadence tests//migration//EN\nBEGIN:VEVENT\n"
    "UID:sync@example.com\nDTSTAMP:20261101T000000Z\nDTSTART;TZID=Europe/Berlin:20261210T140000\n"
    "DTEND;TZID=Europe/Berlin:20261210T150000\nSUMMARY:Sync\nEND:VEVENT\nEND:VCALENDAR\n"
)


def test_blocks_from_0007_get_the_lowest_version_and_any_file_replaces_them(
    tmp_path: Path,
) -> None:
    database = open_database(f"sqlite:///{tmp_path}/w.sqlite3", backup=False)
    command.downgrade(alembic_config(database.engine), "0007")
    with database.engine.begin() as connection:
        connection.execute(text(OLD_BLOCK))

    command.upgrade(alembic_config(database.engine), "head")

    with database.transaction() as session:
        block = session.scalars(select(BusyBlock)).one()
        assert (block.summary, block.sequence, block.revised_at) == ("Sync", 0, None)
    path = tmp_path / "new.ics"
    path.write_text(CALENDAR, encoding="utf-8")
    with database.transaction() as session:
        report = import_calendar(session, path, start=date(2026, 12, 1), end=date(2026, 12, 31),
                                 manager_zone="Europe/Berlin", now=NOW)
        assert (report.replaced, report.older) == ({"/home/mia/old.ics": 1}, [])
        block = session.scalars(select(BusyBlock)).one()
        assert (block.source, block.sequence, block.revised_at) == (
            str(path.resolve()), 0, datetime(2026, 11, 1, tzinfo=UTC))
    database.close()


def test_downgrading_drops_the_versions_and_keeps_the_blocks(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path}/w.sqlite3", backup=False)
    with database.transaction() as session:
        session.add(BusyBlock(source="/home/mia/work.ics", uid="sync@example.com",
                              starts_at=NOW, ends_at=NOW.replace(hour=10), sequence=3,
                              revised_at=NOW))

    command.downgrade(alembic_config(database.engine), "0007")

    columns = {c["name"] for c in inspect(database.engine).get_columns("busy_block")}
    assert not {"sequence", "revised_at"} & columns
    with database.engine.connect() as connection:
        assert connection.execute(text("SELECT uid FROM busy_block")).scalar() == (
            "sync@example.com")
    database.close()
