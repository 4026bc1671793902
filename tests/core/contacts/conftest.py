"""Fixtures for the contacts tests: the fixture files."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture
def fixtures() -> Path:
    """The folder of real-looking contact exports written for these tests."""
    return FIXTURES
