"""Fixtures for the widget tests: a fresh workspace database per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cadence.storage.database import Database, open_database


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    """An empty, migrated workspace in a temporary file."""
    db = open_database(f"sqlite:///{tmp_path}/w.sqlite3")
    yield db
    db.close()
