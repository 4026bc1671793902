"""The status-bar progress of background tasks, and tasks that outlive their widgets."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import shiboken6
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from cadence.storage.database import Database
from ui.task_progress import TaskProgress
from ui.tasks import TaskRunner
from ui.transfer_actions import TransferActions

WAIT = 20_000


def test_progress_shows_the_task_then_hides(qtbot: QtBot) -> None:
    runner = TaskRunner()
    progress = TaskProgress(runner)
    qtbot.add_widget(progress)
    gate = threading.Event()
    task = runner.start("Exporting the calendar", lambda _control: gate.wait(10))
    assert not progress.isHidden()
    assert progress.label.text() == "Exporting the calendar"
    progress.cancel()
    assert task.cancelled
    assert progress.label.text() == "Exporting the calendar: stopping…"
    with qtbot.wait_signal(task.finished, timeout=WAIT):
        gate.set()
    assert progress.isHidden()
    assert not runner.busy()


def test_a_task_that_ends_after_its_progress_widget_is_gone_reports_no_error(
    qtbot: QtBot,
) -> None:
    # Closing a window deletes its status bar while a task may still be running; the task's
    # end must not reach the deleted widget (pytest-qt fails the test on such an exception).
    runner = TaskRunner()
    progress = TaskProgress(runner)
    gate = threading.Event()
    task = runner.start("Updating the subscription file", lambda _control: gate.wait(10))
    shiboken6.delete(progress)
    with qtbot.wait_signal(task.finished, timeout=WAIT):
        gate.set()
    assert not runner.busy()


def test_an_export_still_finishes_after_its_window_is_gone(
    qtbot: QtBot, database: Database, tmp_path: Path
) -> None:
    runner = TaskRunner()
    window = QWidget()
    actions = TransferActions(database, window, tasks=runner)
    gate = threading.Event()
    runner.start("hold", lambda _control: gate.wait(10))  # one worker: the export queues
    target = tmp_path / "workspace.json"
    actions.export_workspace_to(target)
    shiboken6.delete(window)
    gate.set()
    qtbot.wait_until(lambda: not runner.busy(), timeout=WAIT)
    assert target.exists()


def test_the_cycle_collector_rests_while_a_task_works(qtbot: QtBot) -> None:
    """Its passes would hold the interpreter lock from the worker, freezing the window."""
    runner = TaskRunner()
    collecting: list[bool] = []
    task = runner.start("Exporting the calendar", lambda _c: collecting.append(gc.isenabled()))
    qtbot.waitUntil(lambda: not task.running, timeout=WAIT)
    assert collecting == [False]
    assert gc.isenabled()
