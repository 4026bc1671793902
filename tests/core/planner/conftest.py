"""Fixtures for planner tests: a fresh database and a workspace builder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from planner_workspace import Workspace

from cadence.storage.database import Database, open_database


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    """A new, migrated workspace database in a temporary directory."""
    db = open_database(f"sqlite:///{tmp_path}/w.sqlite3", backup=False)
    yield db
    db.close()


@pytest.fixture
def workspace(database: Database) -> Iterator[Workspace]:
    """A workspace builder working inside one transaction on a fresh database."""
    with database.transaction() as session:
        yield Workspace(session)
