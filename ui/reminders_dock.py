"""The Notifications dock: the reminder service's panel, sharing the window's Edit > Undo."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoGroup
from PySide6.QtWidgets import QApplication, QDockWidget, QSystemTrayIcon, QWidget
from shiboken6 import isValid

from ui.notifications import install_reminders
from ui.reminder_service import ReminderServiceQt
from ui.workspace import Workspace


class RemindersDock(QDockWidget):
    """Starts the reminder service and shows fired reminders.

    Edits re-derive the reminder jobs (the workspace's change signals trigger a resync). The
    panel's snooze/done history joins ``undo_group``, which follows the keyboard focus, so
    Ctrl+Z undoes in whichever of the window and the panel the user is working.

    Signals:
        open_requested(NotificationView): show what a notification is about.
    """

    open_requested = Signal(object)

    def __init__(self, workspace: Workspace, tray: QSystemTrayIcon | None,
                 undo_group: QUndoGroup, parent: QWidget) -> None:
        super().__init__("Notifications", parent)
        self.setObjectName("notifications_dock")
        self._workspace = workspace
        self._undo_group = undo_group
        self.service: ReminderServiceQt
        self.service, self.panel = install_reminders(parent, workspace.database, tray)
        for signal in (workspace.changes.plan, workspace.changes.stakeholders,
                       workspace.changes.settings):
            signal.connect(self.service.resync_soon)
        workspace.changes.settings.connect(self._follow_zone)
        self.panel.open_requested.connect(self.open_requested)
        self.panel.removeAction(self.panel.undo_action)  # the window's Edit > Undo covers it
        undo_group.addStack(self.panel.undo_stack)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._follow_focus)
        self.setWidget(self.panel)

    def _follow_zone(self) -> None:
        self.panel.model.set_zone(self._workspace.manager_zone)

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        if not (isValid(self.panel) and isValid(self._undo_group)):
            return  # focus moves while the window is being torn down
        inside = new is not None and (new is self.panel or self.panel.isAncestorOf(new))
        wanted = self.panel.undo_stack if inside else self._workspace.undo_stack
        for stack in self._undo_group.stacks():  # a deleted stack has left the group
            if stack is wanted and self._undo_group.activeStack() is not stack:
                self._undo_group.setActiveStack(stack)
