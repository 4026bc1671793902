"""Revision 0010: each stakeholder and the manager may say whose public holidays they observe."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import inspect, select, text

from cadence.models import Stakeholder
from cadence.planner.loading import manager_from, person_from
from cadence.settings import SettingsChanges, apply_settings, load_settings
from cadence.stakeholders import StakeholderChanges, create_stakeholder
from cadence.storage.database import open_database
from cadence.storage.migrations import alembic_config


def test_a_workspace_from_0009_keeps_its_people_on_their_zones_holidays(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path}/w.sqlite3", backup=False)
    with database.transaction() as session:
        apply_settings(load_settings(session), SettingsChanges(timezone="Europe/Berlin",
                                                               public_holidays="DE-BY"))
        create_stakeholder(session, StakeholderChanges(
            name="Nia", account="Acme", timezone="America/New_York", public_holidays="US-CA"))

    command.downgrade(alembic_config(database.engine), "0009")

    for table in ("stakeholder", "manager_settings"):
        columns = {c["name"] for c in inspect(database.engine).get_columns(table)}
        assert "public_holidays" not in columns
    with database.engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM stakeholder")).scalar() == "Nia"

    command.upgrade(alembic_config(database.engine), "head")

    with database.transaction() as session:
        nia = session.scalars(select(Stakeholder)).one()
        settings = load_settings(session)
        assert (nia.public_holidays, settings.public_holidays) == (None, None)
        # As before regions could be set: the country of each one's zone.
        assert person_from(nia).holiday_region == "US"
        assert manager_from(settings).holiday_region == "DE"
    database.close()
