"""Revision 0007: what each file published, and what a withdrawn invitation needs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from alembic import command
from sqlalchemy import inspect, select, text

from cadence.calendars.ics_export import export_ics
from cadence.models import PublishedEntry, WithdrawnEntry
from cadence.storage.database import open_database
from cadence.storage.migrations import alembic_config

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
OLD_ENTRY = (
    "INSERT INTO withdrawn_entry (uid, stakeholder_id, summary, starts_at, ends_at, timezone, "
    "sequence, withdrawn_at) VALUES ('old@cadence', NULL, 'Coffee check-in with Ana', "
    "'2026-12-03 10:00:00', '2026-12-03 10:30:00', 'Europe/Berlin', 2, '2026-11-30 08:00:00')"
)


def test_a_workspace_from_0006_keeps_cancelling_what_it_withdrew(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path}/w.sqlite3", backup=False)
    command.downgrade(alembic_config(database.engine), "0006")
    with database.engine.begin() as connection:
        connection.execute(text(OLD_ENTRY))

    command.upgrade(alembic_config(database.engine), "head")

    path = tmp_path / "cal.ics"
    with database.transaction() as session:
        entry = session.get_one(WithdrawnEntry, "old@cadence")
        # Every entry kept before 0007 was of an exported touch.
        assert (entry.exported, entry.touchpoint_id, entry.attendee_email) == (True, None, "")
        export_ics(session, path, now=NOW)
    assert b"UID:old@cadence" in path.read_bytes()
    with database.transaction() as session:
        assert session.scalars(select(PublishedEntry)).all() == []  # it published no live touch
    database.close()


def test_downgrading_drops_the_records_and_keeps_the_withdrawn_entries(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path}/w.sqlite3", backup=False)
    with database.transaction() as session:
        session.add(PublishedEntry(target=str(tmp_path / "cal.ics"), uid="a@cadence"))
        session.add(WithdrawnEntry(uid="b@cadence", summary="Coffee", starts_at=NOW,
                                   ends_at=NOW + timedelta(minutes=30), timezone="UTC",
                                   sequence=1, touchpoint_id=4, attendee_email="a@x.example"))

    command.downgrade(alembic_config(database.engine), "0006")

    tables = inspect(database.engine).get_table_names()
    assert "published_entry" not in tables
    columns = {c["name"] for c in inspect(database.engine).get_columns("withdrawn_entry")}
    assert not {"exported", "touchpoint_id", "attendee_email"} & columns
    with database.engine.connect() as connection:
        assert connection.execute(text("SELECT uid FROM withdrawn_entry")).scalar() == "b@cadence"
    database.close()
