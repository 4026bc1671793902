"""The dashboard: touches against budgets and on-time rates per account (charts), relationships
going cold, and commitments due soon or late."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from cadence.dashboard import (
    AccountFigures,
    DueCommitment,
    account_figures,
    commitments_due,
    going_cold,
)
from cadence.overview import StakeholderSummary, stakeholder_summaries
from cadence.wording import counted
from ui.resources import icon
from ui.stakeholder_model import short_day
from ui.tasks import Task, TaskControl
from ui.workspace import Workspace

log = logging.getLogger(__name__)

ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: A cold relationship with no touch ahead is the one to act on: it is drawn in this colour.
NOTHING_PLANNED = "#b91c1c"
#: How far ahead "due soon" looks: handed to the core, and named in the list's title.
DUE_SOON_DAYS = 14


@dataclass(frozen=True, slots=True)
class DashboardData:
    """Everything the dashboard shows, read in one transaction."""

    accounts: list[AccountFigures]
    cold: list[StakeholderSummary]
    cold_total: int
    """How many relationships are going cold; ``cold`` holds only the coldest of them."""
    due_soon: list[DueCommitment]
    late: list[DueCommitment]


def load_dashboard(session: Session, now: datetime, zone_name: str,
                   today: date) -> DashboardData:
    """Read the dashboard's figures at ``now`` (``today`` in the manager's zone ``zone_name``).

    Runs on a worker: it reads every stakeholder's summary, which takes long in a large
    workspace.
    """
    summaries = stakeholder_summaries(session, now, zone_name)
    soon, late = commitments_due(session, today, DUE_SOON_DAYS)
    everyone_cold = going_cold(summaries, limit=len(summaries))
    return DashboardData(account_figures(summaries), going_cold(summaries),
                         len(everyone_cold), soon, late)


def _chart(title: str) -> tuple[QChart, QChartView]:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(4)
    view = QChartView(chart)
    view.setAccessibleName(title)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(240)
    return chart, view


def _bar_set(name: str, colour: str, values: Sequence[float]) -> QBarSet:
    bars = QBarSet(name)
    bars.setColor(QColor(colour))
    bars.setBorderColor(QColor(colour))
    bars.append(list(values))
    return bars


class Dashboard(QWidget):
    """Refreshes itself (when visible) after any change; the figures are read on a worker.

    Signals:
        stakeholder_activated(int): a person was double-clicked in one of the lists.
        refreshed(): figures are shown, read after the last change that came before.
    """

    stakeholder_activated = Signal(int)
    refreshed = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._stale = True
        self._reading: Task | None = None
        self._read_again = False  # a change came while reading: read once more after it
        self.data: DashboardData | None = None
        self.touch_chart, touch_view = _chart("Touches this period against the budget")
        self.rate_chart, rate_view = _chart("Promises kept on time, per account")
        self.cold = QListWidget()
        self.due_soon = QListWidget()
        self.late = QListWidget()
        for lst in (self.cold, self.due_soon, self.late):
            lst.itemActivated.connect(self._activated)
            lst.setAlternatingRowColors(True)
            lst.setWordWrap(True)
            lst.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # In a scroll area: on a small screen (a 1024 x 600 panel) the window would otherwise
        # be taller than the screen; there the dashboard scrolls instead.
        content = QWidget()
        scroll = QScrollArea(widgetResizable=True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setAccessibleName("Dashboard")
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        grid = QGridLayout(content)
        grid.addWidget(touch_view, 0, 0, 1, 2)
        grid.addWidget(rate_view, 0, 2)
        self.cold_box = self._box("Going cold", self.cold)
        grid.addWidget(self.cold_box, 1, 0)
        grid.addWidget(self._box(f"Commitments due in the next {DUE_SOON_DAYS} days",
                                  self.due_soon), 1, 1)
        grid.addWidget(self._box("Late commitments", self.late), 1, 2)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.refresh)
        for signal in (workspace.changes.stakeholders, workspace.changes.plan,
                       workspace.changes.settings):
            signal.connect(self._mark_stale)

    @staticmethod
    def _box(title: str, content: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        layout.addWidget(content)
        return box

    def refresh(self) -> None:
        """Read the figures again on a worker; they are drawn when they arrive (``refreshed``).

        The GUI thread keeps responding meanwhile: with thousands of stakeholders the read
        takes about half a second.
        """
        self._stale = False
        if self._reading is not None:
            self._read_again = True  # what is being read may predate the change
            return
        ws = self._workspace
        database, now, zone_name, today = ws.database, ws.now(), ws.manager_zone, ws.today()

        def work(_control: TaskControl) -> DashboardData:
            with database.transaction() as session:
                return load_dashboard(session, now, zone_name, today)

        task = ws.tasks.start("Reading the dashboard", work, read_only=True)
        # Bound methods only: Qt drops them with this widget, while a task may outlive it.
        task.succeeded.connect(self._show)
        task.failed.connect(self._failed)
        task.finished.connect(self._read)
        self._reading = task

    def _show(self, data: DashboardData) -> None:
        if self._read_again:
            return  # read before a change: the read after it follows at once, drawn instead
        self.data = data
        self._draw_touches(data.accounts)
        self._draw_rates(data.accounts)
        self._fill_cold(data.cold, data.cold_total)
        self._fill_due(self.due_soon, data.due_soon,
                       f"No open promise is due in the next {DUE_SOON_DAYS} days.")
        self._fill_due(self.late, data.late, "No promise is late.")
        self.refreshed.emit()

    def _failed(self, error: BaseException) -> None:
        log.error("reading the dashboard failed", exc_info=error)
        self._workspace.changes.failed.emit(f"The dashboard could not be read: {error}")

    def _read(self) -> None:
        self._reading = None
        if self._read_again:
            self._read_again = False
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._timer.start()

    def _mark_stale(self, *_args: object) -> None:
        self._stale = True
        if self.isVisible():
            self._timer.start()

    def _draw_touches(self, accounts: list[AccountFigures]) -> None:
        series = QBarSeries()
        series.append(_bar_set("Logged", "#2563eb", [a.logged for a in accounts]))
        series.append(_bar_set("Accepted (to come)", "#93c5fd", [a.planned for a in accounts]))
        series.append(_bar_set("Budget", "#cbd5e1", [a.budget for a in accounts]))
        top = max([a.budget for a in accounts] + [a.logged + a.planned for a in accounts] + [1])
        self._replace(self.touch_chart, series, [a.account for a in accounts], top, "touches")

    def _draw_rates(self, accounts: list[AccountFigures]) -> None:
        series = QHorizontalBarSeries()
        shown = list(reversed(accounts))  # first account at the top
        rates = [round(100 * (a.on_time.rate or 0.0)) for a in shown]
        series.append(_bar_set("Kept on time (%)", "#15803d", rates))
        # The rate goes in the account's name, not on the bar: an account none of whose
        # promises has come due has no rate, and a bar labelled 0% would say every one was broken.
        names = [f"{a.account}  {a.on_time}" if a.on_time.rate is not None
                 else f"{a.account} (none due yet)" for a in shown]
        self._replace(self.rate_chart, series, names, 100, "%", horizontal=True)

    @staticmethod
    def _replace(chart: QChart, series: QAbstractBarSeries, categories: list[str],
                 top: float, unit: str, *, horizontal: bool = False) -> None:
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        chart.addSeries(series)
        names = QBarCategoryAxis()
        names.append(categories)
        values = QValueAxis()
        values.setRange(0, top)
        values.setLabelFormat("%d")
        values.setTitleText(unit)
        if unit != "%":
            values.applyNiceNumbers()
        else:
            values.setTickCount(5)
        where = (Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(names, where[0] if horizontal else where[1])
        chart.addAxis(values, where[1] if horizontal else where[0])
        series.attachAxis(names)
        series.attachAxis(values)

    def _fill_cold(self, people: list[StakeholderSummary], total: int) -> None:
        self.cold.clear()
        # The core lists only the coldest few: the title says when there are more, which the
        # Stakeholders table (sorted by last contact) shows in full.
        self.cold_box.setTitle("Going cold" if total <= len(people)
                               else f"Going cold: the {len(people)} coldest of {total}")
        zone_name = self._workspace.manager_zone
        for s in people:
            silence = "no quality contact yet" if s.days_since_quality is None else (
                f"{s.days_since_quality} days silent (at most {s.max_silence_days})")
            item = QListWidgetItem(icon("cold"),
                                   f"{s.name} ({s.account})\n{silence}; {_next(s, zone_name)}")
            item.setData(ID_ROLE, s.id)
            if s.next_touch_at is None:
                item.setForeground(QColor(NOTHING_PLANNED))
                item.setToolTip("No touch ahead: re-plan, or log the contact you had.")
            elif s.next_accepted_at is None:
                item.setToolTip("The plan suggests a touch: accept it in the Plan tab.")
            self.cold.addItem(item)
        if not people:
            _placeholder(self.cold, "Every relationship is warm.")

    @staticmethod
    def _fill_due(target: QListWidget, items: list[DueCommitment], empty: str) -> None:
        target.clear()
        for c in items:
            when = (f"{counted(-c.days_left, 'day')} late" if c.days_left < 0
                    else "due today" if c.days_left == 0 else f"in {counted(c.days_left, 'day')}")
            item = QListWidgetItem(icon("late" if c.days_left < 0 else "commitment"),
                                   f"{c.what} — {c.stakeholder}, {when}")
            item.setToolTip(
                f"{c.what}\n{c.stakeholder} ({c.account}), due {c.due_on:%a %d %b %Y}")
            item.setData(ID_ROLE, c.stakeholder_id)
            target.addItem(item)
        if not items:
            _placeholder(target, empty)

    def _activated(self, item: QListWidgetItem) -> None:
        sid = item.data(ID_ROLE)
        if sid:
            self.stakeholder_activated.emit(int(sid))


def _placeholder(target: QListWidget, text: str) -> None:
    """Say why ``target`` is empty, in a row that cannot be selected (it leads nowhere)."""
    item = QListWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
    target.addItem(item)


def _next(s: StakeholderSummary, zone_name: str) -> str:
    """What is ahead for a cold relationship: the accepted touch, a suggestion, or nothing."""
    if s.next_accepted_at is not None:
        return f"next touch {short_day(s.next_accepted_at, zone_name)}"
    if s.next_suggested_at is not None:
        return f"suggested for {short_day(s.next_suggested_at, zone_name)}"
    return "nothing planned"
