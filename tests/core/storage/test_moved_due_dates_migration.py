"""Revision 0003: promises get their first and missed due dates; nothing else changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from alembic import command
from sqlalchemy import select, text

from cadence.catalogue import kind_by_key
from cadence.commitments import add_commitment, move_due_date
from cadence.models import Commitment, Touchpoint
from cadence.stakeholders import StakeholderChanges, create_stakeholder
from cadence.storage.database import Database, open_database
from cadence.storage.migrations import alembic_config
from cadence.vocabulary import Channel, TouchpointStatus


def _workspace(path: Path) -> Database:
    """A promise with a status update planned for it."""
    database = open_database(f"sqlite:///{path}")
    with database.transaction() as session:
        person = create_stakeholder(session, StakeholderChanges(name="Amelia", account="Harbour"))
        promise = add_commitment(session, person, what="Runbook", due_on=date(2026, 12, 4))
        start = datetime(2026, 12, 1, 9, tzinfo=UTC)
        session.add(Touchpoint(stakeholder=person, kind=kind_by_key(session, "status-update"),
                               channel=Channel.EMAIL, starts_at=start,
                               ends_at=start + timedelta(minutes=20), timezone="UTC",
                               status=TouchpointStatus.ACCEPTED, commitment_id=promise.id))
    return database


def test_a_workspace_from_before_reads_as_never_moved(tmp_path: Path) -> None:
    database = _workspace(tmp_path / "w.sqlite3")
    command.downgrade(alembic_config(database.engine), "reminders1")
    command.upgrade(alembic_config(database.engine), "head")

    with database.transaction() as session:
        (promise,) = session.scalars(select(Commitment)).all()
        assert (promise.first_due_on, promise.missed_due_on) == (None, None)
        move_due_date(promise, date(2026, 12, 11), date(2026, 12, 1))
    with database.transaction() as session:
        (promise,) = session.scalars(select(Commitment)).all()
        assert promise.first_due_on == date(2026, 12, 4)
    database.close()


def test_downgrading_keeps_the_promises_and_the_touches_carrying_their_updates(
    tmp_path: Path,
) -> None:
    database = _workspace(tmp_path / "w.sqlite3")

    command.downgrade(alembic_config(database.engine), "reminders1")

    with database.engine.connect() as connection:
        columns = {row[1] for row in connection.execute(text("PRAGMA table_info(commitment)"))}
        assert not {"first_due_on", "missed_due_on"} & columns
        assert connection.execute(text("SELECT what FROM commitment")).scalar() == "Runbook"
        # A copy of the table (batch mode) would have unlinked the status update (SET NULL).
        linked = "SELECT count(*) FROM touchpoint WHERE commitment_id IS NOT NULL"
        assert connection.execute(text(linked)).scalar() == 1
    database.close()
