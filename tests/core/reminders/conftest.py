"""Fixtures for the reminder tests: a Berlin workspace, a manual clock, a paused scheduler."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from reminder_world import START, ServiceFactory, Started, Workspace, configure_berlin

from cadence.reminders.clock import ManualClock
from cadence.reminders.inbox import NotificationView
from cadence.reminders.service import ReminderService
from cadence.storage.database import Database, open_database


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    """A fresh workspace file with the Berlin manager settings."""
    opened = open_database(f"sqlite:///{tmp_path / 'workspace.sqlite3'}")
    configure_berlin(opened)
    yield opened
    opened.close()


@pytest.fixture
def workspace(database: Database) -> Workspace:
    """Row builders on the test database."""
    return Workspace(database)


@pytest.fixture
def clock() -> ManualClock:
    """A clock standing at :data:`START` until a test moves it."""
    return ManualClock(START)




@pytest.fixture
def make_service(database: Database, clock: ManualClock) -> Iterator[ServiceFactory]:
    """Start reminder services on the test database, paused (the test drives time).

    Every service started is shut down at the end; a test simulates a restart by shutting one
    down and making another on the same database.
    """
    started: list[ReminderService] = []

    def make() -> Started:
        fired: list[NotificationView] = []
        service = ReminderService(
            database, BackgroundScheduler(), clock=clock, on_fired=fired.append
        )
        report = service.start(paused=True)
        started.append(service)
        return Started(service, fired, report)

    yield make
    for service in started:
        service.shutdown()
