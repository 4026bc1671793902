"""The plan: suggested touchpoints by week with their reasons; accept, dismiss, snooze, move;
accepted touches shown apart; re-planning in the background with progress and Cancel."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyle,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from cadence.errors import CadenceError
from cadence.models import PlanRun
from cadence.plan_freshness import InputStates, plan_is_current
from cadence.planner.plan import relative_gap
from cadence.planner.service import PlanningCancelled, last_plan_run
from cadence.timezones import zone
from cadence.vocabulary import TouchpointStatus
from cadence.wording import counted, day_label
from ui.commands import QUALITIES, CompleteTouch, WorkspaceCommand, touch_command
from ui.move_dialog import MoveDialog
from ui.plan_model import (
    OPEN_STATUSES,
    ROW_ROLE,
    AgendaModel,
    TouchRow,
    load_touch_rows,
    their_time,
)
from ui.replan import ReplanCommand, ReplanOutcome, replan_work
from ui.resources import icon
from ui.tasks import Task
from ui.touch_actions import (
    ACCEPT_TIP,
    MOVE_TIP,
    SNOOZE_CHOICES,
    SNOOZE_TIP,
    accepting,
    dismissing,
    movable,
    snoozing,
)
from ui.workspace import Workspace

log = logging.getLogger(__name__)


_NOTHING_SELECTED = "Select a touchpoint to see why it was planned and when that is for them."
_NOTHING_ACCEPTED = ("Nothing accepted yet: a suggestion you accept moves here, and into your "
                     "calendar.")
_NO_PLAN_YET = ("No plan yet: Re-plan (Ctrl+R) proposes the fewest touches that keep every "
                "relationship healthy in the weeks ahead, each with its reasons.")
_OUT_OF_DATE = ("Out of date: what the plan was made from has changed (an interaction, a promise, "
                "a budget, your settings or calendar). Re-plan (Ctrl+R) to update the "
                "suggestions and warnings.")
_NOTHING_OPEN = ("No suggestions open: every one has been acted on, or no relationship needs a "
                 "touch in the weeks planned. Re-plan (Ctrl+R) after something changes.")
QWIDGETSIZE_MAX = 16_777_215  # Qt's "no maximum size", which PySide6 does not export


def _tree(model: AgendaModel) -> QTreeView:
    view = QTreeView()
    view.setModel(model)
    view.setUniformRowHeights(True)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAllColumnsShowFocus(True)
    view.setMinimumHeight(56)  # the header and a row or two: the window fits a small screen
    header = view.header()
    header.setStretchLastSection(True)
    # The longest "when" (a touch in the week, indented, with its "awaiting Done" icon) in
    # the font in use, with room for the item's margins: a fixed width cut the end time off.
    when = (view.fontMetrics().horizontalAdvance("Wed 30 Dec 17:00–17:15")
            + view.indentation() + view.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
            + 40)
    for column, width in enumerate((max(215, when), 240, 235, 75, 55)):
        header.resizeSection(column, width)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


class PlanView(QWidget):
    """Suggestions (by week) above accepted touches; actions act on the selected suggestion.

    Signals:
        replan_finished(object): the :class:`ReplanOutcome` of a finished re-plan.
    """

    replan_finished = Signal(object)
    selection_changed = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self.task: Task | None = None
        self._acted_on: int | None = None  # the touch an action is being taken on
        self.suggested = AgendaModel(self)
        self.accepted = AgendaModel(self)
        self.suggested_view = _tree(self.suggested)
        self.accepted_view = _tree(self.accepted)
        self.suggested_view.setAccessibleName("Suggestions")
        self.accepted_view.setAccessibleName("Accepted touches")
        self.weeks = QSpinBox(minimum=1, maximum=26, value=4, suffix=" weeks")
        self.weeks.setToolTip("How far ahead to plan, in calendar weeks from this week's "
                              "Monday (from the next one at the weekend)")
        self.weeks.setAccessibleName("Plan the next")
        self.replan_button = QPushButton(icon("replan"), "Re-plan")
        self.replan_button.setStatusTip("Suggest touchpoints for the coming weeks")
        self.replan_button.clicked.connect(self.replan)
        self.summary = QLabel()
        self.summary.setObjectName("subtle")
        self.summary.setWordWrap(True)
        self.outdated = QLabel(_OUT_OF_DATE)
        self.outdated.setObjectName("notice")
        self.outdated.setWordWrap(True)
        self.outdated.hide()
        self.warnings = QListWidget()
        self.warnings.setObjectName("warnings")
        self.warnings.setAccessibleName("Plan warnings")
        self.warnings.setMaximumHeight(86)
        self.warnings.setMinimumHeight(40)
        self.warnings.setWordWrap(True)
        self.warnings.setToolTip("What the plan could not do; read these before accepting")
        self.warnings.hide()
        self.accept_button = QPushButton(icon("accept"), "Accept")
        self.accept_button.setStatusTip(ACCEPT_TIP)
        self.accept_button.clicked.connect(self.accept_selected)
        self.reason = QLineEdit(placeholderText="Reason for dismissing (optional)")
        self.reason.setMinimumWidth(240)
        self.reason.setAccessibleName("Reason for dismissing")
        self.dismiss_button = QPushButton(icon("dismiss"), "Dismiss")
        self.dismiss_button.setStatusTip("Dismiss the suggestion (with the reason, if given)")
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        self.snooze_button = QToolButton()
        self.snooze_button.setText("Snooze")
        self.snooze_button.setIcon(icon("snooze"))
        self.snooze_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.snooze_button.setStatusTip(SNOOZE_TIP)
        snooze_menu = QMenu(self.snooze_button)
        for label, days in SNOOZE_CHOICES:
            snooze_menu.addAction(label, self._snoozer(days))
        self.snooze_button.setMenu(snooze_menu)
        self.move_button = QPushButton(icon("move"), "Move…")
        self.move_button.setStatusTip(MOVE_TIP)
        self.move_button.clicked.connect(self.move_selected)
        self.done_button = QToolButton()
        self.done_button.setText("Done")
        self.done_button.setIcon(icon("log"))
        self.done_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.done_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.done_button.setStatusTip("The accepted touch took place: log it, with how it went")
        done_menu = QMenu(self.done_button)
        for quality, label in QUALITIES:
            done_menu.addAction(label, self._completer(quality))
        self.done_button.setMenu(done_menu)
        self.suggested_hint = QLabel(_NO_PLAN_YET)
        self.suggested_hint.setObjectName("subtle")
        self.suggested_hint.setWordWrap(True)
        self.accepted_hint = QLabel(_NOTHING_ACCEPTED)
        self.accepted_hint.setObjectName("subtle")
        self.details = QLabel(_NOTHING_SELECTED)
        self.details.setWordWrap(True)
        self.details.setObjectName("subtle")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._layout()
        self.suggested_view.selectionModel().selectionChanged.connect(
            lambda: self._selection_changed(self.suggested_view))
        self.accepted_view.selectionModel().selectionChanged.connect(
            lambda: self._selection_changed(self.accepted_view))
        self._stale = True
        # Any change: to the touches, or to the facts the plan was made from (the notice that
        # it is out of date follows them). Once per change, however many parts it touched.
        workspace.changes.published.connect(self._mark_stale)
        self._update_buttons()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("Plan the next"))
        top.addWidget(self.weeks)
        top.addWidget(self.replan_button)
        top.addWidget(self.summary, 1)
        actions = QHBoxLayout()
        for widget in (self.accept_button, self.reason, self.dismiss_button,
                       self.snooze_button, self.move_button, self.done_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Suggestions")
        title.setObjectName("heading")
        upper_layout.addWidget(title)
        upper_layout.addWidget(self.suggested_hint)
        upper_layout.addWidget(self.suggested_view, 1)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        accepted_title = QLabel("Accepted")
        accepted_title.setObjectName("heading")
        lower_layout.addWidget(accepted_title)
        lower_layout.addWidget(self.accepted_view, 1)
        lower_layout.addWidget(self.accepted_hint)
        self._lower = lower
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(upper)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        # The actions and the details serve whichever list holds the selection.
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.outdated)
        layout.addWidget(self.warnings)
        layout.addLayout(actions)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.details)

    # -- loading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the suggestions and accepted touches again."""
        self._stale = False
        ws = self._workspace
        now, zone_name = ws.now(), ws.manager_zone
        today = ws.today()
        suggested = ws.read(lambda s: load_touch_rows(s, OPEN_STATUSES, today, now))
        # Accepted touches stay listed after their time until marked done or dismissed.
        accepted = ws.read(lambda s: load_touch_rows(s, [TouchpointStatus.ACCEPTED], today))
        run, current = ws.read(partial(_run_and_currency, states=ws.input_states))
        keep = self._selection_to_keep()
        self.suggested.set_rows(suggested, zone_name)
        self.accepted.set_rows(accepted, zone_name, now)
        for view, model in ((self.suggested_view, self.suggested),
                            (self.accepted_view, self.accepted)):
            for week in range(model.rowCount()):
                view.setFirstColumnSpanned(week, QModelIndex(), True)
            view.expandAll()
        self._show_run(run, len(suggested), len(accepted))
        self.outdated.setVisible(current is False)
        # An empty list says why, and what to do: a new user's first look at the tab.
        self.suggested_hint.setText(_NO_PLAN_YET if run is None else _NOTHING_OPEN)
        self.suggested_hint.setVisible(not suggested)
        self._fit_accepted(bool(accepted))
        self._restore_selection(*keep)
        self._show_selected()

    def _fit_accepted(self, any_accepted: bool) -> None:
        """An empty Accepted list gives way to a line saying what goes there, and its pane
        shrinks to that line, so the suggestions get the room."""
        self.accepted_view.setVisible(any_accepted)
        self.accepted_hint.setVisible(not any_accepted)
        self._lower.setMaximumHeight(
            QWIDGETSIZE_MAX if any_accepted else self._lower.sizeHint().height())

    def _selection_to_keep(self) -> tuple[int | None, int | None, int | None]:
        """The selected touch's id, its place among the suggestions if it is one, and the
        suggestion after it."""
        row = self.selected()
        if row is None:
            return None, None, None
        ids = [r.id for r in self.suggested.touch_rows()]
        if row.id not in ids:
            return row.id, None, None
        place = ids.index(row.id)
        return row.id, place, ids[place + 1] if place + 1 < len(ids) else None

    def _restore_selection(self, touch_id: int | None, place: int | None,
                           following: int | None) -> None:
        """Keep the selection across a refresh; a suggestion just accepted, dismissed or
        snoozed hands it on to the next one, so the keyboard can work down the list (a snoozed
        one stays listed, so leaving the list is not enough to tell)."""
        acted, self._acted_on = self._acted_on == touch_id, None
        if touch_id is None:
            return
        rows = self.suggested.touch_rows()
        ids = {r.id for r in rows}
        if place is not None and (acted or touch_id not in ids):
            if following in ids:
                self.select(following)
                return
            if touch_id not in ids and rows:
                self.select(rows[min(place, len(rows) - 1)].id)
                return
        self.select(touch_id)

    def _show_run(self, run: PlanRun | None, open_count: int, accepted: int) -> None:
        """The last saved plan's figures and warnings (kept in the workspace, so they are
        there again after a restart), and what is open now."""
        counts = f"{counted(open_count, 'suggestion')} open, {accepted} accepted"
        if run is None:
            self.summary.setText(counts)
            self.warnings.hide()
            return
        ws = self._workspace
        made = run.made_at.astimezone(zone(ws.manager_zone))
        gap = relative_gap(run.objective, run.bound)
        self.summary.setText(
            f"Planned {day_label(made.date(), ws.today())} {made:%H:%M} for "
            f"{counted(run.weeks, 'week')} from {run.start_on:%d %b} (value {run.objective:.1f}, "
            f"{run.status}"
            # One decimal: a gap of 1.3 % must not read as "within 1 %".
            + (f", within {gap:.1%} of the best possible" if gap >= 0.0005 else "")
            + f"): {counts}.")
        self.warnings.clear()
        for warning in run.warnings:
            self.warnings.addItem(QListWidgetItem(icon("over-budget"), warning))
        self.warnings.setVisible(bool(run.warnings))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    # -- re-planning -------------------------------------------------------------------------

    def replan(self) -> Task | None:
        """Run the planner in the background (one at a time)."""
        if self.task is not None:
            return self.task
        self.replan_button.setEnabled(False)
        self.summary.setText("Planning…")
        task = self._workspace.tasks.start("Re-planning", replan_work(self._workspace,
                                                                      self.weeks.value()))
        task.succeeded.connect(self._replanned)
        task.failed.connect(self._replan_failed)
        task.finished.connect(self._replan_done)
        self.task = task
        return task

    def cancel_replan(self) -> None:
        """Ask a running re-plan to stop (nothing is changed)."""
        if self.task is not None:
            self.task.cancel()

    def _replanned(self, outcome: ReplanOutcome) -> None:
        if outcome.cancelled:
            self.summary.setText("Re-planning cancelled; the plan is unchanged.")
        else:
            # The summary and warnings come from the saved run, like after a restart.
            command = ReplanCommand(self._workspace, outcome)
            self._workspace.undo_stack.push(command)
            self._workspace.publish(command.change)
        self.replan_finished.emit(outcome)

    def _replan_failed(self, error: BaseException) -> None:
        if isinstance(error, PlanningCancelled):
            self.summary.setText("Re-planning cancelled; the plan is unchanged.")
        elif isinstance(error, CadenceError):
            self.summary.setText(f"Re-planning failed: {error}")
        else:
            self.summary.setText("Re-planning failed (the details are in the log).")
            log.error("re-planning failed", exc_info=error)

    def _replan_done(self) -> None:
        self.task = None
        self.replan_button.setEnabled(True)

    # -- actions on the selection ------------------------------------------------------------

    def selected(self) -> TouchRow | None:
        """The selected touchpoint (only one list has a selection at a time)."""
        for view in (self.suggested_view, self.accepted_view):
            for index in view.selectionModel().selectedRows():
                row = index.data(ROW_ROLE)
                if isinstance(row, TouchRow):
                    return row
        return None

    def select(self, touchpoint_id: int) -> bool:
        """Select a touchpoint by id (in whichever list holds it)."""
        for view, model in ((self.suggested_view, self.suggested),
                            (self.accepted_view, self.accepted)):
            index = model.index_of(touchpoint_id)
            if index.isValid():
                view.setCurrentIndex(index)
                return True
        return False

    def accept_selected(self) -> None:
        """Accept the selected suggestion."""
        row, now = self.selected(), self._workspace.now()
        if row is not None:
            self._run(touch_command(self._workspace, row, "Accept", accepting(now)), row.id)

    def dismiss_selected(self) -> None:
        """Dismiss the selected touchpoint with the reason typed beside the button."""
        row, now, reason = self.selected(), self._workspace.now(), self.reason.text()
        if row is None:
            return
        if self._run(touch_command(self._workspace, row, "Dismiss", dismissing(reason, now)),
                     row.id):
            self.reason.clear()

    def snooze_selected(self, days: int) -> None:
        """Snooze the selected touchpoint for ``days`` days."""
        row, now = self.selected(), self._workspace.now()
        if row is not None:
            self._run(touch_command(self._workspace, row, "Snooze", snoozing(days, now)), row.id)

    def _snoozer(self, days: int) -> Callable[[], None]:
        return lambda: self.snooze_selected(days)

    def done_selected(self, quality: int | None) -> None:
        """Mark the selected accepted touch done, logging it with ``quality`` (1-5 or none)."""
        row = self.selected()
        if row is not None and self.accepted.awaits_done(row):
            self._run(CompleteTouch(self._workspace, row.id, row.stakeholder_id,
                                    f"Mark {row.kind} with {row.stakeholder} done", quality))

    def _completer(self, quality: int | None) -> Callable[[], None]:
        return lambda: self.done_selected(quality)

    def move_selected(self) -> MoveDialog | None:
        """Open the move dialog for the selected touchpoint."""
        row = self.selected()
        if row is None:
            return None
        dialog = MoveDialog(self._workspace, row, self)
        dialog.open()
        return dialog

    def _run(self, command: WorkspaceCommand, acted_on: int | None = None) -> bool:
        """Run ``command``; the refresh it causes hands the selection on from ``acted_on``."""
        self._acted_on = acted_on
        try:
            return self._workspace.try_execute(command)
        finally:
            self._acted_on = None

    def _selection_changed(self, source: QTreeView) -> None:
        if source.selectionModel().hasSelection():
            other = self.accepted_view if source is self.suggested_view else self.suggested_view
            blocked = other.selectionModel().blockSignals(True)
            other.selectionModel().clearSelection()
            other.selectionModel().blockSignals(blocked)
        self._show_selected()

    def _show_selected(self) -> None:
        """The selected touch's reasons (or the hint) and the actions it allows."""
        row = self.selected()
        if row is None:
            self.details.setText(_NOTHING_SELECTED)
        else:
            why = "".join(f"<li>{html.escape(reason)}</li>" for reason in row.reasons)
            avoid = (f"<p><b>Avoid:</b> {html.escape(', '.join(row.avoid_topics))}</p>"
                     if row.avoid_topics else "")
            since = (f"<p><b>Since planned:</b> {html.escape(row.overtaken)}</p>"
                     if row.overtaken else "")
            self.details.setText(
                f"<b>{html.escape(row.kind)}</b> with {html.escape(row.stakeholder)} "
                f"({html.escape(row.account)}) · {html.escape(their_time(row))}"
                f"{since}<ul style='margin:2px'>{why or '<li>–</li>'}</ul>{avoid}")
        self._update_buttons()
        self.selection_changed.emit()

    def _update_buttons(self) -> None:
        row = self.selected()
        open_ = row is not None and row.status in OPEN_STATUSES
        self.accept_button.setEnabled(open_)
        self.dismiss_button.setEnabled(row is not None)
        self.snooze_button.setEnabled(row is not None)
        self.move_button.setEnabled(row is not None and movable(row.status))
        self.done_button.setEnabled(row is not None and self.accepted.awaits_done(row))


def _run_and_currency(session: Session, states: InputStates) -> tuple[PlanRun | None,
                                                                       bool | None]:
    """The last saved plan, and whether it still fits the facts (``None``: cannot tell)."""
    run = last_plan_run(session)
    return run, None if run is None else plan_is_current(session, run, states)
