"""Model checks (pytest-qt's modeltester plus plain assertions) and the task runner."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from cadence.errors import CadenceError
from cadence.overview import stakeholder_summaries
from cadence.vocabulary import CommitmentStatus, TouchpointStatus
from tests.ui.conftest import NOW, ZONE
from ui.history_models import (
    CommitmentsModel,
    InteractionsModel,
    load_commitments,
    load_interactions,
)
from ui.plan_model import AgendaModel, TouchRow
from ui.stakeholder_model import (
    SORT_ROLE,
    Column,
    StakeholderFilterProxy,
    StakeholderTableModel,
)
from ui.tasks import TaskControl, TaskRunner
from ui.workspace import Workspace


@pytest.fixture
def table(workspace: Workspace) -> StakeholderTableModel:
    model = StakeholderTableModel(ZONE)
    model.set_rows(workspace.read(lambda s: stakeholder_summaries(s, NOW, ZONE)))
    return model


def test_stakeholder_model_is_a_valid_model(table: StakeholderTableModel,
                                            qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(table)
    proxy = StakeholderFilterProxy()
    proxy.setSourceModel(table)
    qtmodeltester.check(proxy)
    proxy.set_search("lumen")
    assert proxy.rowCount() == 6
    qtmodeltester.check(proxy)


def test_sort_role_gives_raw_numbers(table: StakeholderTableModel) -> None:
    row = table.row_of(1)
    assert row is not None
    key = table.index(row, Column.LAST_CONTACT).data(SORT_ROLE)
    assert isinstance(key[0], int | float)
    assert table.index(row, Column.IMPORTANCE).data(SORT_ROLE)[0] == 5


def test_update_rows_changes_only_the_named_rows(
    table: StakeholderTableModel, workspace: Workspace, qtbot: QtBot
) -> None:
    fresh = workspace.read(lambda s: stakeholder_summaries(s, NOW, ZONE, [1]))
    with qtbot.waitSignal(table.dataChanged) as changed:
        table.update_rows([1], fresh)
    assert changed.args[0].row() == changed.args[1].row() == table.row_of(1)
    with qtbot.waitSignal(table.rowsRemoved):
        table.update_rows([1], [])
    assert table.row_of(1) is None
    with qtbot.waitSignal(table.rowsInserted):
        table.update_rows([1], fresh)
    assert table.rowCount() == 25


def test_a_new_row_lands_where_the_sort_puts_it(
    table: StakeholderTableModel, workspace: Workspace
) -> None:
    table.sort(Column.IMPORTANCE, Qt.SortOrder.DescendingOrder)
    fresh = workspace.read(lambda s: stakeholder_summaries(s, NOW, ZONE, [1]))
    table.update_rows([1], [])
    table.update_rows([1], fresh)
    keys = [table.index(r, Column.IMPORTANCE).data(SORT_ROLE) for r in range(table.rowCount())]
    assert keys == sorted(keys, reverse=True)


def test_sorting_keeps_the_selection_on_its_person(table: StakeholderTableModel) -> None:
    row = table.row_of(5)
    assert row is not None
    kept = QPersistentModelIndex(table.index(row, 0))
    table.sort(Column.NAME, Qt.SortOrder.DescendingOrder)
    assert table.summary(kept.row()).id == 5


def test_history_models(workspace: Workspace, qtmodeltester: ModelTester) -> None:
    interactions = InteractionsModel(NOW.date())
    interactions.set_rows(workspace.read(lambda s: load_interactions(s, 1)))
    qtmodeltester.check(interactions)
    assert interactions.rowCount() > 0
    commitments = CommitmentsModel(NOW.date())
    commitments.set_rows(workspace.read(lambda s: load_commitments(s, 7)))
    qtmodeltester.check(commitments)
    statuses = [commitments.index(r, CommitmentsModel.DUE).data().splitlines()[1]
                for r in range(commitments.rowCount())]
    assert "late" in statuses  # Petra Lang has a promise past due in the demo
    # A delivered promise says when (the year only if not this year's: the pane is narrow),
    # and on hover whether that was on time.
    (done,) = [r for r in range(commitments.rowCount())
               if commitments.row(r).status is CommitmentStatus.DELIVERED]
    row = commitments.row(done)
    assert row.delivered_on.year == row.due_on.year == NOW.year
    assert commitments.index(done, CommitmentsModel.DUE).data() == (
        f"{row.due_on.day} {row.due_on:%b}\ndelivered {row.delivered_on.day} "
        f"{row.delivered_on:%b}")
    assert commitments.index(done, CommitmentsModel.DUE).data(
        Qt.ItemDataRole.ToolTipRole) == f"Delivered on {row.delivered_on:%d %b %Y}, on time"
    # The detail pane is narrow: hovering a promise shows all of it.
    whats = [commitments.row(r).what for r in range(commitments.rowCount())]
    assert [commitments.index(r, CommitmentsModel.STRETCH).data(Qt.ItemDataRole.ToolTipRole)
            for r in range(commitments.rowCount())] == whats


def test_agenda_model_groups_by_week(qtmodeltester: ModelTester) -> None:
    rows = [TouchRow(i, 1, "Ingrid Bauer", "Northwind", "Coffee check-in", "in-person",
                     NOW + timedelta(days=3 * i), NOW + timedelta(days=3 * i, minutes=30),
                     ZONE, TouchpointStatus.SUGGESTED, 4.0, ("budget left",), None, ())
            for i in range(1, 6)]
    model = AgendaModel()
    model.set_rows(rows, ZONE)
    qtmodeltester.check(model)
    weeks = [model.index(w, 0).data() for w in range(model.rowCount())]
    # Thu 26 and Sun 29 Nov; Wed 2 and Sat 5 Dec; Tue 8 Dec
    assert weeks == ["Week of 23 Nov 2026 — 2 touches", "Week of 30 Nov 2026 — 2 touches",
                     "Week of 07 Dec 2026 — 1 touch"]
    assert model.touch_count() == 5
    assert model.index_of(4).parent().row() == 1


def test_task_runner_reports_progress_and_result(qtbot: QtBot) -> None:
    runner = TaskRunner()
    seen: list[float] = []

    def work(control: TaskControl) -> str:
        control.progress(0.5, "halfway")
        return threading.current_thread().name

    task = runner.start("demo", work)
    task.progressed.connect(lambda fraction, _message: seen.append(fraction))
    with qtbot.waitSignal(task.succeeded, timeout=10_000) as done:
        pass
    assert done.args[0] != threading.current_thread().name, "ran on a worker thread"
    assert seen == [0.5]
    runner.wait()


def test_task_runner_delivers_failures_and_cancel(qtbot: QtBot) -> None:
    runner = TaskRunner()

    def fail(_control: TaskControl) -> None:
        raise CadenceError("disk full")

    task = runner.start("failing", fail)
    with qtbot.waitSignal(task.failed, timeout=10_000) as failed:
        pass
    assert str(failed.args[0]) == "disk full"

    gate = threading.Event()

    def patient(control: TaskControl) -> bool:
        gate.wait(5)
        return control.should_stop()

    task = runner.start("patient", patient)
    task.cancel()
    gate.set()
    with qtbot.waitSignal(task.succeeded, timeout=10_000) as done:
        pass
    assert done.args[0] is True
    runner.wait()
