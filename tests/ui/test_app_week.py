"""The week canvas: blocks land on the right day and hour, short ones stay readable, and
hovering a block tells what it is."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QHelpEvent
from PySide6.QtWidgets import QToolTip
from pytestqt.qtbot import QtBot

from cadence.week_agenda import ItemKind, WeekItem
from tests.ui.conftest import MONDAY, NOW, shown_canvas
from ui.commands import log_interaction_command
from ui.main_window import MainWindow
from ui.week_view import MIN_BLOCK, visible_hours


def test_blocks_sit_on_their_day_and_hour(qtbot: QtBot) -> None:
    # 09:00 UTC on Tuesday is 10:00 in Berlin; an email of five minutes on Wednesday.
    meeting = WeekItem(ItemKind.BUSY, datetime(2026, 11, 24, 9, tzinfo=UTC),
                       datetime(2026, 11, 24, 10, tzinfo=UTC), "Board", "work.ics")
    email = WeekItem(ItemKind.TOUCH, datetime(2026, 11, 25, 13, tzinfo=UTC),
                     datetime(2026, 11, 25, 13, 5, tzinfo=UTC), "Email · Ingrid", "email")
    canvas = shown_canvas(qtbot, [meeting, email])
    rects = {item.title: rect for rect, item in canvas._rects}
    day_width = (canvas.width() - 48) / 7
    assert 48 + day_width < rects["Board"].center().x() < 48 + 2 * day_width
    hour = (rects["Board"].top() - (34 + 22)) / ((canvas.height() - 34 - 22 - 4) / 13)
    assert round(hour) == 3  # 10:00 is three hours below 07:00
    assert rects["Email · Ingrid"].height() >= MIN_BLOCK - 2


def test_hovering_a_block_explains_it(qtbot: QtBot) -> None:
    start = datetime(2026, 11, 24, 9, tzinfo=UTC)
    item = WeekItem(ItemKind.TOUCH, start, start + timedelta(hours=1), "Business review · Ingrid",
                    "video; Last contact 40 days ago")
    canvas = shown_canvas(qtbot, [item])
    rect, _ = canvas._rects[0]
    at = rect.center().toPoint()
    event = QHelpEvent(QEvent.Type.ToolTip, at, canvas.mapToGlobal(at))
    assert canvas.event(event)
    assert "Last contact 40 days ago" in QToolTip.text()
    assert "Tue 24 Nov 10:00–11:00" in QToolTip.text()
    QToolTip.hideText()
    assert canvas.event(QHelpEvent(QEvent.Type.ToolTip, QPoint(1, 1), canvas.mapToGlobal(
        QPoint(1, 1))))


def test_double_clicking_a_touch_names_its_stakeholder(qtbot: QtBot) -> None:
    start = datetime(2026, 11, 24, 9, tzinfo=UTC)
    item = WeekItem(ItemKind.TOUCH, start, start + timedelta(hours=1), "Coffee · Ingrid", "",
                    stakeholder_id=7)
    canvas = shown_canvas(qtbot, [item])
    rect, _ = canvas._rects[0]
    with qtbot.waitSignal(canvas.stakeholder_activated) as activated:
        qtbot.mouseDClick(canvas, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert activated.args == [7]


def test_right_clicking_a_touch_asks_for_its_menu_and_busy_time_does_not(qtbot: QtBot) -> None:
    start = datetime(2026, 11, 24, 9, tzinfo=UTC)
    touch = WeekItem(ItemKind.SUGGESTION, start, start + timedelta(hours=1), "Ingrid · Coffee",
                     "suggested", stakeholder_id=7, touchpoint_id=3)
    busy = WeekItem(ItemKind.BUSY, start + timedelta(days=1), start + timedelta(days=1, hours=1),
                    "Board", "work.ics")
    canvas = shown_canvas(qtbot, [touch, busy])
    asked: list[WeekItem] = []
    canvas.menu_requested.connect(lambda item, _at: asked.append(item))
    for rect, _ in canvas._rects:
        at = rect.center().toPoint()
        canvas.contextMenuEvent(QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at,
                                                  canvas.mapToGlobal(at)))
    assert asked == [touch]


def test_touches_that_meet_sit_side_by_side_and_stay_in_their_day(qtbot: QtBot) -> None:
    # Three five-minute emails a quarter hour apart, and a lone one in the afternoon.
    start = datetime(2026, 11, 24, 9, tzinfo=UTC)
    emails = [WeekItem(ItemKind.SUGGESTION, start + timedelta(minutes=15 * n),
                       start + timedelta(minutes=15 * n + 5), f"Person {n} · Email", "")
              for n in range(3)]
    lone = WeekItem(ItemKind.TOUCH, start + timedelta(hours=5),
                    start + timedelta(hours=5, minutes=5), "Lone · Email", "")
    canvas = shown_canvas(qtbot, [*emails, lone])
    canvas.resize(910, 300)  # a short canvas: a quarter hour is less than a block's height
    canvas.grab()
    rects = {item.title: rect for rect, item in canvas._rects}
    day_width = (canvas.width() - 48) / 7
    tuesday = (48 + day_width, 48 + 2 * day_width)
    morning = [rects[e.title] for e in emails]
    for n, rect in enumerate(morning):
        assert tuesday[0] <= rect.left()
        assert rect.right() <= tuesday[1]
        assert not any(rect.intersects(other) for other in morning[n + 1:])
    assert rects["Lone · Email"].width() > 1.5 * morning[0].width()  # alone: the full width


def test_a_touch_beside_busy_time_leaves_the_busy_label_readable(qtbot: QtBot) -> None:
    # A quarter-hour call just before a stand-up: drawn a line tall, it meets the stand-up.
    start = datetime(2026, 11, 24, 8, 15, tzinfo=UTC)
    call = WeekItem(ItemKind.TOUCH, start, start + timedelta(minutes=15), "Petra · Call", "")
    standup = WeekItem(ItemKind.BUSY, start + timedelta(minutes=15),
                       start + timedelta(minutes=30), "Team stand-up", "work.ics")
    canvas = shown_canvas(qtbot, [call, standup])
    canvas.resize(910, 300)
    canvas.grab()
    rects = {item.title: rect for rect, item in canvas._rects}
    assert not rects["Petra · Call"].intersects(rects["Team stand-up"])
    assert rects["Team stand-up"].width() > 40


def test_all_day_events_on_one_day_sit_side_by_side(qtbot: QtBot) -> None:
    tuesday = datetime(2026, 11, 23, 23, tzinfo=UTC)  # midnight in Berlin
    holiday = WeekItem(ItemKind.BUSY, tuesday, tuesday + timedelta(days=1), "Public holiday",
                       "work.ics", all_day=True)
    offsite = WeekItem(ItemKind.BUSY, tuesday, tuesday + timedelta(days=2), "Offsite",
                       "work.ics", all_day=True)
    canvas = shown_canvas(qtbot, [holiday, offsite])
    rects = [(item.title, rect) for rect, item in canvas._rects]
    on_tuesday = [rect for title, rect in rects if rect.left() < 48 + 2 * (910 - 48) / 7]
    assert len(on_tuesday) == 2
    assert not on_tuesday[0].intersects(on_tuesday[1])


def test_the_week_widens_its_hours_to_an_evening_dinner_or_an_early_flight() -> None:
    dinner = WeekItem(ItemKind.BUSY, datetime(2026, 11, 27, 18, 30, tzinfo=UTC),
                      datetime(2026, 11, 27, 21, tzinfo=UTC), "Client dinner", "work.ics")
    flight = WeekItem(ItemKind.BUSY, datetime(2026, 11, 26, 5, 30, tzinfo=UTC),
                      datetime(2026, 11, 26, 6, 45, tzinfo=UTC), "Early flight", "work.ics")
    assert visible_hours([], "Europe/Berlin", (7, 19)) == (7, 19)
    # 19:30-22:00 and 06:30-07:45 in Berlin.
    assert visible_hours([dinner, flight], "Europe/Berlin", (7, 19)) == (6, 22)
    night = WeekItem(ItemKind.BUSY, datetime(2026, 11, 25, 21, tzinfo=UTC),
                     datetime(2026, 11, 26, 5, tzinfo=UTC), "Night flight", "work.ics")
    assert visible_hours([night], "Europe/Berlin", (7, 19)) == (0, 24)  # 22:00 to 06:00


def test_clicking_an_entry_selects_it_until_another_week_is_shown(qtbot: QtBot) -> None:
    start = datetime(2026, 11, 24, 9, tzinfo=UTC)
    item = WeekItem(ItemKind.TOUCH, start, start + timedelta(hours=1), "Coffee · Ingrid", "",
                    stakeholder_id=7, touchpoint_id=3)
    canvas = shown_canvas(qtbot, [item])
    rect, _ = canvas.blocks()[0]
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert canvas.selected() == item
    canvas.set_week(MONDAY, "Europe/Berlin", [item], (7, 20), {0, 1, 2, 3, 4}, MONDAY)
    assert canvas.selected() == item  # a refresh keeps it
    canvas.set_week(MONDAY + timedelta(days=7), "Europe/Berlin", [], (7, 20), {0, 1, 2, 3, 4},
                    MONDAY)
    assert canvas.selected() is None


def test_the_managers_public_holidays_show_as_days_off(window: MainWindow, qtbot: QtBot) -> None:
    # The demo's manager works in Berlin: Christmas Day and the day after are days off there.
    week = window.week
    window.tabs.setCurrentWidget(week)
    week.go(28)  # the week of Monday 21 December 2026
    canvas = week.canvas
    assert canvas.days_off == {date(2026, 12, 25): "Christmas Day",
                               date(2026, 12, 26): "Second Day of Christmas"}
    friday = QPoint(int(48 + 4.5 * (canvas.width() - 48) / 7), 20)
    assert canvas.event(QHelpEvent(QEvent.Type.ToolTip, friday, canvas.mapToGlobal(friday)))
    assert QToolTip.text() == "Christmas Day: a public holiday where you work (no touches)"
    QToolTip.hideText()
    week.go(-28)
    assert canvas.days_off == {}


def test_the_week_counts_its_touches_against_the_weekly_limit(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.tabs.setCurrentWidget(window.week)
    window.show()
    qtbot.waitExposed(window)
    label = window.week.touches
    qtbot.waitUntil(lambda: label.text() != "")
    before = int(label.text().split()[0])
    assert "of your" not in label.text()  # no limit in the demo workspace

    ingrid = 1  # Ingrid Bauer in the demo workspace
    window.workspace.execute(log_interaction_command(
        window.workspace, ingrid, kind_key="coffee", when=NOW - timedelta(hours=1)))
    assert int(label.text().split()[0]) == before + 1  # an interaction logged this Monday

    dialog = window.open_settings()
    qtbot.addWidget(dialog)
    dialog.touch_limit.setValue(0)
    dialog.accept()
    assert label.text().endswith(f" of your 0 a week: {before + 1} over")
    window.workspace.undo_stack.undo()
    assert "of your" not in label.text()
