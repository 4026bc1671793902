"""Edit > Events: events with seats are changed in place, added and removed, undoably, never
shrink below the seats taken, and last as long as the core allows."""

from __future__ import annotations

from datetime import date, time, timedelta

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import QApplication, QDateEdit, QSpinBox, QTimeEdit
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from cadence.events import MAX_EVENT_DAYS, local_span, venue_days
from cadence.models import Event, Stakeholder, Touchpoint
from cadence.vocabulary import Channel, TouchpointStatus
from tests.ui.conftest import NOW
from ui.events_dialog import EventsDialog, EventsModel
from ui.form_widgets import ZoneCombo
from ui.main_window import MainWindow


def _open(window: MainWindow, qtbot: QtBot) -> EventsDialog:
    dialog = window.open_events()
    qtbot.addWidget(dialog)
    return dialog


def _row(model: EventsModel, name: str) -> int:
    return next(r for r in range(model.rowCount()) if model.record(r).name == name)


def _saved(window: MainWindow, name: str) -> tuple[date, int, list[str]] | None:
    """(first day at the venue, seats, topics) of the event ``name`` as saved, or None."""
    def read(session: Session) -> tuple[date, int, list[str]] | None:
        event = session.scalar(select(Event).where(Event.name == name))
        return None if event is None else (local_span(event)[0].date(), event.seats,
                                           list(event.topics))
    return window.workspace.read(read)


def _invite(window: MainWindow, event_name: str, person: str, status: TouchpointStatus) -> None:
    with window.workspace.session() as session:
        event = session.scalar(select(Event).where(Event.name == event_name))
        who = session.scalar(select(Stakeholder).where(Stakeholder.name == person))
        assert event is not None
        assert who is not None
        start = NOW + timedelta(days=3)
        session.add(Touchpoint(
            stakeholder=who, kind=event.kind, channel=Channel.VIDEO, starts_at=start,
            ends_at=start + timedelta(minutes=15), timezone=who.timezone, status=status,
            event=event))


def test_an_event_moves_to_another_day_in_its_cell_and_back_with_undo(
    window: MainWindow, qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    dialog = _open(window, qtbot)
    model = dialog.model
    qtmodeltester.check(model)
    before = _saved(window, "Cloud Cost Workshop")
    assert before is not None
    cell = model.index(_row(model, "Cloud Cost Workshop"), EventsModel.DAY)
    assert cell.data() == f"{before[0]:%a %d %b %Y}"

    dialog.view.setCurrentIndex(cell)
    dialog.view.edit(cell)
    editor = dialog.view.findChild(QDateEdit)
    assert editor is not None
    editor.setDate(QDate(2027, 2, 5))
    qtbot.keyClick(editor, Qt.Key.Key_Return)

    # The date editor commits once its key press is processed.
    qtbot.waitUntil(lambda: model.record(_row(model, "Cloud Cost Workshop")).day
                    == date(2027, 2, 5))
    assert _saved(window, "Cloud Cost Workshop") == (date(2027, 2, 5), *before[1:])
    window.undo_action.trigger()
    assert _saved(window, "Cloud Cost Workshop") == before


def _hours(window: MainWindow, name: str) -> tuple[str, str]:
    """The event's start and end at the venue as saved, as ``"Thu 14 18:00"``."""
    def read(session: Session) -> tuple[str, str]:
        event = session.scalar(select(Event).where(Event.name == name))
        assert event is not None
        starts, ends = local_span(event)
        return f"{starts:%a %d %H:%M}", f"{ends:%a %d %H:%M}"
    return window.workspace.read(read)


def test_an_event_s_hours_change_in_their_cells_and_an_end_before_the_start_is_refused(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = _open(window, qtbot)
    model = dialog.model
    row = _row(model, "Cloud Cost Workshop")
    start_cell = model.index(row, EventsModel.START)
    assert (start_cell.data(), model.index(row, EventsModel.END).data()) == ("09:00", "17:00")
    first = _hours(window, "Cloud Cost Workshop")[0][:6]

    dialog.view.setCurrentIndex(start_cell)
    dialog.view.edit(start_cell)
    editor = dialog.view.findChild(QTimeEdit)
    assert editor is not None
    editor.setTime(QTime(13, 30))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.record(_row(model, "Cloud Cost Workshop")).start == time(13, 30))
    assert _hours(window, "Cloud Cost Workshop") == (f"{first} 13:30", f"{first} 17:00")

    assert not model.setData(model.index(row, EventsModel.END), time(12))
    assert window.last_message == ("hours: the event ends (12:00 on its last day) before it "
                                   "starts (13:30 on its first)")
    assert _hours(window, "Cloud Cost Workshop") == (f"{first} 13:30", f"{first} 17:00")
    window.undo_action.trigger()
    assert _hours(window, "Cloud Cost Workshop") == (f"{first} 09:00", f"{first} 17:00")


def test_seats_never_go_below_those_taken(window: MainWindow, qtbot: QtBot) -> None:
    _invite(window, "Cloud Cost Workshop", "Ingrid Bauer", TouchpointStatus.ACCEPTED)
    dialog = _open(window, qtbot)
    model = dialog.model
    row = _row(model, "Cloud Cost Workshop")
    assert model.index(row, EventsModel.TAKEN).data() == 1
    dialog.view.selectRow(row)
    assert not dialog.remove_button.isEnabled()

    assert not model.setData(model.index(row, EventsModel.SEATS), 0)
    assert window.last_message == ("seats: 1 seat is taken (accepted invitations); it cannot "
                                   "have 0")
    saved = _saved(window, "Cloud Cost Workshop")
    assert saved is not None
    assert saved[1] == 6

    assert model.setData(model.index(row, EventsModel.TOPICS), "cloud, FinOps")
    assert _saved(window, "Cloud Cost Workshop") == (saved[0], 6, ["cloud", "finops"])


def test_a_new_event_is_added_and_a_nameless_one_refused(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = _open(window, qtbot)
    add = dialog.add_event()
    qtbot.addWidget(add)
    qtbot.keyClicks(add.topics, "security, AI")
    add.accept()
    assert add.isVisible()
    assert add.errors.message_for("name") == "an event needs a name"

    qtbot.keyClicks(add.name, "Security summit")
    add.day.setDate(QDate(2026, 11, 2))
    add.accept()
    assert add.isVisible()
    assert add.errors.message_for("day").startswith("2026-11-02 is over")

    add.day.setDate(QDate(2027, 3, 10))
    add.start.setTime(QTime(18, 0))
    add.end.setTime(QTime(9, 0))
    add.accept()
    assert add.isVisible()
    assert add.errors.message_for("hours") == ("the event ends (09:00 on its last day) before "
                                               "it starts (18:00 on its first)")

    add.end.setTime(QTime(21, 30))
    qtbot.keyClicks(add.url, "https://example.com/summit")
    add.seats.setValue(4)
    add.accept()
    assert not add.isVisible()
    assert _saved(window, "Security summit") == (date(2027, 3, 10), 4, ["security", "ai"])
    assert _hours(window, "Security summit") == ("Wed 10 18:00", "Wed 10 21:30")
    qtbot.waitUntil(lambda: any(dialog.model.record(r).name == "Security summit"
                                for r in range(dialog.model.rowCount())))
    row = _row(dialog.model, "Security summit")
    assert dialog.model.index(row, EventsModel.URL).data() == "https://example.com/summit"
    window.undo_action.trigger()
    assert _saved(window, "Security summit") is None


def test_removing_an_event_takes_its_suggested_invitations_and_undo_brings_both_back(
    window: MainWindow, qtbot: QtBot
) -> None:
    _invite(window, "Cloud Cost Workshop", "Ingrid Bauer", TouchpointStatus.SUGGESTED)

    def invitations(session: Session) -> int:
        return len(session.scalars(select(Touchpoint).join(Touchpoint.event)
                                   .where(Event.name == "Cloud Cost Workshop")).all())

    assert window.workspace.read(invitations) == 1
    dialog = _open(window, qtbot)
    dialog.view.selectRow(_row(dialog.model, "Cloud Cost Workshop"))
    assert dialog.remove_button.isEnabled()
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)

    assert _saved(window, "Cloud Cost Workshop") is None
    assert window.undo_action.text() == "&Undo Remove event “Cloud Cost Workshop”"
    window.undo_action.trigger()
    assert _saved(window, "Cloud Cost Workshop") is not None
    assert window.workspace.read(invitations) == 1


def test_the_topics_column_is_never_squeezed_and_takes_the_room_left(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = _open(window, qtbot)
    view, header = dialog.view, dialog.view.horizontalHeader()

    def topics_whole() -> bool:
        return header.sectionSize(EventsModel.TOPICS) >= max(
            view.sizeHintForColumn(EventsModel.TOPICS),
            header.sectionSizeHint(EventsModel.TOPICS))

    dialog.resize(700, 380)  # narrower than the columns: the table scrolls sideways
    qtbot.waitUntil(topics_whole)
    assert view.horizontalScrollBar().maximum() > 0
    dialog.resize(dialog.columns_width() + 300, 380)  # room to spare: Topics takes it
    qtbot.waitUntil(lambda: header.length() == view.viewport().width())
    assert topics_whole()


def _days(window: MainWindow, name: str) -> int:
    """How many days the event ``name`` spans at its venue, as saved."""
    def read(session: Session) -> int:
        event = session.scalar(select(Event).where(Event.name == name))
        assert event is not None
        return venue_days(event)[1]
    return window.workspace.read(read)


def test_an_event_can_last_as_many_days_as_the_core_allows(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = _open(window, qtbot)
    model = dialog.model
    cell = model.index(_row(model, "Cloud Cost Workshop"), EventsModel.DAYS)
    dialog.view.setCurrentIndex(cell)
    dialog.view.edit(cell)
    editor = dialog.view.findChild(QSpinBox)
    assert editor is not None
    assert editor.maximum() == MAX_EVENT_DAYS
    editor.selectAll()
    qtbot.keyClicks(editor, "45")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.index(_row(model, "Cloud Cost Workshop"),
                                        EventsModel.DAYS).data() == 45)
    assert _days(window, "Cloud Cost Workshop") == 45

    add = dialog.add_event()
    qtbot.addWidget(add)
    qtbot.keyClicks(add.name, "Residency")
    add.day.setDate(QDate(2027, 3, 1))
    assert add.days.maximum() == MAX_EVENT_DAYS
    add.days.selectAll()
    qtbot.keyClicks(add.days, "90")
    add.accept()
    assert not add.isVisible()
    assert _days(window, "Residency") == 90


def test_a_venue_zone_typed_in_part_is_completed_when_the_cell_is_left(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = _open(window, qtbot)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    model = dialog.model
    cell = model.index(_row(model, "Cloud Cost Workshop"), EventsModel.ZONE)
    dialog.view.setCurrentIndex(cell)
    dialog.view.edit(cell)
    editor = dialog.view.findChild(ZoneCombo)
    assert editor is not None
    editor.lineEdit().selectAll()
    qtbot.keyClicks(editor, "asia/sing")
    # Keys go to the completer's list while it is open, as the window system routes them.
    qtbot.keyClick(QApplication.activePopupWidget() or editor, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: model.index(_row(model, "Cloud Cost Workshop"),
                                        EventsModel.ZONE).data() == "Asia/Singapore")
