"""Revision 0012: the manager may cap the touches a week; existing workspaces get no cap."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from cadence.planner.loading import manager_from
from cadence.settings import SettingsChanges, apply_settings, load_settings
from cadence.storage.database import open_database
from cadence.storage.migrations import alembic_config


def _columns(engine: Engine) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns("manager_settings")}


def test_a_workspace_from_0011_keeps_its_settings_and_gets_no_limit(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path}/w.sqlite3", backup=False)
    with database.transaction() as session:
        apply_settings(load_settings(session), SettingsChanges(
            name="Mia", weekly_capacity_hours=4.5, public_holidays="DE-BY",
            weekly_touch_limit=9))

    command.downgrade(alembic_config(database.engine), "0011")
    assert "weekly_touch_limit" not in _columns(database.engine)
    command.upgrade(alembic_config(database.engine), "head")

    with database.transaction() as session:
        settings = load_settings(session)
        assert (settings.name, settings.weekly_capacity_hours, settings.public_holidays) == (
            "Mia", 4.5, "DE-BY")
        assert settings.weekly_touch_limit is None
        assert manager_from(settings).weekly_touch_limit is None
    # The table's other rules survive its copy, and the new one holds.
    with pytest.raises(IntegrityError, match="touch_limit_nonnegative"), \
            database.engine.begin() as connection:
        connection.execute(text("UPDATE manager_settings SET weekly_touch_limit = -1"))
    with pytest.raises(IntegrityError, match="capacity_nonnegative"), \
            database.engine.begin() as connection:
        connection.execute(text("UPDATE manager_settings SET weekly_capacity_hours = -1"))
    database.close()


def test_the_limit_reaches_the_planner(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path}/w.sqlite3", backup=False)
    with database.transaction() as session:
        settings = load_settings(session)
        apply_settings(settings, SettingsChanges(weekly_touch_limit=4))
        assert manager_from(settings).weekly_touch_limit == 4
    database.close()
