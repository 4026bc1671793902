"""What the dashboard and the stakeholder's interaction timeline show, read as a user would."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCharts import QBarCategoryAxis
from PySide6.QtCore import QCoreApplication, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cadence.models import Stakeholder
from cadence.settings import load_settings
from cadence.stakeholders import StakeholderChanges, create_stakeholder
from cadence.storage.database import open_database
from tests.ui.conftest import NOW, ZONE
from ui.commands import add_commitment_command
from ui.dashboard import Dashboard
from ui.history_models import InteractionsModel
from ui.main_window import MainWindow
from ui.workspace import Workspace


def _dashboard(qtbot: QtBot, workspace: Workspace) -> Dashboard:
    dashboard = Dashboard(workspace)
    qtbot.add_widget(dashboard)
    dashboard.resize(1280, 700)
    with qtbot.waitSignal(dashboard.refreshed):  # the figures are read on a worker
        dashboard.show()
    return dashboard


def _rate_chart_names(dashboard: Dashboard) -> list[str]:
    (names,) = [a for a in dashboard.rate_chart.axes() if isinstance(a, QBarCategoryAxis)]
    return list(names.categories())


@pytest.fixture
def empty_workspace(tmp_path: Path) -> Iterator[Workspace]:
    """A workspace with nobody in it yet."""
    database = open_database(f"sqlite:///{tmp_path / 'empty.sqlite3'}", backup=False)
    with database.transaction() as session:
        load_settings(session).timezone = ZONE
    ws = Workspace(database, clock=lambda: NOW)
    yield ws
    ws.tasks.cancel_all()
    ws.tasks.wait(10_000)
    QCoreApplication.processEvents()
    database.close()


def test_an_account_with_nothing_due_has_no_on_time_rate_rather_than_0(
    qtbot: QtBot, workspace: Workspace
) -> None:
    with workspace.database.transaction() as session:
        create_stakeholder(session, StakeholderChanges(name="Ada Young", account="Acme",
                                                       timezone=ZONE))
    dashboard = _dashboard(qtbot, workspace)
    names = _rate_chart_names(dashboard)
    # No promise to Acme has come due: that is not a 0 % record.
    assert "Acme (none due yet)" in names
    assert "Cascade Retail  78%" in names  # 7 of 9 kept on time in the demo
    assert not any(name.startswith("Acme") and "0%" in name for name in names)


def test_the_dashboard_reads_on_a_worker_without_a_progress_bar(
    qtbot: QtBot, workspace: Workspace
) -> None:
    with qtbot.assertNotEmitted(workspace.tasks.started):  # a brief read: no Cancel to offer
        dashboard = _dashboard(qtbot, workspace)
    assert dashboard.data is not None
    assert dashboard.late.count() == len(dashboard.data.late) > 0


def test_a_change_while_the_dashboard_reads_is_shown_after_it(
    qtbot: QtBot, workspace: Workspace
) -> None:
    dashboard = _dashboard(qtbot, workspace)
    before = dashboard.late.count()
    late = workspace.read(lambda s: s.scalar(select(Stakeholder.id).order_by(Stakeholder.id)))
    assert late is not None
    dashboard.refresh()  # a read is under way when the promise is recorded
    workspace.execute(add_commitment_command(
        workspace, late, what="Send the late deck", due_on=NOW.date() - timedelta(days=3),
        effort_hours=1))

    def late_texts() -> list[str]:
        return [dashboard.late.item(i).text() for i in range(dashboard.late.count())]

    qtbot.waitUntil(lambda: any(t.startswith("Send the late deck") for t in late_texts()))
    assert dashboard.late.count() == before + 1


def test_going_cold_says_when_only_the_coldest_are_listed(
    qtbot: QtBot, workspace: Workspace
) -> None:
    dashboard = _dashboard(qtbot, workspace)
    assert dashboard.cold.count() == 10
    assert dashboard.cold_box.title() == "Going cold: the 10 coldest of 13"
    # Each says how long the silence has run against the most it may.
    first = dashboard.cold.item(0).text().splitlines()[1]
    assert re.match(r"\d+ days silent \(at most \d+\); ", first), first


def test_empty_lists_on_the_dashboard_say_why_they_are_empty(
    qtbot: QtBot, empty_workspace: Workspace
) -> None:
    dashboard = _dashboard(qtbot, empty_workspace)
    texts = {lst: [lst.item(r).text() for r in range(lst.count())]
             for lst in (dashboard.cold, dashboard.due_soon, dashboard.late)}
    assert texts[dashboard.due_soon] == ["No open promise is due in the next 14 days."]
    assert texts[dashboard.late] == ["No promise is late."]
    assert texts[dashboard.cold] == ["Every relationship is warm."]
    assert dashboard.cold_box.title() == "Going cold"
    # The explanation is not a row to pick: clicking it selects nothing.
    placeholder = dashboard.late.item(0)
    rect = dashboard.late.visualItemRect(placeholder)
    qtbot.mouseClick(dashboard.late.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dashboard.late.selectedItems() == []


def _timeline(window: MainWindow, name: str) -> InteractionsModel:
    sid = window.workspace.read(
        lambda s: s.scalar(select(Stakeholder.id).where(Stakeholder.name == name)))
    window.show_stakeholder(sid)
    window.detail.tabs.setCurrentIndex(1)
    return window.detail.interactions


def test_the_timeline_writes_days_as_the_app_does_and_times_with_their_zone(
    window: MainWindow,
) -> None:
    timeline = _timeline(window, "Ingrid Bauer")
    shown = [timeline.index(r, timeline.WHEN).data() for r in range(timeline.rowCount())]
    assert shown[0] == "Sun 18 Oct\n11:00 CEST"  # this year's: no year
    assert shown[-1] == "Thu 11 Dec 2025\n15:00 CET"  # last year's says so


def test_hovering_an_interaction_cut_short_shows_all_of_it(window: MainWindow) -> None:
    timeline = _timeline(window, "Ingrid Bauer")
    # The kind and channel are cut short in the narrow pane even without notes.
    tips = [timeline.index(r, timeline.INTERACTION).data(Qt.ItemDataRole.ToolTipRole)
            for r in range(timeline.rowCount())]
    shown = [timeline.index(r, timeline.INTERACTION).data().splitlines()[0]
             for r in range(timeline.rowCount())]
    assert [tip.splitlines()[0] for tip in tips] == shown
    assert tips[-1] == "Business review · video"
