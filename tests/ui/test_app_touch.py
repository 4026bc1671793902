"""Planning a touch yourself: from the menu for the selected person, or from free time in the
week; the core's refusal shows at the field and saves nothing; undo takes it back."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from cadence.interactions import interactions_of
from cadence.models import Stakeholder
from cadence.timezones import zone
from cadence.touchpoints import add_touchpoint
from cadence.week_agenda import ItemKind
from tests.ui.conftest import NOW, ZONE
from ui.entry_dialogs import TouchDialog
from ui.form_widgets import show_wall_time
from ui.main_window import MainWindow


def _person_id(window: MainWindow, name: str) -> int:
    return window.workspace.read(
        lambda s: s.scalar(select(Stakeholder.id).where(Stakeholder.name == name)))


def _open_from_menu(window: MainWindow, qtbot: QtBot) -> TouchDialog:
    window.touch_action.trigger()
    dialog = window.findChild(TouchDialog)
    assert isinstance(dialog, TouchDialog)
    qtbot.addWidget(dialog)
    return dialog


def _set_when(dialog: TouchDialog, day: QDate, hour: int) -> None:
    show_wall_time(dialog.when, date(day.year(), day.month(), day.day()), time(hour, 0))


def test_a_touch_planned_from_the_menu_is_accepted_shown_and_undoable(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.stakeholders.select(_person_id(window, "Priya Shah"))
    dialog = _open_from_menu(window, qtbot)
    assert dialog.person.currentText() == "Priya Shah (Harbour Health)"
    dialog.kind.setCurrentIndex(dialog.kind.findData("email-checkin"))
    assert dialog.kind.findData("hackathon") == -1, "invitations come from the plan"
    thursday = QDate(2026, 11, 26)
    _set_when(dialog, thursday, 10)
    assert dialog.their_time.text() == "Their time: Thu 26 Nov 09:00 (Europe/London)"
    dialog.accept()
    assert not dialog.isVisible()
    assert window.undo_action.text() == (
        "&Undo Plan Short email / IM check-in with Priya Shah (Harbour Health)")

    window.tabs.setCurrentWidget(window.plan)
    accepted = window.plan.accepted.touch_rows()
    assert [(r.stakeholder, r.kind, r.channel) for r in accepted] == [
        ("Priya Shah", "Short email / IM check-in", "email")]
    first = window.plan.accepted.index(0, 0)
    assert window.plan.accepted.index(0, 4, first).data() == "yours"
    week = window.week
    week.monday = datetime(2026, 11, 23).date()
    week.refresh()
    assert [i.title for i in week.canvas.items if i.kind is ItemKind.TOUCH] == [
        "Priya Shah · Short email / IM check-in"]

    window.undo_action.trigger()
    assert window.plan.accepted.touch_count() == 0


def test_the_dialog_offers_a_time_that_suits_them_and_keeps_one_you_give(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.stakeholders.select(_person_id(window, "Ethan Miller"))
    dialog = _open_from_menu(window, qtbot)
    dialog.kind.setCurrentIndex(dialog.kind.findData("email-checkin"))
    offered = dialog.start()
    theirs = offered.astimezone(zone("America/New_York"))
    assert offered > NOW
    assert 9 <= theirs.hour < 17, "within Ethan's reachable hours in New York"
    assert dialog.their_time.text() == f"Their time: {theirs:%a %d %b %H:%M} (America/New_York)"

    _set_when(dialog, QDate(2026, 11, 30), 16)
    dialog.person.setCurrentIndex(dialog.person.findText("Priya Shah (Harbour Health)"))
    assert dialog.start().astimezone(zone(ZONE)).hour == 16, "a time given stays"


def test_the_offered_time_is_taken_as_it_is(window: MainWindow, qtbot: QtBot) -> None:
    window.stakeholders.select(_person_id(window, "Ethan Miller"))
    dialog = _open_from_menu(window, qtbot)
    assert dialog.kind.currentData() == "email-checkin", "he takes no visits: not a coffee"
    dialog.accept()
    assert not dialog.isVisible(), dialog.errors.message_for("start")
    assert window.undo_action.text() == (
        "&Undo Plan Short email / IM check-in with Ethan Miller (Cascade Retail)")


def test_a_refused_touch_says_why_at_the_field_and_saves_nothing(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.stakeholders.select(_person_id(window, "Priya Shah"))
    dialog = _open_from_menu(window, qtbot)
    dialog.kind.setCurrentIndex(dialog.kind.findData("coffee"))
    _set_when(dialog, QDate(2026, 11, 26), 10)
    dialog.accept()
    assert dialog.isVisible()
    assert "which Priya Shah does not accept (email)" in dialog.errors.message_for("channel")

    dialog.kind.setCurrentIndex(dialog.kind.findData("email-checkin"))
    _set_when(dialog, QDate(2026, 11, 26), 21)
    dialog.accept()
    assert dialog.isVisible()
    assert "outside Priya Shah's reachable hours" in dialog.errors.message_for("start")
    assert window.plan.accepted.touch_count() == 0
    assert not window.workspace.undo_stack.canUndo()


def test_double_clicking_free_time_in_the_week_plans_a_touch_there(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.tabs.setCurrentWidget(window.week)
    canvas = window.week.canvas
    qtbot.waitExposed(canvas)
    wednesday = canvas.monday + timedelta(days=2)
    at_ten = datetime.combine(wednesday, datetime.min.time().replace(hour=10),
                              tzinfo=zone(ZONE))
    point = next(QPointF(x, y) for x in range(60, canvas.width(), 4)
                 for y in range(60, canvas.height(), 2)
                 if canvas.time_at(QPointF(x, y)) == at_ten)
    assert canvas.item_at(point) is None
    qtbot.mouseDClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(int(point.x()),
                                                                     int(point.y())))
    dialog = window.findChild(TouchDialog)
    assert isinstance(dialog, TouchDialog)
    qtbot.addWidget(dialog)
    assert dialog.start() == at_ten


FRIDAY = datetime(2026, 11, 20, 10, 0, tzinfo=zone(ZONE))  # before the tests' clock


def _accepted_last_friday(window: MainWindow, person_id: int) -> int:
    def add(session: Session) -> int:
        person = session.get(Stakeholder, person_id)
        assert person is not None
        return add_touchpoint(session, person, kind_key="email-checkin", start=FRIDAY,
                              now=FRIDAY - timedelta(days=3)).id

    return window.workspace.read(add)


def test_an_accepted_touch_whose_time_has_come_is_marked_done_with_how_it_went(
    window: MainWindow, qtbot: QtBot
) -> None:
    priya = _person_id(window, "Priya Shah")
    friday = FRIDAY

    def plan_next_week(session: Session) -> int:
        person = session.get(Stakeholder, priya)
        assert person is not None
        return add_touchpoint(session, person, kind_key="email-checkin",
                              start=friday + timedelta(days=6), now=NOW).id

    past = _accepted_last_friday(window, priya)
    future = window.workspace.read(plan_next_week)
    window.tabs.setCurrentWidget(window.plan)
    plan = window.plan
    plan.refresh()
    assert plan.select(future)
    assert not plan.done_button.isEnabled(), "a touch still to come cannot be done"
    assert plan.select(past)
    assert plan.done_button.isEnabled()
    index = plan.accepted.index_of(past)
    assert "mark it done" in plan.accepted.data(index, Qt.ItemDataRole.ToolTipRole)
    before = window.workspace.read(lambda s: len(interactions_of(s, priya)))

    good = next(a for a in plan.done_button.menu().actions() if a.text() == "★★★★ good")
    good.trigger()
    assert [r.id for r in plan.accepted.touch_rows()] == [future]
    logged = window.workspace.read(lambda s: [
        (i.kind.key, i.quality, i.occurred_at, i.touchpoint_id) for i in interactions_of(s, priya)])
    assert len(logged) == before + 1
    assert logged[0] == ("email-checkin", 4, friday.astimezone(UTC), past)

    window.undo_action.trigger()
    assert window.workspace.read(lambda s: len(interactions_of(s, priya))) == before
    assert plan.select(past)
    window.redo_action.trigger()
    assert window.workspace.read(lambda s: len(interactions_of(s, priya))) == before + 1


def test_the_week_offers_to_mark_a_past_accepted_touch_done(window: MainWindow) -> None:
    priya = _person_id(window, "Priya Shah")
    past = _accepted_last_friday(window, priya)
    week = window.week
    window.tabs.setCurrentWidget(week)
    week.monday = FRIDAY.date() - timedelta(days=4)
    week.refresh()
    (item,) = [i for i in week.canvas.items if i.touchpoint_id == past]
    menu = week.menu_for(item)
    (done,) = [a.menu() for a in menu.actions() if a.text() == "Mark done"]
    assert [a.text() for a in done.actions()][-1] == "not rated"
    done.actions()[-1].trigger()

    (item,) = [i for i in week.canvas.items if i.touchpoint_id == past]
    assert item.title == "✓ Priya Shah · Short email / IM check-in"
    assert [a.text() for a in week.menu_for(item).actions() if a.text()] == ["Open stakeholder"]
    logged = window.workspace.read(lambda s: next((i.quality, i.touchpoint_id)
                                              for i in interactions_of(s, priya)))
    assert logged == (None, past)
