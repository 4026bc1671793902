"""Shared fixtures: a fresh workspace database per test, in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from cadence.storage.database import Database, open_database

# A fixed "now" so that tests never depend on the wall clock: Monday 2026-11-23, 08:00 UTC.
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
TODAY = date(2026, 11, 23)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test's workspace database lives."""
    return tmp_path / "workspace.sqlite3"


@pytest.fixture
def database(db_path: Path) -> Iterator[Database]:
    """A new, migrated, seeded workspace database."""
    db = open_database(f"sqlite:///{db_path}")
    yield db
    db.close()


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    """A session in one transaction, committed at the end of the test."""
    with database.transaction() as s:
        yield s
