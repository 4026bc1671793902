"""Fixtures for the calendar tests: a fresh workspace with the manager in Europe/Berlin."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cadence.settings import load_settings
from cadence.storage.database import Database, open_database
from tests.core.calendars.builders import Plan, add_plan


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    """A new, migrated workspace in a temporary file."""
    db = open_database(f"sqlite:///{tmp_path}/w.sqlite3", backup=False)
    with db.transaction() as session:
        settings = load_settings(session)
        settings.timezone = "Europe/Berlin"
        settings.name = "Mia Manager"
        settings.alarm_minutes = 15
    yield db
    db.close()


@pytest.fixture
def plan(database: Database) -> Plan:
    """Four touchpoints for two stakeholders in two zones (see :func:`add_plan`)."""
    with database.transaction() as session:
        return add_plan(session)
