"""Edit > Events: events with seats are changed in place, added and removed, undoably, and
never shrink below the seats taken."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from cadence.events import local_span
from cadence.models import Event, Stakeholder, Touchpoint
from cadence.vocabulary import Channel, TouchpointStatus
from tests.ui.conftest import NOW
from ui.events_dialog import EventsDialog, EventsModel
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
    add.day.setDate(QDate(2027, 3, 10))
    add.seats.setValue(4)
    add.accept()
    assert not add.isVisible()
    assert _saved(window, "Security summit") == (date(2027, 3, 10), 4, ["security", "ai"])
    qtbot.waitUntil(lambda: any(dialog.model.record(r).name == "Security summit"
                                for r in range(dialog.model.rowCount())))
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
