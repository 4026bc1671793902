"""Revision reminders1: kinds get their own reminder lead time; the hackathon keeps its day."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from cadence.stakeholders import StakeholderChanges, create_stakeholder
from cadence.storage.database import create_db_engine, open_database
from cadence.storage.migrations import alembic_config

KIND_ROW = (
    "INSERT INTO touchpoint_kind (key, name, value, pressure, duration_minutes, prep_minutes, "
    "channel, purpose, description) VALUES (:key, :key, 5, 1, 60, 10, 'video', 'review', '')"
)


def test_an_existing_workspace_gets_the_hackathon_lead_and_the_setting_elsewhere(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite3"
    engine = create_db_engine(f"sqlite:///{path}")
    command.upgrade(alembic_config(engine), "0002")
    with engine.begin() as connection:
        for key in ("hackathon", "coffee", "site-visit"):
            connection.execute(text(KIND_ROW), {"key": key})

    command.upgrade(alembic_config(engine), "reminders1")

    with engine.begin() as connection:
        rows = connection.execute(text("SELECT key, reminder_lead_minutes FROM touchpoint_kind"))
        leads = dict(rows.all())
        assert leads == {"hackathon": 24 * 60, "coffee": None, "site-visit": None}
        with pytest.raises(IntegrityError, match="reminder_lead_nonnegative"):
            connection.execute(
                text("UPDATE touchpoint_kind SET reminder_lead_minutes = -1 WHERE key = 'coffee'")
            )
    engine.dispose()



def test_downgrading_drops_only_the_column(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'w.sqlite3'}")
    with database.transaction() as session:
        create_stakeholder(session, StakeholderChanges(
            name="Ingrid Bauer", account="Nordbank", likes=["lunch"], dislikes=["generic-social"],
        ))

    command.downgrade(alembic_config(database.engine), "0002")

    with database.engine.connect() as connection:
        columns = {row[1] for row in connection.execute(text("PRAGMA table_info(touchpoint_kind)"))}
        assert "reminder_lead_minutes" not in columns
        # A copy of the kinds table (batch mode) would have cascaded into the likes and dislikes.
        assert connection.execute(text("SELECT count(*) FROM kind_preference")).scalar() == 2
    database.close()
