"""The in-app notification list (open, snooze 1 h, done) and the system-tray messages.

:func:`install_reminders` is the one call the main window makes: it starts the reminder service
and returns it with the notification panel to dock.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSystemTrayIcon,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cadence.reminders.inbox import NotificationState, NotificationView, list_notifications
from cadence.settings import load_settings
from cadence.storage.database import Database
from cadence.timezones import zone
from ui.reminder_service import ReminderServiceQt

log = logging.getLogger(__name__)

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
"""Raw sort key of a cell (an ISO instant for times)."""

VIEW_ROLE = Qt.ItemDataRole.UserRole + 2
"""The row's :class:`NotificationView`."""

TRAY_MESSAGE_MS = 10_000

_Index = QModelIndex | QPersistentModelIndex


class NotificationListModel(QAbstractTableModel):
    """Fired notifications that are not done, newest first: when, what, state.

    Args:
        zone_name: The manager's zone, in which times are shown.
    """

    COLUMNS = ("When", "Reminder", "State")

    def __init__(self, zone_name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._zone = zone(zone_name)
        self._rows: list[NotificationView] = []

    def set_zone(self, zone_name: str) -> None:
        """Show the times in ``zone_name`` from now on (the manager moved)."""
        self._zone = zone(zone_name)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1,
                                                               len(self.COLUMNS) - 1))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008  # Qt default argument
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008  # Qt default argument
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        view = self._rows[index.row()]
        column = index.column()
        if role == VIEW_ROLE:
            return view
        if role == Qt.ItemDataRole.ToolTipRole:
            return view.body or None
        if role == SORT_ROLE:
            return (view.fired_at.isoformat(), view.title, view.state.value)[column]
        if role == Qt.ItemDataRole.DisplayRole:
            return (self._when(view), view.title, self._state(view))[column]
        return None

    def notification(self, row: int) -> NotificationView:
        """The notification shown in ``row``."""
        return self._rows[row]

    def reset(self, views: list[NotificationView]) -> None:
        """Show ``views`` (done ones are left out)."""
        self.beginResetModel()
        self._rows = [v for v in views if v.state is not NotificationState.DONE]
        self._rows.sort(key=lambda v: v.fired_at, reverse=True)
        self.endResetModel()

    @Slot(object)
    def upsert(self, view: NotificationView) -> None:
        """Add, update or (when done) remove the row of ``view``."""
        row = next((i for i, v in enumerate(self._rows) if v.id == view.id), None)
        if view.state is NotificationState.DONE:
            if row is not None:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
        elif row is None:
            self.beginInsertRows(QModelIndex(), 0, 0)
            self._rows.insert(0, view)
            self.endInsertRows()
        else:
            self._rows[row] = view
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def _when(self, view: NotificationView) -> str:
        return view.fired_at.astimezone(self._zone).strftime("%a %d %b %H:%M")

    def _state(self, view: NotificationView) -> str:
        if view.state is NotificationState.SNOOZED:
            return f"snoozed until {view.due_at.astimezone(self._zone):%H:%M}"
        return view.state.value


class ChangeNotification(QUndoCommand):
    """Snooze a notification or mark it done, undoably.

    The first ``redo`` performs the change; undo restores the state and time it had before,
    and redo after an undo restores the state and time the change produced.
    """

    def __init__(self, service: ReminderServiceQt, before: NotificationView,
                 change: Callable[[int], NotificationView], text: str) -> None:
        super().__init__(text)
        self._service = service
        self._before = before
        self._change = change
        self._after: NotificationView | None = None

    def redo(self) -> None:
        if self._after is None:
            self._after = self._change(self._before.id)
        else:
            self._service.restore(self._after)

    def undo(self) -> None:
        self._service.restore(self._before)


class NotificationPanel(QWidget):
    """The notification list with "Open", "Snooze 1 h" and "Done" actions.

    Snooze and done go on :attr:`undo_stack` (add it to the window's ``QUndoGroup`` to share
    Edit > Undo).

    Signals:
        open_requested(NotificationView): the manager wants to see what a notification is
            about (its ``touchpoint_id`` or ``commitment_id``); the main window navigates.
    """

    open_requested = Signal(object)

    def __init__(self, service: ReminderServiceQt, zone_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self.undo_stack = QUndoStack(self)
        self.model = NotificationListModel(zone_name, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setAccessibleName("Reminders")
        self.view.setTabKeyNavigation(False)  # Tab leaves for the next control
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.setMinimumHeight(48)  # the header and a row: the dock may be a slim strip
        self.view.doubleClicked.connect(self.open_selected)

        self.open_action = self._action("&Open", "Return", "Show what this reminder is about",
                                        self.open_selected)
        self.snooze_action = self._action("&Snooze 1 h", "Ctrl+Shift+S",
                                          "Hide this reminder for an hour", self.snooze_selected)
        self.done_action = self._action("&Done", "Ctrl+D", "Mark this reminder done",
                                        self.done_selected)
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.undo_action.setStatusTip("Undo the last snooze or done")
        self.addAction(self.undo_action)
        buttons = QHBoxLayout()  # the dock's title names the panel
        buttons.addStretch(1)
        for action in (self.open_action, self.snooze_action, self.done_action):
            button = QToolButton(self)
            button.setDefaultAction(action)
            buttons.addWidget(button)
        # An empty table under its headers says nothing: in its place, what the panel is for.
        self.empty = QLabel("No reminders right now. Reminders of accepted touches and of "
                            "promises coming due appear here when their time comes.", self)
        self.empty.setObjectName("subtle")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.view)
        layout.addWidget(self.empty)

        service.fired.connect(self.model.upsert)
        service.changed.connect(self.model.upsert)
        self.view.selectionModel().selectionChanged.connect(self._update_actions)
        self.model.modelReset.connect(self._update_actions)
        self.model.rowsRemoved.connect(self._update_actions)
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(self._show_empty)
        self._update_actions()
        self._show_empty()

    def reload(self, database: Database) -> None:
        """Read the notifications from the database (at start; a quick indexed query)."""
        with database.transaction() as session:
            self.model.reset(list_notifications(session))

    def selected(self) -> NotificationView | None:
        """The selected notification, if any."""
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.notification(self.proxy.mapToSource(rows[0]).row())

    @Slot()
    def open_selected(self) -> None:
        """Ask the main window to show what the selected notification is about."""
        view = self.selected()
        if view is not None:
            self.open_requested.emit(view)

    @Slot()
    def snooze_selected(self) -> None:
        """Snooze the selected notification for an hour."""
        view = self.selected()
        if view is not None:
            self.undo_stack.push(ChangeNotification(
                self._service, view, self._service.snooze, f"Snooze “{view.title}”"))

    @Slot()
    def done_selected(self) -> None:
        """Mark the selected notification done."""
        view = self.selected()
        if view is not None:
            self.undo_stack.push(ChangeNotification(
                self._service, view, self._service.done, f"Done: “{view.title}”"))

    def _action(self, text: str, shortcut: str, tip: str, slot: Any) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    @Slot()
    def _show_empty(self) -> None:
        empty = self.model.rowCount() == 0
        self.view.setHidden(empty)
        self.empty.setHidden(not empty)

    @Slot()
    def _update_actions(self) -> None:
        view = self.selected()
        self.open_action.setEnabled(view is not None)
        can_snooze = view is not None and view.state is NotificationState.UNREAD
        self.snooze_action.setEnabled(can_snooze)
        self.done_action.setEnabled(view is not None)


class TrayNotifier(QObject):
    """Shows each fired reminder as a system-tray message where the platform supports it.

    Signals:
        open_requested(NotificationView): the manager clicked the last message shown.
    """

    open_requested = Signal(object)

    def __init__(self, tray: QSystemTrayIcon, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tray = tray
        self._last: NotificationView | None = None
        tray.messageClicked.connect(self._clicked)

    @Slot(object)
    def show(self, view: NotificationView) -> None:
        """Show ``view`` as a tray message (nothing where trays or messages are unsupported)."""
        if not (self._tray.isSystemTrayAvailable() and self._tray.supportsMessages()):
            return
        self._last = view
        self._tray.showMessage(view.title, view.body,
                               QSystemTrayIcon.MessageIcon.Information, TRAY_MESSAGE_MS)

    @Slot()
    def _clicked(self) -> None:
        if self._last is not None:
            self.open_requested.emit(self._last)


def install_reminders(
    parent: QObject, database: Database, tray: QSystemTrayIcon | None
) -> tuple[ReminderServiceQt, NotificationPanel]:
    """Start the reminder service and build the notification panel for the main window.

    The service is a child of ``parent`` and stops when the application quits. The panel has
    no parent yet: put it in a dock or a tab. Connect ``panel.open_requested`` (and, with a
    tray, the tray messages' clicks, which are routed to the same signal) to navigation.

    Args:
        parent: Owner of the service (the main window).
        database: The open workspace.
        tray: The app's tray icon, or ``None`` where there is none.

    Returns:
        The running service and the panel.
    """
    with database.transaction() as session:
        zone_name = load_settings(session).timezone
    service = ReminderServiceQt(database, parent)
    panel = NotificationPanel(service, zone_name)
    panel.reload(database)
    if tray is not None:
        notifier = TrayNotifier(tray, service)
        service.fired.connect(notifier.show)
        notifier.open_requested.connect(panel.open_requested)
    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(service.shutdown)
    service.start()
    log.info("reminders started")
    return service, panel
