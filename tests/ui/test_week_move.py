"""Moving an entry in the week: Move… in its menu opens the plan's move dialog, and dragging its
block drops it on another quarter hour through the same undoable move; a small movement stays
a click, Escape puts the block back, the core's refusal is shown (in the bar while dragging,
with where the block would land), and what cannot move does not drag."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from cadence.models import Stakeholder, Touchpoint
from cadence.touchpoints import add_touchpoint, complete
from cadence.vocabulary import TouchpointStatus
from cadence.week_agenda import WeekItem
from tests.ui.conftest import NOW
from ui.changes import ChangeSet
from ui.form_widgets import show_wall_time
from ui.main_window import MainWindow
from ui.move_dialog import MoveDialog
from ui.week_drag import landing
from ui.week_view import WeekCanvas

INGRID, MEGAN = 1, 14  # in Berlin, as the manager; in New York
TUESDAY_10 = datetime(2026, 11, 24, 9, tzinfo=UTC)  # 10:00 in Berlin
TUESDAY_15 = datetime(2026, 11, 24, 14, tzinfo=UTC)  # 15:00 in Berlin, 09:00 in New York
HOUR = timedelta(hours=1)  # a business review's length


def _plan(window: MainWindow, stakeholder_id: int, start: datetime,
          status: TouchpointStatus) -> int:
    """A business review with ``stakeholder_id`` at ``start``, suggested, accepted or done."""
    with window.workspace.session() as session:
        person = session.get_one(Stakeholder, stakeholder_id)
        touch = add_touchpoint(session, person, kind_key="business-review", start=start, now=NOW)
        if status is TouchpointStatus.SUGGESTED:
            touch.status = status
        elif status is TouchpointStatus.DONE:
            complete(session, touch, 4, NOW)
        return touch.id


@pytest.fixture
def week_window(window: MainWindow, qtbot: QtBot) -> MainWindow:
    """The window showing this week, with a suggested review with Ingrid on Tuesday at 10:00."""
    _plan(window, INGRID, TUESDAY_10, TouchpointStatus.SUGGESTED)
    window.workspace.changes.publish(ChangeSet(plan=True))
    window.tabs.setCurrentWidget(window.week)
    window.activateWindow()
    qtbot.waitActive(window)
    return window


def _entry(canvas: WeekCanvas, touch_id: int) -> tuple[WeekItem, QPoint]:
    """The entry of touchpoint ``touch_id`` and the middle of its block."""
    rect, item = next((r, i) for r, i in canvas.blocks() if i.touchpoint_id == touch_id)
    return item, rect.center().toPoint()


def _ingrid(window: MainWindow) -> tuple[int, WeekItem, QPoint]:
    """The suggested review with Ingrid: its touchpoint, entry and the middle of its block."""
    item, at = next((i, r.center().toPoint()) for r, i in window.week.canvas.blocks()
                    if i.starts_at == TUESDAY_10)
    assert item.touchpoint_id is not None
    return item.touchpoint_id, item, at


def _starts_at(window: MainWindow, touch_id: int) -> tuple[datetime, datetime]:
    touch = window.workspace.read(lambda s: s.get_one(Touchpoint, touch_id))
    return touch.starts_at, touch.ends_at


def _by(canvas: WeekCanvas, days: float, hours: float) -> QPoint:
    """The mouse's way across ``days`` and down ``hours`` of the grid."""
    day_w, _, hour_h = canvas._metrics()
    return QPoint(round(days * day_w), round(hours * hour_h))


def _action(menu: QMenu, text: str) -> QAction | None:
    return next((a for a in menu.actions() if a.text() == text), None)


def test_move_in_a_suggestions_menu_opens_the_plans_dialog_and_undoes_alike(
    week_window: MainWindow,
) -> None:
    touch_id, item, _ = _ingrid(week_window)
    menu = week_window.week.menu_for(item)
    move = _action(menu, "Move…")
    assert move is not None
    assert "another slot" in move.statusTip()
    move.trigger()
    menu.deleteLater()
    dialog = week_window.week.findChild(MoveDialog)
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.windowTitle() == "Move Business review with Ingrid Bauer"
    show_wall_time(dialog.start, date(2026, 11, 26), time(14, 0))
    dialog.accept()
    thursday_14 = datetime(2026, 11, 26, 13, tzinfo=UTC)  # 14:00 in Berlin
    assert _starts_at(week_window, touch_id) == (thursday_14, thursday_14 + HOUR)
    assert week_window.undo_action.text() == "&Undo Move Business review with Ingrid Bauer"
    week_window.undo_action.trigger()
    assert _starts_at(week_window, touch_id) == (TUESDAY_10, TUESDAY_10 + HOUR)


def test_move_for_a_touch_a_re_plan_replaced_meanwhile_says_so(
    week_window: MainWindow,
) -> None:
    touch_id, item, _ = _ingrid(week_window)
    with week_window.workspace.session() as session:  # as a re-plan finishing meanwhile would
        session.delete(session.get_one(Touchpoint, touch_id))
    assert week_window.week.ask_move(item) is None
    assert "no longer exists" in week_window.last_message


def test_an_accepted_touch_moves_from_its_menu_and_a_done_one_does_not(
    week_window: MainWindow,
) -> None:
    accepted = _plan(week_window, INGRID, TUESDAY_10 + timedelta(days=1), TouchpointStatus.ACCEPTED)
    done = _plan(week_window, INGRID, TUESDAY_10 + timedelta(days=2), TouchpointStatus.DONE)
    week_window.workspace.changes.publish(ChangeSet(plan=True))
    canvas = week_window.week.canvas
    for touch_id, movable in ((accepted, True), (done, False)):
        menu = week_window.week.menu_for(_entry(canvas, touch_id)[0])
        assert (_action(menu, "Move…") is not None) is movable
        menu.deleteLater()


def test_dragging_a_block_moves_the_touch_to_the_quarter_hour_it_is_dropped_on(
    week_window: MainWindow,
) -> None:
    canvas = week_window.week.canvas
    touch_id, item, at = _ingrid(week_window)
    # Two days on and an hour and a quarter down: Thursday 11:15 in Berlin.
    to = at + _by(canvas, 2, 1.25) + QPoint(0, 2)
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, pos=at)
    QTest.mouseMove(canvas, to)
    landing = datetime(2026, 11, 26, 10, 15, tzinfo=UTC)
    assert canvas.drag.target() == landing
    assert canvas.cursor().shape() == Qt.CursorShape.ClosedHandCursor
    # The outline is painted where it would land, over the empty Thursday.
    image = canvas.grab().toImage()
    assert image.pixelColor(to.x(), to.y()).name() != "#ffffff"
    assert _starts_at(week_window, touch_id) == (TUESDAY_10, TUESDAY_10 + HOUR)  # not yet
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=to)

    assert _starts_at(week_window, touch_id) == (landing, landing + HOUR)  # the length kept
    assert canvas.drag.target() is None
    moved = canvas.selected()
    assert moved is not None
    assert moved.touchpoint_id == touch_id  # it stays selected where it went
    assert week_window.undo_action.text() == "&Undo Move Business review with Ingrid Bauer"
    QTest.keyClick(week_window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _starts_at(week_window, touch_id) == (TUESDAY_10, TUESDAY_10 + HOUR)
    assert item in canvas.items


def test_a_movement_under_the_drag_distance_is_a_click(
    week_window: MainWindow, qtbot: QtBot
) -> None:
    canvas = week_window.week.canvas
    touch_id, item, at = _ingrid(week_window)
    undoable = week_window.workspace.undo_stack.count()
    near = at + QPoint(QApplication.startDragDistance() - 1, 0)
    QTest.mouseMove(canvas, at)
    assert canvas.cursor().shape() == Qt.CursorShape.OpenHandCursor  # it can be taken
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, pos=at)
    QTest.mouseMove(canvas, near)
    assert canvas.drag.target() is None
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=near)
    assert canvas.selected() == item
    assert _starts_at(week_window, touch_id) == (TUESDAY_10, TUESDAY_10 + HOUR)
    assert week_window.workspace.undo_stack.count() == undoable
    with qtbot.waitSignal(canvas.stakeholder_activated) as opened:
        QTest.mouseDClick(canvas, Qt.MouseButton.LeftButton, pos=at)
    assert opened.args == [INGRID]
    # The same press taken further is a drag.
    week_window.tabs.setCurrentWidget(week_window.week)
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, pos=at)
    QTest.mouseMove(canvas, near)
    QTest.mouseMove(canvas, at + QPoint(QApplication.startDragDistance() + 1, 0) + _by(
        canvas, 0, 1))
    assert canvas.drag.target() == TUESDAY_10 + HOUR
    QTest.keyClick(canvas, Qt.Key.Key_Escape)
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=near)


def test_escape_puts_a_dragged_block_back(week_window: MainWindow) -> None:
    canvas = week_window.week.canvas
    touch_id, item, at = _ingrid(week_window)
    undoable = week_window.workspace.undo_stack.count()
    to = at + _by(canvas, 1, 2)
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, pos=at)
    QTest.mouseMove(canvas, to)
    assert canvas.drag.target() is not None
    QTest.keyClick(canvas, Qt.Key.Key_Escape)
    assert canvas.drag.target() is None
    assert canvas.grab().toImage().pixelColor(to.x(), to.y()).name() == "#ffffff"  # no outline
    assert canvas.selected() == item  # Escape took the drag back, not the selection
    QTest.mouseMove(canvas, to + QPoint(0, 10))
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=to + QPoint(0, 10))
    assert _starts_at(week_window, touch_id) == (TUESDAY_10, TUESDAY_10 + HOUR)
    assert week_window.workspace.undo_stack.count() == undoable


def test_a_drop_outside_their_reachable_hours_is_refused_and_said(
    week_window: MainWindow,
) -> None:
    megan = _plan(week_window, MEGAN, TUESDAY_15, TouchpointStatus.SUGGESTED)
    week_window.workspace.changes.publish(ChangeSet(plan=True))
    canvas = week_window.week.canvas
    undoable = week_window.workspace.undo_stack.count()
    _, at = _entry(canvas, megan)
    to = at - _by(canvas, 0, 4)  # 11:00 in Berlin is 05:00 in New York
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, pos=at)
    QTest.mouseMove(canvas, to)
    assert canvas.drag.target() == TUESDAY_15 - 4 * HOUR
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=to)

    assert "outside Megan Brooks's reachable hours" in week_window.last_message
    boxes = [box for box in week_window.findChildren(QMessageBox) if box.isVisible()]
    assert len(boxes) == 1
    assert "reachable hours" in boxes[0].text()
    boxes[0].close()
    assert _starts_at(week_window, megan) == (TUESDAY_15, TUESDAY_15 + HOUR)
    assert week_window.workspace.undo_stack.count() == undoable
    assert canvas.drag.target() is None


def test_a_done_touch_does_not_drag(week_window: MainWindow) -> None:
    done = _plan(week_window, INGRID, TUESDAY_10 + timedelta(days=1), TouchpointStatus.DONE)
    week_window.workspace.changes.publish(ChangeSet(plan=True))
    canvas = week_window.week.canvas
    undoable = week_window.workspace.undo_stack.count()
    item, at = _entry(canvas, done)
    assert item.title.startswith("✓ ")  # its interaction is logged
    QTest.mouseMove(canvas, at)
    assert canvas.cursor().shape() != Qt.CursorShape.OpenHandCursor
    to = at + _by(canvas, 1, 2)
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, pos=at)
    QTest.mouseMove(canvas, to)
    assert canvas.drag.target() is None
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=to)
    assert canvas.selected() == item  # the press still selects it
    assert _starts_at(week_window, done)[0] == TUESDAY_10 + timedelta(days=1)
    assert week_window.workspace.undo_stack.count() == undoable
    # A suggestion beside it still does.
    _, _, ingrid = _ingrid(week_window)
    QTest.mouseMove(canvas, ingrid)
    assert canvas.cursor().shape() == Qt.CursorShape.OpenHandCursor


def test_a_drop_lands_on_the_nearest_quarter_hour_within_the_hours_shown() -> None:
    berlin = "Europe/Berlin"
    start = datetime(2026, 11, 24, 9, 5, tzinfo=UTC)  # 10:05 in Berlin
    assert landing(start, berlin, 2, 52, (7, 20)) == datetime(2026, 11, 26, 10, tzinfo=UTC)
    assert landing(start, berlin, 0, -600, (7, 20)) == datetime(2026, 11, 24, 6, tzinfo=UTC)
    assert landing(start, berlin, 0, 900, (7, 20)) == datetime(2026, 11, 24, 18, 45, tzinfo=UTC)
    # 02:30 does not exist in Berlin on 28 March 2027: the block goes to 03:30, after the gap.
    night = datetime(2027, 3, 27, 23, tzinfo=UTC)  # midnight
    assert landing(night, berlin, 0, 150, (0, 24)).strftime("%H:%M") == "03:30"


def _tints(canvas: WeekCanvas, around: QPoint) -> tuple[int, int]:
    """How many pixels near ``around`` lean red and how many lean blue (the outline's tints)."""
    image = canvas.grab().toImage()
    red = blue = 0
    for dx in range(-12, 13, 2):
        for dy in range(-4, 5, 2):
            colour = image.pixelColor(around.x() + dx, around.y() + dy)
            red += colour.red() > colour.blue() + 15
            blue += colour.blue() > colour.red() + 15
    return red, blue


def test_while_dragging_the_bar_says_where_the_entry_would_land_until_escape(
    week_window: MainWindow, qtbot: QtBot
) -> None:
    week = week_window.week
    canvas = week.canvas
    touch_id, _, at = _ingrid(week_window)
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, pos=at)
    before = week.details.full_text()
    assert "Ingrid Bauer" in before  # the press selected the block: the bar tells of it
    to = at + _by(canvas, 2, 1.25) + QPoint(0, 2)  # Thursday 11:15 in Berlin
    QTest.mouseMove(canvas, to)

    said = week.details.full_text()
    assert said.startswith("Move to Thu 26 Nov 11:15–12:15 — release to drop, Esc to cancel")
    assert said.endswith("Business review with Ingrid Bauer")
    assert "their time" not in said  # she is in Berlin, as the manager is
    assert not canvas.drag.refused()
    red, blue = _tints(canvas, to + QPoint(0, 8))
    assert blue > red  # the outline is blue
    # A pixel further, in the same quarter hour: nothing new is asked or said.
    with qtbot.assertNotEmitted(canvas.drag.target_changed):
        QTest.mouseMove(canvas, to + QPoint(1, 1))
    assert _starts_at(week_window, touch_id) == (TUESDAY_10, TUESDAY_10 + HOUR)  # a trial only
    QTest.keyClick(canvas, Qt.Key.Key_Escape)
    assert week.details.full_text() == before
    assert week_window.statusBar().currentMessage() == ""
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=to)
    assert week.details.full_text() == before


def test_over_a_slot_the_core_refuses_the_bar_says_why_before_the_drop(
    week_window: MainWindow,
) -> None:
    megan = _plan(week_window, MEGAN, TUESDAY_15, TouchpointStatus.SUGGESTED)
    week_window.workspace.changes.publish(ChangeSet(plan=True))
    week = week_window.week
    canvas = week.canvas
    undoable = week_window.workspace.undo_stack.count()
    _, at = _entry(canvas, megan)
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, pos=at)
    to = at - _by(canvas, 0, 4)  # 11:00 in Berlin is 05:00 in New York
    QTest.mouseMove(canvas, to)

    said = week.details.full_text()
    assert said.startswith("Not here: Tue 2026-11-24 05:00 (America/New_York) is "
                           "outside Megan Brooks's reachable hours")  # the core's words
    assert week_window.statusBar().currentMessage() == said  # whole, where the bar elides
    assert canvas.drag.refused()
    red, blue = _tints(canvas, to + QPoint(0, 8))
    assert red > blue  # the outline turns red

    # An hour after where it was, 10:00 in New York, will do; her time is said too.
    to = at + _by(canvas, 0, 1)
    QTest.mouseMove(canvas, to)
    said = week.details.full_text()
    assert said.startswith("Move to Tue 24 Nov 16:00–17:00 (10:00 their time, "
                           "America/New_York) — release to drop")
    assert not canvas.drag.refused()
    red, blue = _tints(canvas, to + QPoint(0, 8))
    assert blue > red
    assert _starts_at(week_window, megan) == (TUESDAY_15, TUESDAY_15 + HOUR)  # a trial only
    assert week_window.workspace.undo_stack.count() == undoable
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=to)

    assert _starts_at(week_window, megan) == (TUESDAY_15 + HOUR, TUESDAY_15 + 2 * HOUR)
    assert week.details.full_text().startswith("Tue 24 Nov 16:00–17:00 · Megan Brooks")
