"""The notification list, its actions, the tray and the thread hand-over, with pytest-qt."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QThread
from PySide6.QtWidgets import QApplication, QSystemTrayIcon
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cadence.catalogue import kind_by_key
from cadence.models import Notification, Stakeholder, Touchpoint
from cadence.reminders.clock import ManualClock
from cadence.reminders.inbox import NotificationState, NotificationView
from cadence.settings import load_settings
from cadence.stakeholders import StakeholderChanges, create_stakeholder
from cadence.storage.database import Database, open_database
from cadence.timezones import utcnow
from cadence.vocabulary import TouchpointStatus
from ui.notifications import (
    VIEW_ROLE,
    NotificationListModel,
    NotificationPanel,
    TrayNotifier,
    install_reminders,
)
from ui.reminder_service import ReminderServiceQt

START = datetime(2026, 10, 19, 6, 0, tzinfo=UTC)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    """A Berlin workspace with two accepted coffees, at 08:00 and 10:00 UTC on Monday."""
    opened = open_database(f"sqlite:///{tmp_path / 'workspace.sqlite3'}")
    with opened.transaction() as session:
        settings = load_settings(session)
        settings.timezone, settings.work_start = "Europe/Berlin", time(9, 0)
        person = create_stakeholder(
            session, StakeholderChanges(name="Ingrid Bauer", account="Nordbank",
                                        timezone="Europe/Berlin"))
        coffee = kind_by_key(session, "coffee")
        for hour in (8, 10):
            starts = START.replace(hour=hour)
            session.add(Touchpoint(
                stakeholder=person, kind=coffee, channel=coffee.channel, starts_at=starts,
                ends_at=starts + timedelta(minutes=30), timezone="Europe/Berlin",
                status=TouchpointStatus.ACCEPTED,
            ))
    yield opened
    opened.close()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def service(database: Database, clock: ManualClock) -> Iterator[ReminderServiceQt]:
    """A Qt reminder service, paused: the test moves the clock and resyncs."""
    owner = QObject()
    started = ReminderServiceQt(database, owner, clock=clock)
    started.start(paused=True)
    yield started
    started.shutdown()


@pytest.fixture
def panel(qtbot: QtBot, service: ReminderServiceQt, database: Database) -> NotificationPanel:
    widget = NotificationPanel(service, "Europe/Berlin")
    qtbot.add_widget(widget)
    widget.reload(database)
    return widget


def fire_first(service: ReminderServiceQt, clock: ManualClock) -> None:
    """Move to 07:00 UTC, when the 08:00 coffee's reminder (and Monday's digest) are due."""
    clock.advance(timedelta(hours=1))
    service.core.resync()


def select_row(panel: NotificationPanel, title_part: str) -> NotificationView:
    for row in range(panel.proxy.rowCount()):
        view = panel.proxy.index(row, 0).data(VIEW_ROLE)
        if title_part in view.title:
            panel.view.selectRow(row)
            return view
    raise AssertionError(f"no row with {title_part!r}")


def test_model_passes_the_model_tester_and_shows_fired_notifications(
    qtmodeltester, panel: NotificationPanel, service: ReminderServiceQt, clock: ManualClock
) -> None:
    assert panel.model.rowCount() == 0
    fire_first(service, clock)
    qtmodeltester.check(panel.model)
    titles = {panel.model.index(r, 1).data() for r in range(panel.model.rowCount())}
    assert "Coffee check-in with Ingrid Bauer at 10:00 Mon 19 Oct" in titles
    assert panel.model.index(0, 0).data() == "Mon 19 Oct 09:00"  # 07:00 UTC in Berlin (CEST)


def test_an_empty_panel_says_what_will_appear_there(
    qtbot: QtBot, panel: NotificationPanel, service: ReminderServiceQt, clock: ManualClock
) -> None:
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.empty.isVisible()
    assert not panel.view.isVisible()
    assert panel.empty.text().startswith("No reminders right now.")
    fire_first(service, clock)
    assert panel.view.isVisible()
    assert not panel.empty.isVisible()
    for _ in range(panel.model.rowCount()):  # done with every one: the panel is empty again
        panel.view.selectRow(0)
        panel.done_action.trigger()
    assert panel.empty.isVisible()
    assert not panel.view.isVisible()


def test_snooze_hides_for_an_hour_and_the_reminder_comes_back(
    panel: NotificationPanel, service: ReminderServiceQt, clock: ManualClock, database: Database
) -> None:
    fire_first(service, clock)
    view = select_row(panel, "Coffee")
    assert panel.snooze_action.isEnabled()
    panel.snooze_action.trigger()
    row = panel.model.index(next(r for r in range(panel.model.rowCount())
                                 if panel.model.notification(r).id == view.id), 2)
    assert row.data() == "snoozed until 10:00"
    service.core.resync()
    assert any(key.startswith(f"snooze:{view.id}@") for key in service.core.jobs())

    clock.advance(timedelta(hours=1))
    service.core.resync()
    with database.transaction() as session:
        assert session.get_one(Notification, view.id).state == NotificationState.UNREAD.value
    assert row.data() == "unread"


def test_done_removes_the_row_and_open_asks_for_the_touchpoint(
    qtbot: QtBot, panel: NotificationPanel, service: ReminderServiceQt, clock: ManualClock,
    database: Database,
) -> None:
    fire_first(service, clock)
    count = panel.model.rowCount()
    view = select_row(panel, "Coffee")
    with qtbot.wait_signal(panel.open_requested) as opened:
        panel.open_action.trigger()
    assert opened.args[0].touchpoint_id == view.touchpoint_id is not None

    panel.done_action.trigger()
    assert panel.model.rowCount() == count - 1
    with database.transaction() as session:
        assert session.get_one(Notification, view.id).state == NotificationState.DONE.value
    now_selected = panel.selected()  # the view may move the selection to the next row
    assert now_selected is None or now_selected.id != view.id
    assert panel.done_action.isEnabled() == (now_selected is not None)


def test_a_reminder_fired_on_another_thread_reaches_the_model_on_the_gui_thread(
    qtbot: QtBot, panel: NotificationPanel, service: ReminderServiceQt, clock: ManualClock
) -> None:
    delivered_on: list[bool] = []

    class Probe(QObject):
        def record(self, _view: object) -> None:
            delivered_on.append(QThread.currentThread() is QApplication.instance().thread())

    probe = Probe()
    service.fired.connect(probe.record)
    clock.advance(timedelta(hours=1))
    worker = threading.Thread(target=service.core.resync, name="scheduler-executor")
    with qtbot.wait_signals([panel.model.rowsInserted], timeout=5000):
        worker.start()
    worker.join(timeout=5)
    qtbot.wait_until(lambda: len(delivered_on) == 2)  # the coffee and Monday's digest
    assert delivered_on == [True, True]
    assert panel.model.rowCount() == 2


class RecordingTray(QSystemTrayIcon):
    """A tray icon that says it can show messages and records them (offscreen has no tray)."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[tuple[str, str]] = []

    @staticmethod
    def isSystemTrayAvailable() -> bool:  # Qt API
        return True

    @staticmethod
    def supportsMessages() -> bool:  # Qt API
        return True

    def showMessage(self, title: str, body: str, *_args: object) -> None:
        self.messages.append((title, body))


def test_fired_reminders_show_in_the_tray_and_a_click_opens_them(
    qtbot: QtBot, service: ReminderServiceQt, clock: ManualClock
) -> None:
    tray = RecordingTray()
    notifier = TrayNotifier(tray)
    service.fired.connect(notifier.show)
    fire_first(service, clock)
    assert ("Coffee check-in with Ingrid Bauer at 10:00 Mon 19 Oct",
            "Mon 19 Oct 10:00 (Europe/Berlin) by in-person") in tray.messages
    with qtbot.wait_signal(notifier.open_requested) as opened:
        tray.messageClicked.emit()
    assert opened.args[0].title == tray.messages[-1][0]


def test_install_reminders_starts_the_service_and_lists_what_fired_before(
    qtbot: QtBot, database: Database, clock: ManualClock
) -> None:
    # What fired in an earlier session is listed at once; the service then runs for real.
    earlier = ReminderServiceQt(database, clock=clock)
    earlier.start(paused=True)
    fire_first(earlier, clock)
    earlier.shutdown()

    owner = QObject()
    service, panel = install_reminders(owner, database, None)
    qtbot.add_widget(panel)
    try:
        assert isinstance(panel.model, NotificationListModel)
        assert panel.model.rowCount() == 2
        assert service.core.scheduler.running
    finally:
        service.shutdown()


def test_the_qt_scheduler_is_woken_from_a_worker_thread_and_fires_on_time(
    qtbot: QtBot, database: Database
) -> None:
    """Real clock, running ``QtScheduler``: a job added from a non-Qt thread still wakes it."""
    owner = QObject()
    service = ReminderServiceQt(database, owner)
    service.start()
    try:
        # Let the start-up resync (queued on the executor) finish: the scheduler then sleeps
        # until its next job, at least seconds away, unless the wake-up below reaches it.
        qtbot.wait_until(lambda: "digest:" in "".join(service.core.jobs()), timeout=5000)
        with database.transaction() as session:
            person = session.scalars(select(Stakeholder)).one()
            coffee = kind_by_key(session, "coffee")
            starts = utcnow() + timedelta(minutes=60, milliseconds=600)
            session.add(Touchpoint(
                stakeholder=person, kind=coffee, channel=coffee.channel, starts_at=starts,
                ends_at=starts + timedelta(minutes=30), timezone="Europe/Berlin",
                status=TouchpointStatus.ACCEPTED,
            ))
        worker = threading.Thread(target=service.core.resync, name="not-a-qthread")
        with qtbot.wait_signal(service.fired, timeout=5000) as fired:
            worker.start()
            worker.join(timeout=5)
        assert fired.args[0].touchpoint_id is not None
    finally:
        service.shutdown()


def test_done_and_snooze_can_be_undone(
    panel: NotificationPanel, service: ReminderServiceQt, clock: ManualClock, database: Database
) -> None:
    fire_first(service, clock)
    count = panel.model.rowCount()
    view = select_row(panel, "Coffee")
    panel.done_action.trigger()
    assert panel.model.rowCount() == count - 1
    panel.undo_action.trigger()
    assert panel.model.rowCount() == count
    with database.transaction() as session:
        assert session.get_one(Notification, view.id).state == NotificationState.UNREAD.value

    select_row(panel, "Coffee")
    panel.snooze_action.trigger()
    service.core.resync()
    assert any(key.startswith(f"snooze:{view.id}@") for key in service.core.jobs())
    panel.undo_stack.undo()
    service.core.resync()
    assert not any(key.startswith("snooze:") for key in service.core.jobs())
    panel.undo_stack.redo()
    with database.transaction() as session:
        row = session.get_one(Notification, view.id)
        assert (row.state, row.due_at) == ("snoozed", clock.now() + timedelta(hours=1))
