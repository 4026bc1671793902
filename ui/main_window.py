"""The main window: stakeholders with their detail, plan, week and dashboard; menus and toolbar.

The window wires views to the workspace and turns menu actions into calls on the views or the
core. It holds no rules of its own.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QSystemTrayIcon,
    QTabWidget,
    QToolButton,
    QWidget,
)
from sqlalchemy.orm import Session

from cadence.calendars.ics_export import sent_invitations
from cadence.errors import CadenceError
from cadence.models import Commitment
from cadence.reminders.inbox import NotificationView
from cadence.touchpoints import list_touchpoints
from cadence.vocabulary import TouchpointStatus
from cadence.wording import counted
from ui.accounts_dialog import AccountsDialog
from ui.calendar_actions import CalendarActions
from ui.changes import ChangeSet
from ui.commands import RemoveStakeholder
from ui.dashboard import Dashboard
from ui.entry_dialogs import NewStakeholderDialog, TouchDialog
from ui.events_dialog import EventsDialog
from ui.kinds_dialog import KindsDialog
from ui.notifications import NotificationPanel
from ui.plan_view import PlanView
from ui.reminders_dock import RemindersDock
from ui.replan import ReplanOutcome
from ui.resources import icon
from ui.screen_fit import resize_to_fit
from ui.settings_dialog import SettingsDialog
from ui.sort_menu import SortMenu
from ui.stakeholder_detail import StakeholderDetail
from ui.stakeholder_pane import StakeholderPane
from ui.subscription_sync import SubscriptionSync
from ui.task_progress import TaskProgress
from ui.tasks import Task
from ui.transfer_actions import TransferActions
from ui.week_view import WeekView
from ui.workspace import Workspace

log = logging.getLogger(__name__)

#: The window height (px) below which the Notifications dock starts closed on a first start.
_ROOM_FOR_DOCK = 720


class MainWindow(QMainWindow):
    """The Cadence window (call :meth:`install_reminders` once it is shown)."""

    def __init__(self, workspace: Workspace, qsettings: QSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        workspace.setParent(self)  # the window owns the workspace objects from here on
        self.qsettings = qsettings
        self.setWindowTitle("Cadence")
        self.setWindowIcon(icon("app"))
        self.last_message = ""
        #: Asks the user a yes/no question; tests replace it to answer without a dialog.
        self.confirm: Callable[[str, str], bool] = self.ask_user
        self.stakeholders = StakeholderPane(workspace)
        self.detail = StakeholderDetail(workspace)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.stakeholders)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        # Shared out in this ratio at first show: at 1280 px the table's columns (about 900 px
        # with its scroll bar) fit whole, and the detail takes the rest.
        self.splitter.setSizes([920, 360])
        self.week = WeekView(workspace)
        self.dashboard = Dashboard(workspace)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.splitter, icon("people"), "Stakeholders")
        self.plan = PlanView(workspace)
        self.tabs.addTab(self.plan, icon("plan"), "Plan")
        self.tabs.addTab(self.week, icon("week"), "Week")
        self.tabs.addTab(self.dashboard, icon("dashboard"), "Dashboard")
        self.setCentralWidget(self.tabs)
        self.progress = TaskProgress(workspace.tasks)
        self.statusBar().addPermanentWidget(self.progress)
        self._make_actions()
        self._make_menus()
        self._make_toolbar()
        self.tray = self._make_tray()
        self.notifications: NotificationPanel | None = None
        self.stakeholders.current_changed.connect(self._show_person)
        self.dashboard.stakeholder_activated.connect(self.show_stakeholder)
        self.week.canvas.stakeholder_activated.connect(self.show_stakeholder)
        self.week.canvas.slot_activated.connect(self.plan_touch)
        self.plan.replan_finished.connect(self._replanned)
        self.subscription = SubscriptionSync(workspace, self)
        self.subscription.written.connect(
            lambda result: self.notify(f"Subscription file updated: {result.path}"))
        workspace.changes.failed.connect(self.show_error)
        self._undo_index = workspace.undo_stack.index()
        workspace.undo_stack.indexChanged.connect(self._announce_undo)
        self.stakeholders.reload()
        resize_to_fit(self, 1280, 800)
        self.restore_layout()

    # -- building ----------------------------------------------------------------------------

    def add_action(self, name: str, text: str, tip: str, slot: Callable[[], object],
                   shortcut: QKeySequence | str | None = None, icon_name: str = "") -> QAction:
        """Create an action with a status tip (and shortcut and icon when given)."""
        action = QAction(text, self)
        action.setObjectName(name)
        action.setStatusTip(tip)
        action.setToolTip(f"{text.replace('…', '').replace('&', '')} — {tip}")
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon_name:
            action.setIcon(icon(icon_name))
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        std = QKeySequence.StandardKey
        a = self.add_action
        self.new_action = a("new_stakeholder", "&New stakeholder…", "Add a person at a client "
                            "account", self.new_stakeholder, "Ctrl+N", "add-person")
        self.remove_action = a("remove_stakeholder", "&Remove stakeholder", "Delete the selected "
                               "stakeholder and their history (undoable)",
                               self.remove_stakeholder, "Ctrl+Shift+Del", "remove-person")
        self.log_action = a("log_interaction", "&Log interaction…", "Record a contact with the "
                            "selected stakeholder", self.log_interaction, "Ctrl+L", "log")
        self.commit_action = a("add_commitment", "Add &commitment…", "Record a promise to the "
                               "selected stakeholder", self.add_commitment, "Ctrl+K",
                               "commitment")
        self.touch_action = a("plan_touch", "Plan a &touch…", "Plan a touch with the selected "
                              "stakeholder yourself; it is accepted at once",
                              self.plan_touch, "Ctrl+T", "plan-touch")
        self.calendars = CalendarActions(self.workspace, self, self._selection)
        self.calendars.notice.connect(self.notify)
        self.calendars.problem.connect(self.show_error)
        self.calendars.failure.connect(self.show_failure)
        self.import_calendar_action = self.calendars.import_action
        self.export_calendar_action = self.calendars.export_action
        self.addActions([self.import_calendar_action, self.export_calendar_action])
        self.transfer = TransferActions(self.workspace.database, self, self.workspace.tasks,
                                        self.workspace.now)
        self.transfer.changed.connect(self._workspace_replaced)
        self.transfer.finished.connect(self.notify)
        self.transfer.failed.connect(self._remember_failure)
        self.import_contacts_action = self.transfer.import_contacts
        self.import_contacts_action.setIcon(icon("contacts"))
        self.transfer.export_workspace.setIcon(icon("json-export"))
        self.transfer.import_workspace.setIcon(icon("json-import"))
        self.addActions(self.transfer.actions())
        self.settings_action = a("settings", "&Settings…", "Working hours and zone, weekly "
                                 "capacity, alarms, database location", self.open_settings,
                                 _standard(std.Preferences, "Ctrl+,"), "settings")
        self.accounts_action = a("accounts", "&Accounts…", "Rename client accounts and set "
                                 "their tiers, which weigh their relationships in the plan",
                                 self.open_accounts)
        self.kinds_action = a("kinds", "Touchpoint &kinds…", "What each kind of touch is worth, "
                              "the pressure it puts on clients and the time it takes",
                              self.open_kinds)
        self.events_action = a("events", "&Events…", "Hackathons and workshops with seats, "
                               "which the plan offers to stakeholders interested in them",
                               self.open_events)
        self.quit_action = a("quit", "&Quit", "Close Cadence", self.quit,
                                 _standard(std.Quit, "Ctrl+Q"))
        # One Edit > Undo for the workspace and the notifications panel: the group follows
        # the focus (see _follow_focus), so Ctrl+Z undoes what the user is looking at.
        self.undo_group = QUndoGroup(self)
        self.undo_group.addStack(self.workspace.undo_stack)
        self.undo_group.setActiveStack(self.workspace.undo_stack)
        self.undo_action = self.undo_group.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.undo_action.setStatusTip("Undo the last change")
        self.undo_action.setIcon(icon("undo"))
        self.redo_action = self.undo_group.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo_action.setStatusTip("Redo what was undone")
        self.redo_action.setIcon(icon("redo"))
        self.addActions([self.undo_action, self.redo_action])
        self.find_action = a("find", "&Find stakeholder", "Filter the stakeholder list as you "
                             "type", self.focus_search, "Ctrl+F", "search")
        self.replan_action = a("replan", "&Re-plan", "Suggest touchpoints for the coming weeks "
                               "(runs in the background)", self.replan, "Ctrl+R", "replan")
        self.accept_action = a("accept_touch", "&Accept suggestion", "Accept the selected "
                               "suggestion: it goes into your calendar",
                               self._in_plan(self.plan.accept_selected), "Ctrl+Shift+A", "accept")
        self.dismiss_action = a("dismiss_touch", "&Dismiss suggestion", "Dismiss the selected "
                                "suggestion (with the reason typed in the plan, if any)",
                                self._in_plan(self.plan.dismiss_selected), "Ctrl+Shift+D",
                                "dismiss")
        self.move_action = a("move_touch", "&Move touchpoint…", "Move the selected touchpoint "
                             "to another slot", self._in_plan(self.plan.move_selected),
                             "Ctrl+Shift+M", "move")
        self.tab_actions = [
            a(f"show_tab_{i}", f"&{i + 1} {self.tabs.tabText(i)}", f"Show the "
              f"{self.tabs.tabText(i).lower()} view", self._tab_switcher(i), f"Ctrl+{i + 1}")
            for i in range(self.tabs.count())
        ]
        self.about_action = a("about", "&About Cadence", "What Cadence is", self.about)
        self.stakeholders.current_changed.connect(self._update_actions)
        self.plan.selection_changed.connect(self._update_plan_actions)
        self._update_actions()
        self._update_plan_actions()
        table = self.stakeholders.view
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        table.addActions([self.log_action, self.commit_action, self.touch_action,
                          self.remove_action])

    def _in_plan(self, action: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            self.tabs.setCurrentWidget(self.plan)
            action()

        return run

    def _tab_switcher(self, index: int) -> Callable[[], None]:
        return lambda: self.tabs.setCurrentIndex(index)

    def _make_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        file.addActions([self.new_action, self.remove_action])
        file.addSeparator()
        file.addActions([self.import_calendar_action, self.export_calendar_action])
        file.addSeparator()
        file.addActions(self.transfer.actions())
        file.addSeparator()
        file.addActions([self.settings_action, self.quit_action])
        edit = bar.addMenu("&Edit")
        edit.addActions([self.undo_action, self.redo_action])
        edit.addSeparator()
        edit.addActions([self.find_action, self.log_action, self.commit_action])
        edit.addSeparator()
        edit.addActions([self.accounts_action, self.kinds_action, self.events_action])
        self.plan_menu = bar.addMenu("&Plan")
        self.plan_menu.addAction(self.replan_action)
        self.plan_menu.addSeparator()
        self.plan_menu.addActions([self.accept_action, self.dismiss_action, self.move_action])
        self.plan_menu.addSeparator()
        self.plan_menu.addAction(self.touch_action)
        self.view_menu = bar.addMenu("&View")
        self.view_menu.addActions(self.tab_actions)
        self.view_menu.addSeparator()
        self.sort_menu = SortMenu("&Sort stakeholders by", self.stakeholders.view, self)
        self.sort_menu.menuAction().setStatusTip(
            "Sort the stakeholder table by one of its columns, as a click on its header does")
        self.view_menu.addMenu(self.sort_menu)
        bar.addMenu("&Help").addAction(self.about_action)

    def _make_toolbar(self) -> None:
        tools = self.addToolBar("Main")
        tools.setObjectName("main_toolbar")
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tools.setMovable(False)
        tools.addActions([self.new_action, self.log_action, self.commit_action,
                          self.touch_action])
        tools.addSeparator()
        tools.addAction(self.replan_action)
        tools.addSeparator()
        tools.addActions([self.import_calendar_action, self.export_calendar_action])
        tools.addSeparator()
        tools.addActions([self.undo_action, self.redo_action])
        for action in (self.undo_action, self.redo_action):
            button = tools.widgetForAction(action)
            if isinstance(button, QToolButton):  # the undo text names the action: too long
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        # The » button Qt shows for the tools a narrow window has no room for has no text.
        overflow = tools.findChild(QToolButton, "qt_toolbar_ext_button")
        if overflow is not None:
            overflow.setAccessibleName("More tools")
        self.toolbar = tools

    def _make_tray(self) -> QSystemTrayIcon | None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return None
        tray = QSystemTrayIcon(icon("app"), self)
        tray.setToolTip("Cadence")
        menu = QMenu(self)
        menu.addAction("Show Cadence", self.bring_to_front)
        menu.addAction(self.replan_action)
        menu.addSeparator()
        menu.addAction(self.quit_action)
        tray.setContextMenu(menu)
        tray.activated.connect(lambda reason: self.bring_to_front()
                               if reason == QSystemTrayIcon.ActivationReason.Trigger else None)
        tray.show()
        self.workspace.changes.plan.connect(self._update_tray)
        return tray

    def _update_tray(self) -> None:
        if self.tray is None:
            return
        waiting = self.workspace.read(lambda s: len(list_touchpoints(
            s, statuses=[TouchpointStatus.SUGGESTED], start=self.workspace.now())))
        self.tray.setToolTip(f"Cadence — {counted(waiting, 'suggestion')} waiting" if waiting
                             else "Cadence")

    # -- layout persistence ------------------------------------------------------------------

    def restore_layout(self) -> None:
        """Restore geometry, toolbar, splitters, column widths and tab from QSettings."""
        s = self.qsettings
        for key, restore in (("window/geometry", self.restoreGeometry),
                             ("window/state", self.restoreState),
                             ("window/splitter", self.splitter.restoreState),
                             ("window/columns",
                              self.stakeholders.view.horizontalHeader().restoreState),
                             ("plan/splitter", self.plan.splitter.restoreState),
                             ("plan/columns", self.plan.suggested_view.header().restoreState),
                             ("plan/accepted-columns",
                              self.plan.accepted_view.header().restoreState)):
            value = s.value(key)
            if isinstance(value, QByteArray | bytes):
                restore(QByteArray(value))
        tab = s.value("window/tab")
        if tab is not None and 0 <= int(tab) < self.tabs.count():
            self.tabs.setCurrentIndex(int(tab))

    def save_layout(self) -> None:
        """Write geometry, toolbar, splitters, column widths and tab to QSettings."""
        s = self.qsettings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/splitter", self.splitter.saveState())
        s.setValue("window/columns", self.stakeholders.view.horizontalHeader().saveState())
        s.setValue("plan/splitter", self.plan.splitter.saveState())
        s.setValue("plan/columns", self.plan.suggested_view.header().saveState())
        s.setValue("plan/accepted-columns", self.plan.accepted_view.header().saveState())
        s.setValue("window/tab", self.tabs.currentIndex())
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        profile = self.detail.profile
        if profile.dirty and not profile.save() and not self.confirm(
                "Discard changes?", "The stakeholder profile has invalid, unsaved changes. "
                "Close anyway?"):
            event.ignore()
            return
        self.save_layout()
        self.workspace.tasks.cancel_all()
        self.workspace.tasks.wait(5000)
        self.transfer.wait(5000)
        if self.tray is not None:
            self.tray.hide()
        super().closeEvent(event)

    # -- stakeholder actions -----------------------------------------------------------------

    def show_stakeholder(self, stakeholder_id: int) -> None:
        """Switch to the stakeholders tab and select ``stakeholder_id``."""
        self.tabs.setCurrentIndex(0)
        self.stakeholders.select(stakeholder_id)

    def new_stakeholder(self) -> NewStakeholderDialog:
        """Open the new-stakeholder dialog; the new person is selected once saved."""
        dialog = NewStakeholderDialog(self.workspace, self)
        dialog.accepted.connect(lambda: self._select_created(dialog))
        dialog.open()
        return dialog

    def _select_created(self, dialog: NewStakeholderDialog) -> None:
        if dialog.created is not None and dialog.created.stakeholder_id is not None:
            self.show_stakeholder(dialog.created.stakeholder_id)

    def remove_stakeholder(self) -> None:
        """Delete the selected stakeholder (undoable, so no confirmation)."""
        sid = self.stakeholders.current_id()
        if sid is None:
            return
        invited = self.workspace.read(lambda s: sent_invitations(s, sid))
        removed = self.run_action(
            lambda: self.workspace.execute(RemoveStakeholder(self.workspace, sid)))
        if removed and invited:
            # Invitations are sent from the command line; only it can withdraw them now.
            ids = ", ".join(map(str, invited))
            self.show_error(
                f"{counted(len(invited), 'invitation')} sent to them ({ids}) stay in their "
                "calendar. Withdraw each with: cadence export ics FILE --invite ID "
                "--organizer YOUR_EMAIL")

    def log_interaction(self) -> None:
        """Log an interaction with the selected stakeholder."""
        self.tabs.setCurrentIndex(0)
        self.detail.log_interaction()

    def add_commitment(self) -> None:
        """Add a commitment to the selected stakeholder."""
        self.tabs.setCurrentIndex(0)
        self.detail.add_commitment()

    def plan_touch(self, start: datetime | None = None) -> TouchDialog:
        """Open the plan-a-touch dialog (window-modal) for the selected stakeholder, if any,
        at ``start`` if given."""
        dialog = TouchDialog(self.workspace, self.stakeholders.current_id(), start, self)
        dialog.open()
        return dialog

    def focus_search(self) -> None:
        """Focus the stakeholder filter."""
        self.tabs.setCurrentIndex(0)
        self.stakeholders.focus_search()

    def _show_person(self, stakeholder_id: int) -> None:
        """Show who was picked; unsaved profile edits are saved first (undoable).

        Edits that cannot be saved (the field is marked) are only dropped if the user agrees;
        otherwise the selection goes back to the person being edited.
        """
        profile, shown = self.detail.profile, self.detail.stakeholder_id
        if stakeholder_id == (shown or 0):
            return  # re-selected after a reload: the detail follows changes by itself
        if (profile.dirty and not profile.save()
                and not self.confirm("Discard changes?", "The profile you were editing has an "
                                     "invalid value (marked in red). Discard the changes?")):
            if shown is not None:
                self.stakeholders.select(shown)
            return
        self.detail.show_stakeholder(stakeholder_id or None)

    def _selection(self) -> tuple[int | None, str]:
        sid = self.stakeholders.current_id()
        return sid, self.detail.title.text() if sid is not None else ""

    def _update_actions(self, *_args: object) -> None:
        has = self.stakeholders.current_id() is not None
        for action in (self.remove_action, self.log_action, self.commit_action):
            action.setEnabled(has)

    def _update_plan_actions(self) -> None:
        """Accept, Dismiss and Move only while the plan has a touch they can act on."""
        for action, button in ((self.accept_action, self.plan.accept_button),
                               (self.dismiss_action, self.plan.dismiss_button),
                               (self.move_action, self.plan.move_button)):
            action.setEnabled(button.isEnabled())

    # -- plan ------------------------------------------------------------------------------

    def replan(self) -> Task | None:
        """Show the plan and re-plan in the background."""
        self.tabs.setCurrentWidget(self.plan)
        return self.plan.replan()

    def _replanned(self, outcome: ReplanOutcome) -> None:
        if outcome.cancelled:
            self.notify("Re-planning cancelled; the plan is unchanged.")
        else:
            self.notify(f"Re-planned: {counted(len(outcome.plan.touchpoints), 'suggestion')} "
                        "(Ctrl+Z brings the previous ones back)")

    # -- contacts and workspace files (TransferActions), reminders ------------------------

    def _workspace_replaced(self) -> None:
        # Contacts were imported or the whole workspace replaced: the undo history refers to
        # rows that may be gone, so it ends here.
        self.workspace.undo_stack.clear()
        self.workspace.publish(ChangeSet.everything())

    def _remember_failure(self, message: str) -> None:
        self.last_message = message

    def install_reminders(self) -> NotificationPanel:
        """Start the reminder service and show its notifications in a dock (called once)."""
        dock = RemindersDock(self.workspace, self.tray, self.undo_group, self)
        dock.open_requested.connect(self._open_notification)
        # Hidden first: added to a window already shown, Qt would show it once events run, after
        # the saved state had hidden it, and a dock the user closed would be back every start.
        dock.hide()
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        self.view_menu.addSeparator()
        toggle = dock.toggleViewAction()
        toggle.setText("&Notifications")
        toggle.setStatusTip("Show or hide the reminders that have come due")
        self.view_menu.addAction(toggle)
        value = self.qsettings.value("window/state")
        restored = isinstance(value, QByteArray | bytes) and self.restoreState(QByteArray(value))
        if not restored and self.height() >= _ROOM_FOR_DOCK:
            # First start: a slim strip, so the plan keeps the room; the user can drag it taller.
            # On a short screen even that would leave the plan a row or two: the dock starts
            # closed there (View > Notifications; reminders still reach the tray).
            dock.show()
            self.resizeDocks([dock], [150], Qt.Orientation.Vertical)
        self.reminders = dock.service
        self.notifications = dock.panel
        return dock.panel

    def _open_notification(self, view: NotificationView) -> None:
        if view.touchpoint_id is not None:
            self.tabs.setCurrentWidget(self.plan)
            self.plan.refresh()
            self.plan.select(view.touchpoint_id)
        elif view.commitment_id is not None:
            owner = self.workspace.read(lambda s: _commitment_owner(s, view.commitment_id))
            if owner is not None:
                self.show_stakeholder(owner)
                self.detail.tabs.setCurrentIndex(2)
        self.bring_to_front()

    # -- settings, messages ------------------------------------------------------------------

    def open_accounts(self) -> AccountsDialog:
        """Open the accounts dialog."""
        dialog = AccountsDialog(self.workspace, self)
        dialog.open()
        return dialog

    def open_kinds(self) -> KindsDialog:
        """Open the touchpoint-kind catalogue."""
        dialog = KindsDialog(self.workspace, self)
        dialog.open()
        return dialog

    def open_events(self) -> EventsDialog:
        """Open the events table."""
        dialog = EventsDialog(self.workspace, self)
        dialog.open()
        return dialog

    def open_settings(self) -> SettingsDialog:
        """Open the settings dialog."""
        dialog = SettingsDialog(self.workspace, self.qsettings, self)
        dialog.open()
        return dialog

    def notify(self, message: str) -> None:
        """Show ``message`` in the status bar."""
        self.last_message = message
        self.statusBar().showMessage(message, 8000)

    def show_error(self, message: str) -> QMessageBox:
        """Show a known failure as a message (not a traceback)."""
        self.last_message = message
        log.info("shown to the user: %s", message)
        box = QMessageBox(QMessageBox.Icon.Warning, "Cadence", message,
                          QMessageBox.StandardButton.Ok, self)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        return box

    def show_failure(self, error: BaseException) -> None:
        """Show a task's failure: a message for known errors, the crash path for bugs."""
        if isinstance(error, CadenceError):
            self.show_error(str(error))
            return
        log.error("background task failed", exc_info=error)
        sys.excepthook(type(error), error, error.__traceback__)

    def run_action(self, action: Callable[[], object]) -> bool:
        """Run a user action; a CadenceError becomes a message. True if it succeeded."""
        try:
            action()
        except CadenceError as err:
            self.show_error(str(err))
            return False
        return True

    def _announce_undo(self, index: int) -> None:
        """Say what the last step on the undo stack did: done (or redone), or undone."""
        stack, was = self.workspace.undo_stack, self._undo_index
        self._undo_index = index
        if index > was and stack.canUndo():
            self.statusBar().showMessage(f"Done: {stack.undoText()} (Ctrl+Z to undo)", 5000)
        elif index < was and stack.canRedo():
            self.statusBar().showMessage(
                f"Undone: {stack.redoText()} (Ctrl+Shift+Z to redo)", 5000)

    def ask_user(self, title: str, text: str) -> bool:
        """Ask a yes/no question (blocking); the default for :attr:`confirm`."""
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def bring_to_front(self) -> None:
        """Show, raise and activate the window (from the tray)."""
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def quit(self) -> None:
        """Close the window (which ends the app)."""
        self.close()

    def about(self) -> None:
        """Show what Cadence is."""
        QMessageBox.about(self, "About Cadence",
                          "<b>Cadence</b><br>Fewer, better contacts with your clients.<br>"
                          f"Workspace: {self.workspace.database.url}")


def _standard(key: QKeySequence.StandardKey, fallback: str) -> QKeySequence:
    """The platform's shortcut for ``key``, or ``fallback`` where the platform has none."""
    sequence = QKeySequence(key)
    return sequence if not sequence.isEmpty() else QKeySequence(fallback)


def _commitment_owner(session: Session, commitment_id: int | None) -> int | None:
    commitment = session.get(Commitment, commitment_id) if commitment_id is not None else None
    return commitment.stakeholder_id if commitment is not None else None
