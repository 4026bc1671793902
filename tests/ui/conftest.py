"""Fixtures for the app tests: a fresh demo database per test, a fixed clock, the real window."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from pytestqt.qtbot import QtBot

from cadence.demo import create_demo_workspace
from cadence.settings import load_settings
from cadence.storage.database import Database, open_database
from cadence.week_agenda import WeekItem
from ui.main_window import MainWindow
from ui.week_view import WeekCanvas
from ui.workspace import Workspace

#: A Monday morning; the demo workspace is generated relative to its date.
NOW = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)
ZONE = "Europe/Berlin"
#: The Monday of the week that holds :data:`NOW`.
MONDAY = date(2026, 11, 23)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo workspace built once; each test gets its own copy."""
    path = tmp_path_factory.mktemp("template") / "demo.sqlite3"
    database = open_database(f"sqlite:///{path}", backup=False)
    with database.transaction() as session:
        load_settings(session).timezone = ZONE
        create_demo_workspace(session, NOW.date())
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    return path


@pytest.fixture
def demo_database(demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A private copy of the demo workspace."""
    path = tmp_path / "workspace.sqlite3"
    shutil.copyfile(demo_template, path)
    db = open_database(f"sqlite:///{path}", backup=False)
    yield db
    db.close()


@pytest.fixture
def workspace(demo_database: Database) -> Iterator[Workspace]:
    """The app's view of the demo workspace, with the clock fixed at :data:`NOW`."""
    ws = Workspace(demo_database, clock=lambda: NOW)
    yield ws
    ws.tasks.cancel_all()
    ws.tasks.wait(10_000)
    # Deliver the finished tasks' queued results now, so they cannot spill into the next test.
    QCoreApplication.processEvents()


@pytest.fixture
def qsettings(tmp_path: Path) -> QSettings:
    """Window settings in a private INI file."""
    return QSettings(str(tmp_path / "cadence.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(workspace: Workspace, qsettings: QSettings, qtbot: QtBot) -> MainWindow:
    """The real main window on the demo workspace, shown."""
    win = MainWindow(workspace, qsettings)
    win.confirm = lambda _title, _text: True
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def shown_canvas(qtbot: QtBot, items: list[WeekItem]) -> WeekCanvas:
    """A week canvas of :data:`MONDAY` showing ``items``, shown and painted once (painting
    lays the blocks out)."""
    canvas = WeekCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(910, 560)
    canvas.set_week(MONDAY, "Europe/Berlin", items, (7, 20), {0, 1, 2, 3, 4}, MONDAY)
    canvas.show()
    qtbot.waitExposed(canvas)
    canvas.grab()
    return canvas
