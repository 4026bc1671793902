"""Window-level flows: settings, workspace JSON, dashboard, layout persistence, entry point."""

from __future__ import annotations

import json
import logging
import sys
from datetime import time
from pathlib import Path

import pytest
from PySide6.QtCore import (
    QCoreApplication,
    QSettings,
    QTime,
    QTimer,
    qInstallMessageHandler,
    qWarning,
)
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QDockWidget, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from cadence.models import Commitment, Stakeholder
from cadence.reminders.inbox import NotificationState, NotificationView
from cadence.settings import load_settings
from cadence.storage.backup import list_backups
from cadence.storage.database import open_database
from cadence.timezones import zone
from cadence.vocabulary import CommitmentStatus
from tests.ui.conftest import NOW, ZONE
from ui import app as app_module
from ui.contacts_dialog import ContactsImportDialog
from ui.events_dialog import EventsModel
from ui.main_window import MainWindow
from ui.resources import apply_look
from ui.workspace import Workspace


def test_settings_dialog_validates_at_the_field_then_saves_undoably(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = window.open_settings()
    qtbot.addWidget(dialog)
    assert dialog.timezone.currentText() == ZONE
    dialog.work_start.setTime(QTime(18, 0))
    dialog.work_end.setTime(QTime(9, 0))
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.errors.message_for("work_hours") == "the working day ends before it starts"
    stored = window.workspace.read(lambda s: load_settings(s).work_start)
    assert stored == time(9, 0)

    dialog.work_start.setTime(QTime(8, 0))
    dialog.work_end.setTime(QTime(16, 0))
    dialog.capacity.setValue(5)
    dialog.alarm_on.setChecked(False)
    dialog.accept()
    assert not dialog.isVisible()
    stored_settings = window.workspace.read(lambda s: (
        load_settings(s).work_start, load_settings(s).weekly_capacity_hours,
        load_settings(s).alarm_minutes))
    assert stored_settings == (time(8, 0), 5.0, None)

    window.undo_action.trigger()
    stored_settings = window.workspace.read(lambda s: (
        load_settings(s).work_start, load_settings(s).weekly_capacity_hours))
    assert stored_settings == (time(9, 0), 14.0)


def test_unknown_time_zone_is_refused(window: MainWindow, qtbot: QtBot) -> None:
    dialog = window.open_settings()
    qtbot.addWidget(dialog)
    dialog.timezone.setCurrentText("Mars/Olympus")
    dialog.accept()
    assert dialog.isVisible()
    assert "unknown time zone" in dialog.errors.message_for("timezone")


def test_a_database_or_subscription_in_a_missing_folder_is_refused_at_its_field(
    window: MainWindow, qtbot: QtBot, qsettings: QSettings, tmp_path: Path
) -> None:
    dialog = window.open_settings()
    qtbot.addWidget(dialog)
    dialog.capacity.setValue(5)
    dialog.database.setText(str(tmp_path / "typo" / "w.sqlite3"))
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.errors.message_for("database") == f"there is no folder {tmp_path / 'typo'}"
    assert window.workspace.read(lambda s: load_settings(s).weekly_capacity_hours) == 14.0
    assert not qsettings.value(app_module.DATABASE_KEY, "")

    dialog.database.setText(str(tmp_path / "w.sqlite3"))
    dialog.subscription.setText(str(tmp_path / "typo" / "cadence.ics"))
    dialog.accept()
    assert dialog.isVisible()  # every later change would fail to write it
    assert dialog.errors.message_for("subscription_path") == (
        f"there is no folder {tmp_path / 'typo'}")

    dialog.subscription.setText(str(tmp_path / "cadence.ics"))
    dialog.accept()
    assert not dialog.isVisible()
    assert qsettings.value(app_module.DATABASE_KEY) == str(tmp_path / "w.sqlite3")


def test_workspace_json_round_trip_and_bad_file(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    target = tmp_path / "workspace.json"
    with qtbot.waitSignal(window.transfer.finished, timeout=30_000):
        window.transfer.export_workspace_to(target)
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["format"] == "cadence-workspace"
    assert len(document["stakeholders"]) == 25

    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "cadence-workspace", "version": 1,\n "stakeholders": [}',
                   encoding="utf-8")
    with qtbot.waitSignal(window.transfer.failed, timeout=30_000):
        window.transfer.import_workspace_from(bad)
    assert "bad.json:2" in window.last_message
    assert window.stakeholders.model.rowCount() == 25

    document["stakeholders"] = document["stakeholders"][:3]
    document["interactions"] = [i for i in document["interactions"]
                                if i["stakeholder_id"] in {s["id"] for s in
                                                           document["stakeholders"]}]
    for key in ("commitments", "touchpoints", "kind_preferences"):
        document[key] = [r for r in document[key]
                         if r["stakeholder_id"] in {s["id"] for s in document["stakeholders"]}]
    smaller = tmp_path / "smaller.json"
    smaller.write_text(json.dumps(document), encoding="utf-8")
    with qtbot.waitSignal(window.transfer.finished, timeout=30_000):
        window.transfer.import_workspace_from(smaller)
    assert window.stakeholders.model.rowCount() == 3, window.last_message
    assert not window.workspace.undo_stack.canUndo()


def test_dashboard_shows_late_commitments_and_charts(window: MainWindow, qtbot: QtBot) -> None:
    with qtbot.waitSignal(window.dashboard.refreshed):  # read on a worker when first shown
        window.tabs.setCurrentWidget(window.dashboard)
    data = window.dashboard.data
    assert data is not None
    assert {a.account for a in data.accounts} == {
        "Cascade Retail", "Harbour Health", "Lumen Energy", "Northwind Logistics"}
    assert window.dashboard.late.count() == len(data.late) > 0
    assert "late" in window.dashboard.late.item(0).text()
    assert len(window.dashboard.touch_chart.series()) == 1
    assert window.dashboard.cold.count() == len(data.cold) > 0


def test_layout_persists_between_windows(
    workspace: Workspace, qsettings: QSettings, qtbot: QtBot
) -> None:
    first = MainWindow(workspace, qsettings)
    qtbot.addWidget(first)
    first.resize(760, 560)  # within the offscreen screen (800x600)
    first.show()
    qtbot.waitExposed(first)
    first.splitter.setSizes([420, 320])
    sizes = first.splitter.sizes()
    first.plan.suggested_view.header().resizeSection(3, 123)  # the plan's Channel column
    first.tabs.setCurrentIndex(2)
    first.close()

    second = MainWindow(Workspace(workspace.database, workspace.clock), qsettings)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.tabs.currentIndex() == 2
    assert second.size() == first.size()
    second.tabs.setCurrentIndex(0)
    assert second.splitter.sizes() == sizes
    assert second.plan.suggested_view.header().sectionSize(3) == 123


def test_the_notifications_dock_stays_as_the_user_left_it(
    workspace: Workspace, qsettings: QSettings, qtbot: QtBot
) -> None:
    def started() -> tuple[MainWindow, QDockWidget]:
        window = MainWindow(Workspace(workspace.database, workspace.clock), qsettings)
        qtbot.addWidget(window)
        window.show()  # as the app starts: the window first, then the reminders
        window.install_reminders()
        qtbot.waitExposed(window)
        QCoreApplication.processEvents()
        dock = window.findChild(QDockWidget, "notifications_dock")
        assert dock is not None
        return window, dock

    first, dock = started()
    assert dock.isVisible()  # on the first start it is there, to be found
    dock.toggleViewAction().trigger()
    first.close()
    second, dock = started()
    assert not dock.isVisible()
    dock.toggleViewAction().trigger()
    second.close()
    _third, dock = started()
    assert dock.isVisible()


def test_first_run_creates_the_demo(tmp_path: Path) -> None:
    database = app_module.open_workspace(f"sqlite:///{tmp_path / 'first.sqlite3'}")
    try:
        with database.transaction() as session:
            count = session.scalar(select(func.count()).select_from(Stakeholder))
    finally:
        database.close()
    assert count == 25


def test_every_start_takes_a_backup_first(tmp_path: Path) -> None:
    path = tmp_path / "daily.sqlite3"
    for _ in range(2):
        app_module.open_workspace(f"sqlite:///{path}").close()
    # The first start found nothing to back up; the second copied the demo workspace.
    backups = list_backups(path)
    assert [b.reason for b in backups] == ["start"]
    copy = open_database(f"sqlite:///{backups[0].path}")
    try:
        with copy.transaction() as session:
            assert session.scalar(select(func.count()).select_from(Stakeholder)) == 25
    finally:
        copy.close()


def test_unopenable_database_is_a_message_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: object
) -> None:
    not_a_db = tmp_path / "notes.sqlite3"
    not_a_db.write_text("just some text, not SQLite\n" * 100, encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical",
                        lambda _parent, _title, text: shown.append(text))
    monkeypatch.setattr(app_module, "setup_logging", lambda _d, _v=False: tmp_path / "log")
    monkeypatch.setattr(app_module, "install_crash_handler", lambda _p: None)
    assert app_module.main(["--db", str(not_a_db)]) == 2
    assert len(shown) == 1
    assert "cannot open" in shown[0]


def test_import_contacts_action_opens_the_contacts_dialog(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.import_contacts_action.trigger()
    dialogs = window.findChildren(ContactsImportDialog)
    assert len(dialogs) == 1
    qtbot.addWidget(dialogs[0])
    assert dialogs[0].isVisible()
    dialogs[0].reject()


def test_reminders_dock_opens_what_a_notification_is_about(
    window: MainWindow, qtbot: QtBot
) -> None:
    panel = window.install_reminders()
    assert window.findChild(QDockWidget, "notifications_dock") is not None
    late = window.workspace.read(lambda s: s.scalars(
        select(Commitment).where(Commitment.status == CommitmentStatus.OPEN)
        .order_by(Commitment.due_on)).first())
    assert late is not None
    view = NotificationView(1, "commitment:x", "Promise due", "", NOW, NOW,
                            NotificationState.UNREAD, None, late.id)
    panel.open_requested.emit(view)
    assert window.stakeholders.current_id() == late.stakeholder_id
    assert window.detail.tabs.currentIndex() == 2
    window.reminders.shutdown()


def test_notification_times_follow_a_new_zone_from_the_settings(
    window: MainWindow, qtbot: QtBot
) -> None:
    panel = window.install_reminders()
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=10_000)
    fired = panel.model.notification(0).fired_at
    dialog = window.open_settings()
    qtbot.addWidget(dialog)
    dialog.timezone.setCurrentText("Asia/Kolkata")
    dialog.accept()
    assert panel.model.index(0, 0).data() == (
        f"{fired.astimezone(zone('Asia/Kolkata')):%a %d %b %H:%M}")
    window.reminders.shutdown()


def test_crash_handler_logs_and_shows_the_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: object,
    caplog: pytest.LogCaptureFixture,
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    app_module.install_crash_handler(tmp_path / "cadence-app.log")
    try:
        raise ValueError("an unexpected state")
    except ValueError as err:
        sys.excepthook(type(err), err, err.__traceback__)
    assert "an unexpected state" in shown[0]
    assert "cadence-app.log" in shown[0]
    assert "ValueError: an unexpected state" in caplog.text


def test_logging_goes_to_a_rotating_file_with_qt_messages(
    tmp_path: Path, qapp: object
) -> None:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    previous = qInstallMessageHandler(None)
    try:
        path = app_module.setup_logging(tmp_path)
        logging.getLogger("cadence.test").info("hello from the test")
        qWarning("a Qt warning")
        for handler in root.handlers:
            handler.flush()
        text = path.read_text(encoding="utf-8")
    finally:
        for handler in root.handlers:
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)
        qInstallMessageHandler(previous)
    assert "cadence.test: hello from the test" in text
    assert "a Qt warning" in text


def test_edit_undo_follows_the_focus_into_the_notifications(
    window: MainWindow, qtbot: QtBot
) -> None:
    panel = window.install_reminders()
    try:
        assert window.undo_group.activeStack() is window.workspace.undo_stack
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.emit(window.stakeholders.search, panel.view)
        assert window.undo_group.activeStack() is panel.undo_stack
        app.focusChanged.emit(panel.view, window.stakeholders.search)
        assert window.undo_group.activeStack() is window.workspace.undo_stack
    finally:
        window.reminders.shutdown()


def test_main_opens_the_window_on_a_new_database_and_quits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: QApplication, qtbot: QtBot
) -> None:
    monkeypatch.setattr(app_module, "setup_logging", lambda _d, _v=False: tmp_path / "log")
    monkeypatch.setattr(app_module, "install_crash_handler", lambda _p: None)
    monkeypatch.setattr(app_module, "QSettings", lambda: QSettings(
        str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    seen: list[tuple[int, bool]] = []

    def look_and_quit() -> None:
        for window in qapp.topLevelWidgets():
            if isinstance(window, MainWindow) and window.isVisible():
                seen.append((window.stakeholders.model.rowCount(),
                             window.notifications is not None))
                window.reminders.shutdown()
                window.close()
        qapp.quit()

    replans: list[MainWindow] = []
    monkeypatch.setattr(MainWindow, "replan", lambda window: replans.append(window))
    QTimer.singleShot(0, look_and_quit)
    assert app_module.main(["--db", str(tmp_path / "new.sqlite3")]) == 0
    assert seen == [(25, True)]  # the demo workspace on first run, and the reminders dock
    assert len(replans) == 1  # with no touchpoint yet, a first plan is made in the background


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.Yes,
                                    QMessageBox.StandardButton.No], ids=["yes", "no"])
def test_a_workspace_chosen_in_settings_that_has_gone_offers_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: QApplication,
    answer: QMessageBox.StandardButton,
) -> None:
    monkeypatch.setattr(app_module, "setup_logging", lambda _d, _v=False: tmp_path / "log")
    monkeypatch.setattr(app_module, "install_crash_handler", lambda _p: None)
    ini = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    ini.setValue(app_module.DATABASE_KEY, str(tmp_path / "unmounted" / "work.sqlite3"))
    ini.sync()
    monkeypatch.setattr(app_module, "QSettings", lambda: QSettings(
        str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    monkeypatch.setenv("CADENCE_DB", str(tmp_path / "default.sqlite3"))
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _parent, _title, text: asked.append(text) or answer)
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: None)
    monkeypatch.setattr(MainWindow, "replan", lambda _window: None)
    opened: list[int] = []

    def look_and_quit() -> None:
        for window in qapp.topLevelWidgets():
            if isinstance(window, MainWindow) and window.isVisible():
                opened.append(window.stakeholders.model.rowCount())
                window.reminders.shutdown()
                window.close()
        qapp.quit()

    if answer == QMessageBox.StandardButton.Yes:  # with No, no window and no event loop
        QTimer.singleShot(0, look_and_quit)
    status = app_module.main([])

    assert len(asked) == 1
    assert f"there is no folder {tmp_path / 'unmounted'}" in asked[0]
    if answer == QMessageBox.StandardButton.Yes:
        assert (status, opened) == (0, [25])  # the default workspace, with its demo
    else:
        assert status == 2
        assert not (tmp_path / "default.sqlite3").exists()
    assert not (tmp_path / "unmounted").exists()


def test_the_status_bar_says_what_was_done_undone_and_redone(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = window.open_events()
    qtbot.addWidget(dialog)
    assert dialog.model.setData(dialog.model.index(0, EventsModel.SEATS), 20)
    status = window.statusBar()
    assert status.currentMessage() == "Done: Edit event (Ctrl+Z to undo)"
    window.undo_action.trigger()
    assert status.currentMessage() == "Undone: Edit event (Ctrl+Shift+Z to redo)"
    window.redo_action.trigger()
    assert status.currentMessage() == "Done: Edit event (Ctrl+Z to undo)"


def test_windows_fit_a_small_screen(window: MainWindow, qtbot: QtBot) -> None:
    free = window.screen().availableGeometry()
    assert window.width() <= free.width()
    assert window.height() <= free.height()
    dialog = window.open_events()
    qtbot.addWidget(dialog)
    assert dialog.width() <= free.width()
    window.install_reminders()
    try:
        window.tabs.setCurrentWidget(window.week)  # its header and canvas shrink with it
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.week.title.text() != "")
        least = window.minimumSizeHint()
        # A 1024 x 600 panel, less a title bar and a task bar, with the Notifications dock.
        assert least.width() <= 1024
        assert least.height() <= 560
    finally:
        window.reminders.shutdown()


def test_text_stays_dark_on_the_light_look_under_a_dark_desktop_theme(
    window: MainWindow, qapp: QApplication
) -> None:
    saved_palette, saved_sheet = qapp.palette(), qapp.styleSheet()
    dark = QPalette()
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        dark.setColor(role, QColor("#f0f0f0"))
    try:
        qapp.setPalette(dark)
        apply_look(qapp)
        palette = window.stakeholders.palette()
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                     QPalette.ColorRole.ButtonText):
            assert palette.color(role).lightness() < 80, role
        assert palette.color(QPalette.ColorRole.Base).lightness() > 240
    finally:
        qapp.setPalette(saved_palette)
        qapp.setStyleSheet(saved_sheet)


def test_every_menu_item_has_its_own_access_key_and_a_status_tip(window: MainWindow) -> None:
    window.install_reminders()
    try:
        for menu_action in window.menuBar().actions():
            menu = menu_action.menu()
            assert menu is not None
            items = [a for a in menu.actions() if not a.isSeparator()]
            keys = [a.text().split("&", 1)[1][:1].lower() for a in items if "&" in a.text()]
            assert len(keys) == len(items), [a.text() for a in items if "&" not in a.text()]
            assert len(set(keys)) == len(keys), f"{menu.title()}: {keys}"
            assert all(a.statusTip() for a in items), [a.text() for a in items
                                                       if not a.statusTip()]
    finally:
        window.reminders.shutdown()


@pytest.mark.parametrize(("height", "shown"), [(600, False), (800, True)])
def test_on_a_short_screen_the_notifications_dock_starts_closed(
    window: MainWindow, qtbot: QtBot, height: int, shown: bool
) -> None:
    window.resize(1024, height)
    qtbot.waitUntil(lambda: window.height() == height)  # the platform resizes in its time
    window.install_reminders()
    try:
        QCoreApplication.processEvents()
        dock = window.findChild(QDockWidget, "notifications_dock")
        assert dock is not None
        assert dock.isVisible() is shown
        assert dock.toggleViewAction() in window.view_menu.actions()  # still to be found
    finally:
        window.reminders.shutdown()
