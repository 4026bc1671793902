"""The stakeholders pane and detail: add, edit a budget, log, commit, deliver, remove, undo."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QDate, QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from cadence.calendars.ics_export import Organizer, export_ics
from cadence.catalogue import kind_by_key
from cadence.models import Account, Commitment, Interaction, Stakeholder, Touchpoint
from cadence.vocabulary import Channel, CommitmentStatus, TouchpointStatus
from ui.entry_dialogs import DropCommitmentDialog, MoveDueDialog
from ui.main_window import MainWindow
from ui.resources import apply_look
from ui.stakeholder_model import SUMMARY_ROLE, Column
from ui.workspace import Workspace


def _row_text(window: MainWindow, name: str, column: Column) -> str:
    model = window.stakeholders.model
    for row in range(model.rowCount()):
        if model.summary(row).name == name:
            return str(model.index(row, column).data())
    raise AssertionError(f"{name} is not in the table")


def _person_id(window: MainWindow, name: str) -> int:
    return window.workspace.read(
        lambda s: s.scalar(select(Stakeholder.id).where(Stakeholder.name == name)))


def test_table_lists_demo_with_budget_and_flags(window: MainWindow) -> None:
    assert window.stakeholders.model.rowCount() == 25
    assert _row_text(window, "Ingrid Bauer", Column.BUDGET).endswith("/3 this quarter")
    cold = [window.stakeholders.model.summary(r) for r in range(25)]
    assert any(s.silence_overdue for s in cold)
    assert window.stakeholders.count.text() == "25 stakeholders"


def test_no_selection_shows_a_hint_not_an_empty_form(window: MainWindow) -> None:
    detail = window.detail
    if detail.stakeholder_id is not None:
        window.stakeholders.view.clearSelection()
        detail.show_stakeholder(None)
    assert detail.title.text() == "No stakeholder selected"
    assert "add a stakeholder (Ctrl+N)" in detail.subtitle.text()
    assert detail.tabs.isHidden()

    window.show_stakeholder(_person_id(window, "Ingrid Bauer"))
    assert detail.title.text() == "Ingrid Bauer"
    assert not detail.tabs.isHidden()


def test_add_stakeholder_selects_them_and_undo_removes(window: MainWindow, qtbot: QtBot) -> None:
    dialog = window.new_stakeholder()
    qtbot.addWidget(dialog)
    dialog.name.setText("Nora Quist")
    assert dialog.zone.currentText() == "Europe/Berlin"  # the manager's, to begin with
    dialog.account.setCurrentText("Harbour Health")
    assert dialog.zone.currentText() == usual_zone(window, "Harbour Health")
    dialog.zone.setCurrentText("America/Toronto")
    dialog.budget_max.setValue(2)
    dialog.accept()

    assert not dialog.isVisible()
    assert _row_text(window, "Nora Quist", Column.BUDGET) == "0/2 this quarter"
    assert window.detail.title.text() == "Nora Quist"
    assert window.stakeholders.current_id() == _person_id(window, "Nora Quist")

    window.undo_action.trigger()
    assert window.stakeholders.model.rowCount() == 25
    assert _person_id(window, "Nora Quist") is None
    window.redo_action.trigger()
    assert _row_text(window, "Nora Quist", Column.ACCOUNT) == "Harbour Health"
    assert window.workspace.read(lambda s: s.scalar(
        select(Stakeholder.timezone).where(Stakeholder.name == "Nora Quist"))) == "America/Toronto"


def test_undoing_a_person_at_a_new_account_takes_the_account_away_too(
    window: MainWindow, qtbot: QtBot
) -> None:
    def accounts() -> list[str]:
        return window.workspace.read(
            lambda s: list(s.scalars(select(Account.name).order_by(Account.name))))

    before = accounts()
    dialog = window.new_stakeholder()
    qtbot.addWidget(dialog)
    dialog.name.setText("Zoe Zed")
    dialog.account.setCurrentText("Acme Robotics")
    dialog.accept()
    assert "Acme Robotics" in accounts()
    window.undo_action.trigger()
    assert accounts() == before
    window.redo_action.trigger()
    assert _row_text(window, "Zoe Zed", Column.ACCOUNT) == "Acme Robotics"

    ingrid = _person_id(window, "Ingrid Bauer")
    window.stakeholders.select(ingrid)
    window.detail.profile.account.setCurrentText("Nordlicht AB")
    assert window.detail.profile.save()
    assert _row_text(window, "Ingrid Bauer", Column.ACCOUNT) == "Nordlicht AB"
    window.undo_action.trigger()
    assert _row_text(window, "Ingrid Bauer", Column.ACCOUNT) == "Northwind Logistics"
    assert "Nordlicht AB" not in accounts()
    window.redo_action.trigger()
    assert _row_text(window, "Ingrid Bauer", Column.ACCOUNT) == "Nordlicht AB"


def usual_zone(window: MainWindow, account: str) -> str:
    """The zone most of ``account``'s people are in, as the demo has it."""
    zones = window.workspace.read(lambda s: [p.timezone for p in s.scalars(
        select(Stakeholder).join(Stakeholder.account).where(Account.name == account))])
    return max(sorted(set(zones)), key=zones.count)


def test_a_zone_the_user_picked_is_not_replaced_by_the_accounts(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = window.new_stakeholder()
    qtbot.addWidget(dialog)
    dialog.zone.setCurrentText("Asia/Kolkata")
    dialog.account.setCurrentText("Harbour Health")
    assert dialog.zone.currentText() == "Asia/Kolkata"


def test_tab_leaves_the_notes_instead_of_typing_into_them(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.stakeholders.select(_person_id(window, "Ingrid Bauer"))
    notes = window.detail.profile.notes
    notes.setFocus()
    qtbot.keyClick(notes, Qt.Key.Key_Tab)
    assert notes.toPlainText() == ""
    assert not window.detail.profile.dirty


def test_a_very_long_name_wraps_instead_of_widening_the_window(
    window: MainWindow, qtbot: QtBot
) -> None:
    sid = _person_id(window, "Ingrid Bauer")
    with window.workspace.session() as session:
        session.get_one(Stakeholder, sid).name = "Maximiliane " * 14 + "Bauer"
    window.resize(1024, 700)
    window.stakeholders.reload()
    window.stakeholders.select(sid)
    qtbot.wait(50)
    assert window.width() == 1024
    assert window.minimumSizeHint().width() <= 1024


def test_new_stakeholder_without_name_shows_error_at_field(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = window.new_stakeholder()
    qtbot.addWidget(dialog)
    dialog.account.setCurrentText("Harbour Health")
    dialog.accept()

    assert dialog.isVisible()
    assert dialog.errors.message_for("name") == "a name is required"
    assert dialog.name.property("invalid") is True
    assert window.stakeholders.model.rowCount() == 25
    assert not window.workspace.undo_stack.canUndo()


def test_edit_budget_updates_table_and_undo_restores(window: MainWindow) -> None:
    window.stakeholders.select(_person_id(window, "Ingrid Bauer"))
    form = window.detail.profile
    used = _row_text(window, "Ingrid Bauer", Column.BUDGET).split("/")[0]
    form.budget_max.setValue(5)
    assert form.dirty
    assert form.save()

    assert _row_text(window, "Ingrid Bauer", Column.BUDGET) == f"{used}/5 this quarter"
    window.undo_action.trigger()
    assert _row_text(window, "Ingrid Bauer", Column.BUDGET) == f"{used}/3 this quarter"
    assert form.budget_max.value() == 3


def test_invalid_profile_is_shown_at_the_field_and_not_saved(window: MainWindow) -> None:
    sid = _person_id(window, "Ingrid Bauer")
    window.stakeholders.select(sid)
    form = window.detail.profile
    form.min_gap.setValue(100)
    form.max_silence.setValue(50)

    assert not form.validate()
    assert "shorter than the minimum gap" in form.errors.message_for("max-silence")
    assert not form.save_button.isEnabled()
    assert not form.save()
    stored = window.workspace.read(lambda s: s.get(Stakeholder, sid).max_silence_days)
    assert stored == 45


def test_liking_and_disliking_the_same_kind_is_refused(window: MainWindow) -> None:
    window.stakeholders.select(_person_id(window, "Ingrid Bauer"))
    form = window.detail.profile
    for row in range(form.dislikes.count()):
        item = form.dislikes.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == "business-review":
            item.setCheckState(Qt.CheckState.Checked)
    assert not form.validate()
    assert "cannot be both liked and disliked" in form.errors.message_for("dislikes")


def test_log_interaction_updates_timeline_and_last_contact(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.stakeholders.select(_person_id(window, "Petra Lang"))
    assert _row_text(window, "Petra Lang", Column.LAST_CONTACT) != "0 d"
    before = window.detail.interactions.rowCount()
    dialog = window.detail.log_interaction()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("business-review"))
    dialog.notes.setPlainText("Q4 review")
    this_hour = dialog.when.dateTime()
    dialog.when.setDateTime(this_hour.addDays(2))
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.errors.message_for("when") == (
        "that is later than now; log an interaction once it has happened (plan a touch for "
        "what is to come)")
    assert window.detail.interactions.rowCount() == before

    dialog.when.setDateTime(this_hour)
    dialog.accept()
    assert window.detail.interactions.rowCount() == before + 1
    timeline = window.detail.interactions
    # The narrow pane shows the kind and channel over the note's first line.
    assert timeline.index(0, timeline.INTERACTION).data() == "Business review · video\nQ4 review"
    # Logged in your zone, listed in theirs: the header says so.
    assert timeline.headerData(0, Qt.Orientation.Horizontal) == "When (their time)"
    assert _row_text(window, "Petra Lang", Column.LAST_CONTACT) == "0 d"
    window.undo_action.trigger()
    assert window.detail.interactions.rowCount() == before


def test_add_and_deliver_commitment(window: MainWindow, qtbot: QtBot) -> None:
    sid = _person_id(window, "Lena Vogel")
    window.stakeholders.select(sid)
    open_before = window.stakeholders.model.summary(
        window.stakeholders.model.row_of(sid)).open_commitments
    dialog = window.detail.add_commitment()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.what.setText("Send the pricing model")
    dialog.accept()

    model = window.detail.commitments
    rows = [model.row(r) for r in range(model.rowCount())]
    promised = next(r for r in rows if r.what == "Send the pricing model")
    summary = window.stakeholders.model.summary(window.stakeholders.model.row_of(sid))
    assert summary.open_commitments == open_before + 1

    window.detail.commitment_view.selectRow(rows.index(promised))
    assert window.detail.deliver_button.isEnabled()
    window.detail.deliver_button.click()
    status = window.workspace.read(lambda s: s.get(Commitment, promised.id).status)
    assert status is CommitmentStatus.DELIVERED
    summary = window.stakeholders.model.summary(window.stakeholders.model.row_of(sid))
    assert summary.open_commitments == open_before
    assert summary.on_time.on_time >= 1

    window.undo_action.trigger()
    status = window.workspace.read(lambda s: s.get(Commitment, promised.id).status)
    assert status is CommitmentStatus.OPEN


def test_empty_commitment_is_refused_at_the_field(window: MainWindow, qtbot: QtBot) -> None:
    window.stakeholders.select(_person_id(window, "Lena Vogel"))
    dialog = window.detail.add_commitment()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.errors.message_for("what") == "say what was promised"


def test_remove_stakeholder_and_undo_restores_history(window: MainWindow) -> None:
    sid = _person_id(window, "Ingrid Bauer")

    def history() -> tuple[int, int]:
        return window.workspace.read(lambda s: (
            s.scalar(select(func.count()).select_from(Interaction)
                     .where(Interaction.stakeholder_id == sid)),
            s.scalar(select(func.count()).select_from(Commitment)
                     .where(Commitment.stakeholder_id == sid))))

    before = history()
    assert before[0] > 0
    window.stakeholders.select(sid)
    window.remove_action.trigger()
    assert window.stakeholders.model.row_of(sid) is None
    assert history() == (0, 0)

    window.undo_action.trigger()
    assert history() == before
    assert window.stakeholders.model.row_of(sid) is not None
    likes = window.workspace.read(lambda s: [k.key for k in s.get(Stakeholder, sid).likes])
    assert likes == ["business-review", "hackathon"]


def test_ctrl_f_filters_as_you_type(window: MainWindow, qtbot: QtBot) -> None:
    assert window.find_action.shortcut() == QKeySequence("Ctrl+F")
    window.find_action.trigger()
    assert window.stakeholders.search.hasFocus()
    qtbot.keyClicks(window.stakeholders.search, "harb")
    proxy = window.stakeholders.proxy
    assert proxy.rowCount() == 6
    assert {proxy.index(r, 0).data(SUMMARY_ROLE).account for r in range(6)} == {"Harbour Health"}
    assert window.stakeholders.count.text() == "6 of 25 stakeholders"


def test_sorting_by_last_contact_puts_coldest_last(window: MainWindow) -> None:
    view = window.stakeholders.view
    view.sortByColumn(Column.LAST_CONTACT, Qt.SortOrder.AscendingOrder)
    proxy = window.stakeholders.proxy
    days = [proxy.index(r, 0).data(SUMMARY_ROLE).days_since_quality for r in range(25)]
    assert days == sorted(days)
    view.sortByColumn(Column.LAST_CONTACT, Qt.SortOrder.DescendingOrder)
    days = [proxy.index(r, 0).data(SUMMARY_ROLE).days_since_quality for r in range(25)]
    assert days == sorted(days, reverse=True)


def test_shortcuts_and_status_tips(window: MainWindow) -> None:
    assert window.new_action.shortcut() == QKeySequence("Ctrl+N")
    assert window.undo_action.shortcut() == QKeySequence("Ctrl+Z")
    assert window.redo_action.shortcut() == QKeySequence("Ctrl+Shift+Z")
    for action in (window.new_action, window.log_action, window.commit_action,
                   window.import_calendar_action, window.import_contacts_action,
                   window.export_calendar_action, window.settings_action,
                   window.undo_action, window.redo_action):
        assert action.statusTip(), action.text()


def test_removing_a_person_with_unsaved_edits_drops_them_and_the_detail_goes_on(
    window: MainWindow, qtbot: QtBot
) -> None:
    ingrid, petra = _person_id(window, "Ingrid Bauer"), _person_id(window, "Petra Lang")
    window.stakeholders.select(ingrid)
    window.detail.profile.role.setText("Head of IT")
    window.detail.profile.role.textEdited.emit("Head of IT")
    window.confirm = lambda _title, _text: pytest.fail("nothing to ask: the edits have no owner")
    window.remove_action.trigger()
    qtbot.wait(400)  # past the form's delayed check, which must not raise either
    assert not window.detail.profile.dirty
    window.stakeholders.select(petra)
    assert window.detail.stakeholder_id == petra
    assert window.detail.title.text() == "Petra Lang"
    assert window.detail.profile.name.text() == "Petra Lang"


def test_switching_person_saves_valid_edits(window: MainWindow) -> None:
    ingrid, petra = _person_id(window, "Ingrid Bauer"), _person_id(window, "Petra Lang")
    window.stakeholders.select(ingrid)
    window.detail.profile.role.setText("CIO and board member")
    window.detail.profile.role.textEdited.emit("CIO and board member")
    window.stakeholders.select(petra)
    assert window.detail.stakeholder_id == petra
    role = window.workspace.read(lambda s: s.get(Stakeholder, ingrid).role)
    assert role == "CIO and board member"


def test_switching_person_with_invalid_edits_asks_first(window: MainWindow) -> None:
    ingrid, petra = _person_id(window, "Ingrid Bauer"), _person_id(window, "Petra Lang")
    window.stakeholders.select(ingrid)
    form = window.detail.profile
    form.min_gap.setValue(100)
    form.max_silence.setValue(50)
    window.confirm = lambda _title, _text: False
    window.stakeholders.select(petra)
    assert window.detail.stakeholder_id == ingrid
    assert window.stakeholders.current_id() == ingrid
    assert form.dirty
    window.confirm = lambda _title, _text: True
    window.stakeholders.select(petra)
    assert window.detail.stakeholder_id == petra


def test_a_late_promise_gets_a_new_date_through_the_dialog(
    window: MainWindow, qtbot: QtBot
) -> None:
    petra = _person_id(window, "Petra Lang")
    window.stakeholders.select(petra)
    model = window.detail.commitments
    (row,) = [r for r in range(model.rowCount())
              if model.row(r).what == "Send the migration runbook"]
    promise = model.row(row)
    table = window.stakeholders.model
    late_before = table.summary(table.row_of(petra)).late_commitments
    window.detail.commitment_view.selectRow(row)
    assert window.detail.move_due_action.isEnabled()

    dialog = window.detail.move_due_date()
    assert dialog is not None
    qtbot.addWidget(dialog)
    today = window.workspace.today()
    dialog.due.setDate(QDate(today.year, today.month, today.day).addDays(-1))
    dialog.accept()
    assert dialog.isVisible()  # refused at the field; nothing saved
    assert "is in the past" in dialog.errors.message_for("due")
    assert window.workspace.read(lambda s: s.get(Commitment, promise.id).due_on) == promise.due_on

    new_due = today + timedelta(days=10)
    dialog.due.setDate(QDate(new_due.year, new_due.month, new_due.day))
    dialog.reason.setText("their change freeze")
    dialog.accept()
    assert not dialog.isVisible()

    (at,) = [r for r in range(model.rowCount()) if model.row(r).id == promise.id]
    moved = model.row(at)
    assert (moved.due_on, moved.first_due_on, moved.missed_due_on) == (
        new_due, promise.due_on, promise.due_on)
    shown = model.index(at, model.DUE)

    def day(d: date) -> str:  # the pane is narrow: a year only when it is not this one
        return f"{d.day} {d:%b}" + (f" {d.year}" if d.year != today.year else "")

    assert shown.data() == f"{day(new_due)}\nopen · was {day(promise.due_on)}"
    assert "counts as missed" in shown.data(Qt.ItemDataRole.ToolTipRole)
    assert table.summary(table.row_of(petra)).late_commitments == late_before - 1
    notes = window.workspace.read(lambda s: s.get(Commitment, promise.id).notes)
    assert notes.endswith(f"to {new_due} on {today}: their change freeze")

    window.undo_action.trigger()
    assert window.workspace.read(
        lambda s: (s.get(Commitment, promise.id).due_on, s.get(Commitment, promise.id).notes)
    ) == (promise.due_on, "")


def test_a_logged_interaction_is_corrected_in_its_dialog_and_undone(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.stakeholders.select(_person_id(window, "Priya Shah"))
    detail = window.detail
    timeline = detail.interactions
    assert not detail.edit_interaction_button.isEnabled()
    detail.interaction_view.selectRow(0)
    assert detail.edit_interaction_button.isEnabled()
    logged, count = timeline.row(0), timeline.rowCount()

    dialog = detail.edit_interaction()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Edit interaction with Priya Shah"
    assert (dialog.kind.currentData(), dialog.quality.currentData()) == (
        logged.kind_key, logged.quality)
    assert dialog.channel.currentData() == logged.channel
    dialog.notes.setPlainText("Agreed the pilot scope")
    dialog.quality.setCurrentIndex(dialog.quality.findData(2))
    dialog.accept()

    assert not dialog.isVisible()
    corrected = timeline.row(0)
    assert (corrected.id, corrected.occurred_at, corrected.quality, corrected.notes) == (
        logged.id, logged.occurred_at, 2, "Agreed the pilot scope")
    assert timeline.rowCount() == count  # corrected, not logged again
    window.undo_action.trigger()
    assert (timeline.row(0).quality, timeline.row(0).notes) == (logged.quality, logged.notes)


def test_a_promise_given_up_stays_in_the_ledger_and_counts_against_the_rate(
    window: MainWindow, qtbot: QtBot
) -> None:
    petra = _person_id(window, "Petra Lang")
    window.stakeholders.select(petra)
    detail, table = window.detail, window.stakeholders.model
    model = detail.commitments
    (row,) = [r for r in range(model.rowCount())
              if model.row(r).what == "Send the migration runbook"]
    promise = model.row(row)
    rate_before = table.summary(table.row_of(petra)).on_time
    detail.commitment_view.selectRow(row)
    assert detail.drop_action.isEnabled()

    dialog = detail.drop_commitment()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert any("counts against the on-time rate" in label.text()
               for label in dialog.findChildren(QLabel))
    dialog.reason.setText("their project was cancelled")
    dialog.accept()
    assert not dialog.isVisible()

    def kept() -> tuple[CommitmentStatus, str]:
        return window.workspace.read(
            lambda s: (s.get(Commitment, promise.id).status, s.get(Commitment, promise.id).notes))

    assert kept() == (CommitmentStatus.DROPPED, "Dropped: their project was cancelled")
    rate = table.summary(table.row_of(petra)).on_time
    assert (rate.on_time, rate.due) == (rate_before.on_time, rate_before.due)
    # Still listed (greyed), and no longer something to deliver, move or drop.
    assert promise.id in {model.row(r).id for r in range(model.rowCount())}
    assert not detail.drop_action.isEnabled()
    assert not detail.deliver_button.isEnabled()
    window.undo_action.trigger()
    assert kept() == (CommitmentStatus.OPEN, "")


def test_tab_leaves_the_history_tables_and_keys_act_on_the_selected_row(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.stakeholders.select(_person_id(window, "Priya Shah"))
    detail = window.detail
    detail.tabs.setCurrentIndex(1)
    view = detail.interaction_view
    view.setFocus()
    view.selectRow(0)
    count, first = detail.interactions.rowCount(), detail.interactions.row(0)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert not view.hasFocus()  # on to the next control, not the next cell

    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert detail.interactions.rowCount() == count - 1
    assert first.id not in {detail.interactions.row(r).id for r in range(count - 1)}
    window.undo_action.trigger()
    assert detail.interactions.rowCount() == count


def test_the_promise_worked_on_stays_selected_through_a_move_and_its_undo(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.stakeholders.select(_person_id(window, "Petra Lang"))
    detail = window.detail
    model = detail.commitments
    (row,) = [r for r in range(model.rowCount())
              if model.row(r).what == "Send the migration runbook"]
    promise_id = model.row(row).id
    detail.commitment_view.selectRow(row)
    dialog = detail.move_due_date()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.accept()

    def selected() -> int | None:
        rows = detail.commitment_view.selectionModel().selectedRows()
        return model.row(rows[0].row()).id if rows else None

    assert selected() == promise_id
    assert detail.move_due_action.isEnabled()  # ready for the next step on the same promise
    # Undo says whose promise it moves back, whoever is on screen by then.
    assert window.undo_action.text().endswith("Move due date (Petra Lang)")
    window.undo_action.trigger()
    assert selected() == promise_id


def test_with_nobody_shown_the_heading_and_its_hint_sit_together_at_the_top(
    window: MainWindow,
) -> None:
    detail = window.detail
    window.stakeholders.view.clearSelection()
    detail.show_stakeholder(None)
    assert detail.height() > 300
    assert detail.subtitle.geometry().bottom() < 120


def test_removing_someone_sent_an_invitation_says_how_to_withdraw_it(
    window: MainWindow, tmp_path: Path
) -> None:
    sid = _person_id(window, "Ingrid Bauer")
    now = window.workspace.now()
    with window.workspace.session() as session:
        touch = Touchpoint(stakeholder_id=sid, kind=kind_by_key(session, "coffee"),
                           channel=Channel.IN_PERSON, starts_at=now + timedelta(days=2),
                           ends_at=now + timedelta(days=2, minutes=30),
                           timezone="Europe/Berlin", status=TouchpointStatus.ACCEPTED)
        session.add(touch)
        session.flush()
        export_ics(session, tmp_path / "invite.ics", now=window.workspace.now(),
                   invite_id=touch.id, organizer=Organizer("me@vendor.example", "Me"))
        invited = touch.id
    window.stakeholders.select(sid)
    window.remove_action.trigger()
    assert window.stakeholders.model.row_of(sid) is None
    assert f"1 invitation sent to them ({invited})" in window.last_message
    assert "--invite ID" in window.last_message


@pytest.fixture
def cadence_look(qapp: QApplication) -> Iterator[None]:
    """The app's palette and style sheet (their paddings set the widths), put back after."""
    saved_palette, saved_sheet = qapp.palette(), qapp.styleSheet()
    apply_look(qapp)
    yield
    qapp.setPalette(saved_palette)
    qapp.setStyleSheet(saved_sheet)


@pytest.mark.usefixtures("cadence_look")
def test_at_1280_the_table_shows_every_column_beside_a_detail_that_reads_whole(
    workspace: Workspace, qsettings: QSettings, qtbot: QtBot
) -> None:
    window = MainWindow(workspace, qsettings)
    qtbot.addWidget(window)
    window.resize(1280, 800)  # the default size, which the small offscreen screen would cut
    window.show()
    qtbot.waitExposed(window)
    window.stakeholders.select(_person_id(window, "Petra Lang"))
    QCoreApplication.processEvents()  # the pane's tabs are shown: lay the splitter out again

    view = window.stakeholders.view
    header = view.horizontalHeader()
    last = header.count() - 1
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= (
        view.viewport().width())
    assert not view.horizontalScrollBar().isVisible()
    # The narrow pane beside it still shows its three tabs whole, and the profile unclipped.
    detail = window.detail
    bar = detail.tabs.tabBar()
    assert all(bar.rect().contains(bar.tabRect(tab)) for tab in range(bar.count()))
    detail.tabs.setCurrentIndex(0)
    scroll = detail.profile.findChild(QScrollArea)
    assert scroll is not None
    form = scroll.widget()
    assert form is not None
    assert form.minimumSizeHint().width() <= scroll.viewport().width()


def test_moving_or_dropping_a_promise_is_under_more_and_reached_by_keyboard(
    window: MainWindow, qtbot: QtBot
) -> None:
    petra = _person_id(window, "Petra Lang")
    window.stakeholders.select(petra)
    detail = window.detail
    detail.tabs.setCurrentIndex(2)
    more = detail.more_commitment_button
    menu = more.menu()
    assert menu is not None
    assert menu.actions() == [detail.move_due_action, detail.drop_action]
    assert all(action.statusTip() and action.toolTip() for action in menu.actions())
    assert not more.isEnabled()  # nothing selected
    model = detail.commitments
    (row,) = [r for r in range(model.rowCount())
              if model.row(r).what == "Send the migration runbook"]
    promise = model.row(row)
    detail.commitment_view.selectRow(row)
    assert more.isEnabled()

    detail.deliver_button.setFocus()
    QTest.keyClick(detail.deliver_button, Qt.Key.Key_Tab)
    assert more.hasFocus()  # the keyboard reaches it, next after Delivered
    with qtbot.waitSignal(menu.aboutToShow):
        QTest.keyClick(more, Qt.Key.Key_Space)
    QTest.keyClick(menu, Qt.Key.Key_Down)
    assert menu.activeAction() is detail.move_due_action
    QTest.keyClick(menu, Qt.Key.Key_Return)
    moving = detail.findChild(MoveDueDialog)
    assert moving is not None
    assert moving.isVisible()
    qtbot.addWidget(moving)
    moving.reject()

    detail.drop_action.trigger()  # as clicked in the menu
    dropping = detail.findChild(DropCommitmentDialog)
    assert dropping is not None
    qtbot.addWidget(dropping)
    dropping.reason.setText("their project was cancelled")
    dropping.accept()
    status = window.workspace.read(lambda s: s.get_one(Commitment, promise.id).status)
    assert status is CommitmentStatus.DROPPED
    # Nothing more to do to a promise given up: the menu is closed to it.
    assert not more.isEnabled()
    assert not detail.move_due_action.isEnabled()
    assert not detail.drop_action.isEnabled()
