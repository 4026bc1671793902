"""The week from the keyboard: Tab reaches the calendar, arrow keys select an entry (outlined),
Enter opens its stakeholder, the Menu key its menu (with the plan's Accept, Dismiss with a
reason and Snooze), and keys move between weeks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QMenu
from pytestqt.qtbot import QtBot

from cadence.models import Touchpoint
from cadence.vocabulary import TouchpointStatus
from cadence.week_agenda import ItemKind, WeekItem
from tests.ui.conftest import NOW, shown_canvas
from ui.main_window import MainWindow
from ui.week_view import WeekCanvas

START = datetime(2026, 11, 23, 9, tzinfo=UTC)  # 10:00 in Berlin


def _item(kind: ItemKind, days: int, hours: float, title: str, *,
          touch: int | None = None) -> WeekItem:
    start = START + timedelta(days=days, hours=hours)
    return WeekItem(kind, start, start + timedelta(hours=1), title, "detail",
                    stakeholder_id=None if touch is None else 100 + touch, touchpoint_id=touch)



def _titles(canvas: WeekCanvas, keys: list[Qt.Key]) -> list[str]:
    seen = []
    for key in keys:
        QTest.keyClick(canvas, key)
        selected = canvas.selected()
        seen.append(selected.title if selected else "")
    return seen


def test_arrow_keys_walk_the_week_by_time_and_across_days(qtbot: QtBot) -> None:
    # Monday 10:00 and 14:00, nothing on Tuesday, Wednesday 13:00 and busy time on Thursday.
    items = [_item(ItemKind.SUGGESTION, 0, 0, "Ana · Coffee", touch=1),
             _item(ItemKind.TOUCH, 0, 4, "Ben · Call", touch=2),
             _item(ItemKind.SUGGESTION, 2, 3, "Cleo · Lunch", touch=3),
             _item(ItemKind.BUSY, 3, 0, "Board")]
    canvas = shown_canvas(qtbot, items)
    assert canvas.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert _titles(canvas, [Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Down]) == [
        "Ana · Coffee", "Ben · Call", "Cleo · Lunch"]
    # Right skips the empty Tuesday, to the block nearest in height; Left comes back to it.
    assert _titles(canvas, [Qt.Key.Key_Home, Qt.Key.Key_Right, Qt.Key.Key_Left]) == [
        "Ana · Coffee", "Cleo · Lunch", "Ben · Call"]
    assert _titles(canvas, [Qt.Key.Key_End, Qt.Key.Key_Up, Qt.Key.Key_Escape]) == [
        "Board", "Cleo · Lunch", ""]


def test_the_selected_entry_is_outlined_while_the_week_has_the_keyboard(qtbot: QtBot) -> None:
    canvas = shown_canvas(qtbot, [_item(ItemKind.SUGGESTION, 1, 0, "Ana · Coffee", touch=1)])
    canvas.activateWindow()
    canvas.setFocus()
    qtbot.waitUntil(canvas.hasFocus)

    def above_the_block() -> int:
        image = canvas.grab().toImage()
        rect, _ = canvas.blocks()[0]
        return image.pixelColor(int(rect.center().x()), int(rect.top()) - 1).lightness()

    unselected = above_the_block()
    QTest.keyClick(canvas, Qt.Key.Key_Down)
    assert canvas.selected() is not None
    assert above_the_block() < 60 < unselected  # a dark outline round it


def test_enter_opens_the_stakeholder_and_the_menu_key_asks_for_the_entry_menu(
    qtbot: QtBot
) -> None:
    items = [_item(ItemKind.SUGGESTION, 0, 0, "Ana · Coffee", touch=1),
             _item(ItemKind.BUSY, 1, 0, "Board")]
    canvas = shown_canvas(qtbot, items)
    asked: list[tuple[WeekItem, QPoint]] = []
    canvas.menu_requested.connect(lambda item, at: asked.append((item, at)))
    QTest.keyClick(canvas, Qt.Key.Key_Menu)
    assert asked == []  # nothing selected yet
    QTest.keyClick(canvas, Qt.Key.Key_Home)
    with qtbot.waitSignal(canvas.stakeholder_activated) as opened:
        QTest.keyClick(canvas, Qt.Key.Key_Return)
    assert opened.args == [101]
    QTest.keyClick(canvas, Qt.Key.Key_Menu)
    QTest.keyClick(canvas, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    assert [item for item, _ in asked] == [items[0], items[0]]
    rect, _ = canvas.blocks()[0]
    assert canvas.mapFromGlobal(asked[0][1]).y() == pytest.approx(rect.center().y(), abs=2)
    QTest.keyClick(canvas, Qt.Key.Key_Down)  # busy time has no menu
    QTest.keyClick(canvas, Qt.Key.Key_Menu)
    assert len(asked) == 2


# -- in the window ---------------------------------------------------------------------------


@pytest.fixture
def week_window(window: MainWindow, qtbot: QtBot) -> MainWindow:
    """The window with a fresh plan (two weeks), showing the current week."""
    window.plan.weeks.setValue(2)
    with qtbot.waitSignal(window.plan.replan_finished, timeout=90_000):
        window.replan()
    window.tabs.setCurrentWidget(window.week)
    window.activateWindow()
    qtbot.waitActive(window)
    return window


def _select_a_suggestion(window: MainWindow) -> WeekItem:
    canvas = window.week.canvas
    canvas.setFocus()
    QTest.keyClick(canvas, Qt.Key.Key_Home)
    for _ in range(len(canvas.items)):
        selected = canvas.selected()
        if selected is not None and selected.kind is ItemKind.SUGGESTION:
            return selected
        QTest.keyClick(canvas, Qt.Key.Key_Down)
    raise AssertionError("no suggestion in the week")


def _open_menu(window: MainWindow) -> QMenu:
    QTest.keyClick(window.week.canvas, Qt.Key.Key_Menu)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    return menu


def _action(menu: QMenu, text: str) -> QAction:
    return next(a for a in menu.actions() if a.text() == text)


def _touch(window: MainWindow, touch_id: int) -> tuple[TouchpointStatus, str, datetime | None]:
    touch = window.workspace.read(lambda s: s.get(Touchpoint, touch_id))
    assert touch is not None
    return touch.status, touch.status_reason, touch.snoozed_until


def test_tab_reaches_the_week_and_its_entry_says_what_it_is(
    week_window: MainWindow, qtbot: QtBot
) -> None:
    week, canvas = week_window.week, week_window.week.canvas
    week_window.tabs.tabBar().setFocus()
    for _ in range(6):
        if canvas.hasFocus():
            break
        QTest.keyClick(QApplication.focusWidget() or week_window, Qt.Key.Key_Tab)
    assert canvas.hasFocus()
    item = _select_a_suggestion(week_window)
    assert item.title in week.details.full_text()
    assert item.title in canvas.accessibleDescription()


def test_the_menu_key_snoozes_a_suggestion_as_the_plan_does(
    week_window: MainWindow, qtbot: QtBot
) -> None:
    item = _select_a_suggestion(week_window)
    assert item.touchpoint_id is not None
    order = [i.touchpoint_id for i in week_window.week.canvas._ordered_items()]
    menu = _open_menu(week_window)
    assert {"Accept", "Dismiss", "Dismiss with reason…", "Snooze", "Open stakeholder"} <= {
        a.text() for a in menu.actions()}
    snooze = _action(menu, "Snooze").menu()
    plan_snooze = week_window.plan.snooze_button.menu()
    assert isinstance(snooze, QMenu)
    assert [a.text() for a in snooze.actions()] == [a.text() for a in plan_snooze.actions()]
    _action(snooze, "for two weeks").trigger()
    menu.close()

    assert _touch(week_window, item.touchpoint_id)[0] is TouchpointStatus.SNOOZED
    assert _touch(week_window, item.touchpoint_id)[2] == NOW + timedelta(days=14)
    name, _, what = item.title.partition(" · ")
    assert week_window.undo_action.text() == f"&Undo Snooze {what} with {name}"
    # The selection moves on to the next entry, so the keyboard can work through the week.
    following = order[order.index(item.touchpoint_id) + 1]
    selected = week_window.week.canvas.selected()
    assert selected is not None
    assert selected.touchpoint_id == following

    week_window.undo_action.trigger()
    assert _touch(week_window, item.touchpoint_id)[0] is TouchpointStatus.SUGGESTED


def test_a_suggestion_is_dismissed_from_the_week_with_a_reason(
    week_window: MainWindow, qtbot: QtBot
) -> None:
    item = _select_a_suggestion(week_window)
    assert item.touchpoint_id is not None
    menu = _open_menu(week_window)
    _action(menu, "Dismiss with reason…").trigger()
    menu.close()
    dialog = week_window.week.findChild(QInputDialog)
    assert dialog is not None
    assert dialog.isVisible()
    dialog.setTextValue("Met them at the conference")
    dialog.accept()
    assert _touch(week_window, item.touchpoint_id)[:2] == (
        TouchpointStatus.DISMISSED, "Met them at the conference")
    week_window.undo_action.trigger()
    assert _touch(week_window, item.touchpoint_id)[:2] == (TouchpointStatus.SUGGESTED, "")


def test_keys_move_between_weeks_and_the_buttons_say_which(
    week_window: MainWindow, qtbot: QtBot
) -> None:
    week = week_window.week
    this_week = week.monday
    assert "Alt+Left" in week.previous_button.toolTip()
    assert "Alt+Right" in week.next_button.toolTip()
    assert "Alt+Home" in week.current_button.toolTip()
    QTest.keyClick(week_window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert week.monday == this_week + timedelta(days=7)
    assert "Week of 30 November 2026" in week.title.text()
    QTest.keyClick(week_window, Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)
    assert week.monday == this_week
    week.canvas.setFocus()
    QTest.keyClick(week.canvas, Qt.Key.Key_PageUp)
    assert week.monday == this_week - timedelta(days=7)
    QTest.keyClick(week.canvas, Qt.Key.Key_PageDown)
    QTest.keyClick(week.canvas, Qt.Key.Key_PageDown)
    assert week.monday == this_week + timedelta(days=7)
    QTest.keyClick(week_window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert week.monday == this_week
    week_window.tabs.setCurrentWidget(week_window.plan)  # the keys belong to the week
    QTest.keyClick(week_window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert week.monday == this_week
