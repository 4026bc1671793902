"""Fixtures for the storage tests: a workspace database file with a few stakeholders."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cadence.stakeholders import StakeholderChanges, create_stakeholder
from cadence.storage.database import Database, open_database


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
