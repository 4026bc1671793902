"""Edit > Touchpoint kinds: the manager tunes the catalogue in place and adds kinds, undoably."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSpinBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from cadence.catalogue import KindChanges, add_kind
from cadence.models import DISLIKE, LIKE, KindPreference, Stakeholder, TouchpointKind
from ui.kinds_dialog import NO_LEAD, KindsDialog, KindsModel
from ui.main_window import MainWindow


def _open(window: MainWindow, qtbot: QtBot) -> KindsDialog:
    dialog = window.open_kinds()
    qtbot.addWidget(dialog)
    return dialog


def _row(model: KindsModel, key: str) -> int:
    return next(r for r in range(model.rowCount()) if model.record(r).key == key)


def _kind(window: MainWindow, key: str) -> tuple[str, int, int | None] | None:
    """(name, value, reminder lead) of the kind ``key`` as saved, or None."""
    def read(session: Session) -> tuple[str, int, int | None] | None:
        kind = session.scalar(select(TouchpointKind).where(TouchpointKind.key == key))
        return None if kind is None else (kind.name, kind.value, kind.reminder_lead_minutes)
    return window.workspace.read(read)


def test_a_kind_s_value_is_changed_in_its_cell_and_undone(
    window: MainWindow, qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    dialog = _open(window, qtbot)
    model = dialog.model
    qtmodeltester.check(model)
    coffee = model.index(_row(model, "coffee"), KindsModel.VALUE)
    before = _kind(window, "coffee")
    assert before is not None
    assert model.index(coffee.row(), KindsModel.MINUTES).data() == "30 min"

    dialog.view.setCurrentIndex(coffee)
    dialog.view.edit(coffee)
    editor = dialog.view.findChild(QSpinBox)
    assert editor is not None
    assert (editor.minimum(), editor.maximum()) == (0, 10)
    editor.setValue(7)
    qtbot.keyClick(editor, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: model.record(_row(model, "coffee")).value == 7)
    assert _kind(window, "coffee") == (before[0], 7, before[2])
    window.undo_action.trigger()
    assert _kind(window, "coffee") == before


def test_a_kind_goes_back_to_the_workspace_reminder_and_an_empty_name_is_refused(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = _open(window, qtbot)
    model = dialog.model
    hackathon = _row(model, "hackathon")
    assert model.index(hackathon, KindsModel.REMINDER).data() == "1 day"

    assert model.setData(model.index(hackathon, KindsModel.REMINDER), NO_LEAD)
    saved = _kind(window, "hackathon")
    assert saved is not None
    assert saved[2] is None
    qtbot.waitUntil(lambda: model.index(hackathon, KindsModel.REMINDER).data() == "as in settings")

    assert not model.setData(model.index(hackathon, KindsModel.NAME), "  ")
    assert window.last_message == "name: a kind needs a name"
    assert _kind(window, "hackathon") == saved


def test_a_new_kind_takes_its_key_from_its_name_and_a_taken_key_is_refused(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = _open(window, qtbot)
    add = dialog.add_kind()
    qtbot.addWidget(add)
    qtbot.keyClicks(add.name, "Site visit!")
    assert add.key.text() == "site-visit"
    add.key.setText("coffee")
    add.accept()
    assert add.isVisible()
    assert add.errors.message_for("key") == "a kind 'coffee' already exists"

    add.key.setText("site-visit")
    add.minutes.setValue(120)
    add.purpose.setCurrentText("review")
    add.accept()
    assert not add.isVisible()
    qtbot.waitUntil(lambda: any(dialog.model.record(r).key == "site-visit"
                                for r in range(dialog.model.rowCount())))
    added = dialog.model.record(_row(dialog.model, "site-visit"))
    assert (added.name, added.duration_minutes, added.purpose) == ("Site visit!", 120, "review")
    window.undo_action.trigger()
    assert _kind(window, "site-visit") is None


def _opinions(window: MainWindow, key: str) -> list[tuple[str, str]]:
    """Who likes or dislikes the kind ``key``, as saved."""
    def read(session: Session) -> list[tuple[str, str]]:
        query = (select(Stakeholder.name, KindPreference.attitude)
                 .join(KindPreference.stakeholder).join(KindPreference.kind)
                 .where(TouchpointKind.key == key).order_by(Stakeholder.name))
        return [(name, attitude) for name, attitude in session.execute(query)]
    return window.workspace.read(read)


def test_an_unused_kind_is_removed_with_its_likes_and_undo_brings_both_back(
    window: MainWindow, qtbot: QtBot
) -> None:
    with window.workspace.session() as session:
        kind = add_kind(session, "site-visit", KindChanges(
            name="Site visit", value=6, pressure=2, duration_minutes=120, channel="in-person",
            purpose="review"))
        for person, attitude in (("Ingrid Bauer", LIKE), ("Jonas Weber", DISLIKE)):
            stakeholder = session.scalar(select(Stakeholder).where(Stakeholder.name == person))
            assert stakeholder is not None
            session.add(KindPreference(stakeholder=stakeholder, kind=kind, attitude=attitude))
    opinions = [("Ingrid Bauer", LIKE), ("Jonas Weber", DISLIKE)]
    assert _opinions(window, "site-visit") == opinions
    dialog = _open(window, qtbot)
    assert not dialog.remove_button.isEnabled()
    dialog.view.selectRow(_row(dialog.model, "site-visit"))
    assert dialog.remove_button.isEnabled()

    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)

    assert _kind(window, "site-visit") is None
    assert _opinions(window, "site-visit") == []
    qtbot.waitUntil(lambda: all(dialog.model.record(r).key != "site-visit"
                                for r in range(dialog.model.rowCount())))
    assert window.undo_action.text() == "&Undo Remove touchpoint kind “Site visit”"
    window.undo_action.trigger()
    assert _kind(window, "site-visit") == ("Site visit", 6, None)
    assert _opinions(window, "site-visit") == opinions
    window.redo_action.trigger()
    assert _kind(window, "site-visit") is None


def test_a_kind_the_history_uses_is_not_removed(window: MainWindow, qtbot: QtBot) -> None:
    dialog = _open(window, qtbot)
    before = _kind(window, "coffee")
    dialog.view.selectRow(_row(dialog.model, "coffee"))
    # As for accounts and events: Remove is off for what the history uses.
    assert dialog.model.record(_row(dialog.model, "coffee")).uses > 0
    assert not dialog.remove_button.isEnabled()
    dialog.remove_selected()  # and the core refuses it even so
    assert window.last_message is not None
    assert window.last_message.startswith("kind: 'coffee' is used by ")
    assert window.last_message.endswith("records; edit it instead")
    assert _kind(window, "coffee") == before
    assert not window.undo_action.isEnabled()
