"""Fixtures for the contacts tests: a fresh workspace database and the fixture files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cadence.storage.database import Database, open_database

FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    """An empty, migrated workspace in a temporary file."""
    db = open_database(f"sqlite:///{tmp_path}/w.sqlite3")
    yield db
    db.close()


@pytest.fixture
def fixtures() -> Path:
    """The folder of real-looking contact exports written for these tests."""
    return FIXTURES
