"""Undo and redo bring the workspace back exactly, for every undoable action of the app.

Each case does one action the way the app does it (the dialog, button, menu or cell the user
works), then undoes it and compares the whole database with the state before, row by row and
column by column; then redoes it and compares with the state after the action; then undoes it
once more (a redo's snapshots must round-trip too). The views the user sees (the stakeholder
table, the detail pane, the plan's lists and the week) must follow every step.

What may legitimately differ is left out narrowly, each with its reason: see
:data:`HISTORY_TABLES`, :data:`COUNTERS` and :data:`REPUBLISHED`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import QCoreApplication, QDate, Qt, QTime
from PySide6.QtWidgets import QDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cadence.calendars.ics_export import export_ics
from cadence.models import (
    Account,
    Commitment,
    Event,
    Notification,
    PlanRun,
    Stakeholder,
    Touchpoint,
)
from cadence.plan_freshness import current_revision
from cadence.planner.service import last_plan_run
from cadence.timezones import zone
from cadence.touchpoints import accept, add_touchpoint
from cadence.vocabulary import Channel, TouchpointStatus
from tests.ui.conftest import NOW, ZONE
from ui.accounts_dialog import AccountsModel
from ui.calendar_dialogs import ImportRequest
from ui.changes import ChangeSet
from ui.entry_dialogs import (
    TouchDialog,
)
from ui.events_dialog import EventsModel
from ui.form_widgets import show_wall_time
from ui.kinds_dialog import KindsModel
from ui.main_window import MainWindow
from ui.record_table import RecordTableDialog, RecordTableModel
from ui.replan import ReplanOutcome
from ui.settings_dialog import DATABASE_KEY

#: Tables that record what left the workspace, not what is in it: which calendar entries each
#: export target was sent. Undo changes the workspace, not what calendars already hold.
HISTORY_TABLES = frozenset({"published_entry"})
#: Columns that count changes rather than hold data: the planning revision counts every change
#: to what plans are made from, an undo included (the Plan tab still knows an undone change
#: brings its plan back up to date, and that is compared as shown).
COUNTERS = frozenset({("planning_revision", "number")})
#: What a calendar was sent outlives an undo. A touch brought back after its cancellation was
#: recorded must outrank that cancellation, so its SEQUENCE moves on and its digest is
#: forgotten (:mod:`cadence.models.withdrawn_entry`); withdrawn again by a redo, its
#: cancellation is one revision on again, and dated when that happened. Only the cases with a
#: touch a calendar has leave these out.
REPUBLISHED = frozenset({("touchpoint", "sequence"), ("touchpoint", "published_digest"),
                         ("withdrawn_entry", "sequence"), ("withdrawn_entry", "withdrawn_at")})

INGRID, PETRA = "Ingrid Bauer", "Petra Lang"
TUESDAY_10 = datetime(2026, 11, 24, 9, tzinfo=UTC)  # 10:00 in Berlin, Ingrid's zone too
TUESDAY_15 = datetime(2026, 11, 24, 14, tzinfo=UTC)  # 15:00 in Berlin

Dump = dict[str, list[tuple[Any, ...]]]
Step = Callable[[MainWindow, QtBot], None]
W = TypeVar("W", bound=QWidget)


# -- the database, whole -------------------------------------------------------------------


def _dump(window: MainWindow, ignored: frozenset[tuple[str, str]] = frozenset()) -> Dump:
    """Every row of every table as stored (raw SQLite values), ordered by primary key, but
    the ``ignored`` (table, column) pairs.

    The table and column lists come from SQLite itself, not the models, so that nothing the
    schema holds is missed.
    """
    with window.workspace.database.engine.connect() as connection:
        tables = [name for (name,) in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        dump: Dump = {}
        for table in tables:
            if table in HISTORY_TABLES:
                continue
            info = connection.exec_driver_sql(f'PRAGMA table_info("{table}")').all()
            columns = [row[1] for row in info
                       if (table, row[1]) not in COUNTERS and (table, row[1]) not in ignored]
            keys = [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5]] or ["rowid"]
            listed = ", ".join(f'"{c}"' for c in columns)
            order = ", ".join(f'"{c}"' for c in keys)
            dump[table] = [tuple(row) for row in connection.exec_driver_sql(
                f'SELECT {listed} FROM "{table}" ORDER BY {order}')]
    return dump


def _differences(expected: Dump, actual: Dump) -> dict[str, dict[str, list[tuple[Any, ...]]]]:
    """Per table, the rows only the one or the other has (empty: the same)."""
    out = {}
    for table in sorted(expected.keys() | actual.keys()):
        want, got = expected.get(table, []), actual.get(table, [])
        if want != got:
            out[table] = {"missing": [r for r in want if r not in got],
                          "unexpected": [r for r in got if r not in want]}
    return out


# -- what the user sees --------------------------------------------------------------------


def _settle() -> None:
    """Deliver queued signals: the record tables reload on a queued change."""
    for _ in range(3):
        QCoreApplication.processEvents()


def _shown(window: MainWindow, extra: Callable[[MainWindow], object]) -> dict[str, object]:
    """The stakeholder table, the plan's lists and the week, as shown.

    The plan and the week refresh when shown, so each is visited as the user would.
    """
    _settle()
    table = window.stakeholders.model
    shown: dict[str, object] = {
        "table": sorted(tuple(str(table.index(r, c).data()) for c in range(table.columnCount()))
                        for r in range(table.rowCount())),
        "extra": extra(window),
    }
    current = window.tabs.currentWidget()
    window.tabs.setCurrentWidget(window.plan)
    shown["suggested"] = window.plan.suggested.touch_rows()
    shown["accepted"] = window.plan.accepted.touch_rows()
    shown["plan out of date"] = window.plan.outdated.isVisibleTo(window.plan)
    window.tabs.setCurrentWidget(window.week)
    shown["week"] = (window.week.monday, list(window.week.canvas.items))
    window.tabs.setCurrentWidget(current)
    return shown


def _unlike(expected: dict[str, object], actual: dict[str, object]) -> dict[str, object]:
    """The views that differ, with what only the expected or the actual one shows."""
    out: dict[str, object] = {}
    for view, want in expected.items():
        got = actual[view]
        if got == want:
            continue
        if isinstance(want, list) and isinstance(got, list):
            out[view] = {"missing": [r for r in want if r not in got],
                         "unexpected": [r for r in got if r not in want]}
        else:
            out[view] = {"expected": want, "actual": got}
    return out


def _detail(window: MainWindow) -> tuple[int | None, object]:
    """Who the detail pane shows, and what it shows of them: title, profile, timeline and
    ledger.

    Who it shows may change with an undo (the table selects a neighbour when the selected
    row goes), so what it shows is compared only while it shows the same person.
    """
    detail = window.detail
    person = detail.stakeholder_id
    if person is None:
        return None, None
    return person, (
        detail.title.text(), detail.profile.changes(),
        [detail.interactions.row(r) for r in range(detail.interactions.rowCount())],
        [detail.commitments.row(r) for r in range(detail.commitments.rowCount())])


def _plan_up_to_date(window: MainWindow) -> None:
    """A plan made from the workspace as it is (kept if there is one, else an empty one), so
    that every case shows whether its undo brings the plan back up to date."""
    with window.workspace.session() as session:
        if last_plan_run(session) is None:
            session.add(PlanRun(made_at=NOW, start_on=NOW.date(), weeks=2, status="optimal",
                                objective=0.0, bound=0.0,
                                inputs_revision=current_revision(session)))
    window.workspace.publish(ChangeSet(plan=True))
    window.tabs.setCurrentWidget(window.plan)
    assert not window.plan.outdated.isVisibleTo(window.plan)


# -- helpers the actions share -------------------------------------------------------------


def _person_id(window: MainWindow, name: str) -> int:
    found = window.workspace.read(
        lambda s: s.scalar(select(Stakeholder.id).where(Stakeholder.name == name)))
    assert found is not None, name
    return int(found)


def _select_person(window: MainWindow, name: str) -> None:
    window.show_stakeholder(_person_id(window, name))
    assert window.detail.stakeholder_id == _person_id(window, name)


def _done(dialog: QDialog) -> None:
    """OK the dialog; it closes once the command ran (else it shows the refusal)."""
    dialog.accept()
    assert not dialog.isVisible(), [label.text() for label in dialog.findChildren(QLabel)
                                    if label.isVisible() and label.text()]


def _dialog(qtbot: QtBot, dialog: W | None) -> W:
    """``dialog``, opened (not ``None``), registered with ``qtbot``."""
    assert dialog is not None
    qtbot.addWidget(dialog)
    return dialog


def _select_promise(window: MainWindow, person: str, what: str) -> None:
    _select_person(window, person)
    model = window.detail.commitments
    (row,) = [r for r in range(model.rowCount()) if model.row(r).what == what]
    window.detail.commitment_view.selectRow(row)


def _replan(window: MainWindow, qtbot: QtBot) -> None:
    """Re-plan two weeks through the window's action, waiting for the worker."""
    window.plan.weeks.setValue(2)
    with qtbot.waitSignal(window.plan.replan_finished, timeout=90_000) as blocker:
        assert window.replan() is not None
    outcome = blocker.args[0]
    assert isinstance(outcome, ReplanOutcome)
    assert not outcome.cancelled


def _planned(window: MainWindow, qtbot: QtBot) -> None:
    """A plan made, and the week of its first suggestion shown."""
    _replan(window, qtbot)
    first = window.plan.suggested.touch_rows()[0].starts_at.astimezone(zone(ZONE)).date()
    window.week.monday = first - timedelta(days=first.weekday())


def _ingrid_touch(status: TouchpointStatus) -> Step:
    """A business review with Ingrid on Tuesday at 10:00 (``status``), in the week shown."""

    def prepare(window: MainWindow, _qtbot: QtBot) -> None:
        with window.workspace.session() as session:
            person = session.get_one(Stakeholder, _person_id(window, INGRID))
            touch = add_touchpoint(session, person, kind_key="business-review",
                                   start=TUESDAY_10, now=NOW)
            touch.status = TouchpointStatus.SUGGESTED
            if status is TouchpointStatus.ACCEPTED:
                accept(session, touch, NOW)
        window.workspace.publish(ChangeSet.people([_person_id(window, INGRID)], plan=True))

    return prepare


def _ingrid_touch_id(window: MainWindow) -> int:
    return window.workspace.read(lambda s: s.scalars(select(Touchpoint.id).where(
        Touchpoint.stakeholder_id == _person_id(window, INGRID))).one())


def _row_of(dialog: RecordTableDialog, match: Callable[[Any], bool]) -> tuple[
        RecordTableModel[Any], int]:
    """The dialog's model and the one row whose record ``match`` es."""
    model = dialog.view.model()
    assert isinstance(model, RecordTableModel)
    (row,) = [r for r in range(model.rowCount()) if match(model.record(r))]
    return model, row


def _cell(dialog: RecordTableDialog, column: int, value: object,
          match: Callable[[Any], bool]) -> None:
    """Edit one cell as its delegate does (setData with the edited value)."""
    model, row = _row_of(dialog, match)
    assert model.setData(model.index(row, column), value)


def _remove_row(dialog: RecordTableDialog, match: Callable[[Any], bool]) -> None:
    _model, row = _row_of(dialog, match)
    dialog.view.selectRow(row)
    assert dialog.remove_button.isEnabled()
    dialog.remove_button.click()


# -- the actions ---------------------------------------------------------------------------


def add_stakeholder(account: str) -> Step:
    def act(window: MainWindow, qtbot: QtBot) -> None:
        dialog = _dialog(qtbot, window.new_stakeholder())
        dialog.name.setText("Nora Quist")
        dialog.account.setCurrentText(account)
        dialog.zone.setCurrentText("America/Toronto")
        dialog.budget_max.setValue(2)
        _done(dialog)
    return act


def edit_profile(window: MainWindow, _qtbot: QtBot) -> None:
    _select_person(window, INGRID)
    form = window.detail.profile
    form.budget_max.setValue(5)
    form.role.setText("Chief Information Officer")
    form.interests.setText("ai, observability")
    assert form.save()


def edit_likes_and_dislikes(window: MainWindow, _qtbot: QtBot) -> None:
    _select_person(window, INGRID)
    form = window.detail.profile
    for box, key in ((form.likes, "coffee"), (form.dislikes, "generic-social"),
                     (form.likes, "hackathon")):
        for row in range(box.count()):
            item = box.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == key:
                checked = item.checkState() == Qt.CheckState.Checked
                item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
    assert form.save()


def edit_time_zone(window: MainWindow, _qtbot: QtBot) -> None:
    _select_person(window, INGRID)
    window.detail.profile.timezone.setCurrentText("America/New_York")
    assert window.detail.profile.save()


def move_to_new_account(window: MainWindow, _qtbot: QtBot) -> None:
    _select_person(window, INGRID)
    window.detail.profile.account.setCurrentText("Nordlicht AB")
    assert window.detail.profile.save()


def with_reminders_about_ingrid(window: MainWindow, qtbot: QtBot) -> None:
    """Ingrid's accepted review, and fired reminders about it and about a promise of hers."""
    _ingrid_touch(TouchpointStatus.ACCEPTED)(window, qtbot)
    with window.workspace.session() as session:
        touch = session.get_one(Touchpoint, _ingrid_touch_id(window))
        promise = session.scalars(select(Commitment.id).where(
            Commitment.stakeholder_id == touch.stakeholder_id)).first()
        assert promise is not None
        session.add_all([
            Notification(key=f"touchpoint:{touch.id}:lead", title="Review soon", due_at=NOW,
                         fired_at=NOW, touchpoint_id=touch.id),
            Notification(key=f"commitment:{promise}:due", title="Promise due", due_at=NOW,
                         fired_at=NOW, commitment_id=promise)])
    window.workspace.publish(ChangeSet.everything())


def _export_ingrid(window: MainWindow) -> None:
    assert window.workspace.database.path is not None
    with window.workspace.session() as session:
        export_ics(session, window.workspace.database.path.parent / "mine.ics", now=NOW)


def with_ingrid_exported(window: MainWindow, qtbot: QtBot) -> None:
    """Ingrid's accepted review, written to a calendar file."""
    _ingrid_touch(TouchpointStatus.ACCEPTED)(window, qtbot)
    _export_ingrid(window)


def with_ingrid_withdrawn(window: MainWindow, qtbot: QtBot) -> None:
    """A review with Ingrid that was written to a calendar file and then deleted: its
    cancellation waits for her next export."""
    with_ingrid_exported(window, qtbot)
    with window.workspace.session() as session:
        session.delete(session.get_one(Touchpoint, _ingrid_touch_id(window)))
    window.workspace.publish(ChangeSet.everything())


def remove_stakeholder(window: MainWindow, _qtbot: QtBot) -> None:
    _select_person(window, INGRID)
    window.remove_action.trigger()


def log_interaction(window: MainWindow, qtbot: QtBot) -> None:
    _select_person(window, PETRA)
    dialog = _dialog(qtbot, window.detail.log_interaction())
    dialog.kind.setCurrentIndex(dialog.kind.findData("business-review"))
    dialog.notes.setPlainText("Q4 review")
    _done(dialog)


def edit_interaction(window: MainWindow, qtbot: QtBot) -> None:
    _select_person(window, "Priya Shah")
    window.detail.interaction_view.selectRow(0)
    dialog = _dialog(qtbot, window.detail.edit_interaction())
    dialog.notes.setPlainText("Agreed the pilot scope")
    dialog.quality.setCurrentIndex(dialog.quality.findData(2))
    _done(dialog)


def delete_interaction(window: MainWindow, _qtbot: QtBot) -> None:
    _select_person(window, "Priya Shah")
    window.detail.interaction_view.selectRow(0)
    window.detail.delete_interaction_button.click()


def add_commitment(window: MainWindow, qtbot: QtBot) -> None:
    _select_person(window, "Lena Vogel")
    dialog = _dialog(qtbot, window.detail.add_commitment())
    dialog.what.setText("Send the pricing model")
    dialog.notes.setPlainText("with the volume discounts")
    _done(dialog)


def deliver_commitment(window: MainWindow, _qtbot: QtBot) -> None:
    _select_promise(window, PETRA, "Send the migration runbook")
    window.detail.deliver_button.click()


def move_due_date(window: MainWindow, qtbot: QtBot) -> None:
    _select_promise(window, PETRA, "Send the migration runbook")
    dialog = _dialog(qtbot, window.detail.move_due_date())
    due = window.workspace.today() + timedelta(days=10)
    dialog.due.setDate(QDate(due.year, due.month, due.day))
    dialog.reason.setText("their change freeze")
    _done(dialog)


def drop_commitment(window: MainWindow, qtbot: QtBot) -> None:
    _select_promise(window, PETRA, "Send the migration runbook")
    dialog = _dialog(qtbot, window.detail.drop_commitment())
    dialog.reason.setText("their project was cancelled")
    _done(dialog)


def delete_commitment(window: MainWindow, _qtbot: QtBot) -> None:
    _select_promise(window, PETRA, "Send the migration runbook")
    window.detail.delete_commitment_button.click()


def delete_carried_commitment(window: MainWindow, _qtbot: QtBot) -> None:
    """Delete a promise a suggestion carries the status update of (and a reminder names)."""
    person, promise = window.workspace.read(lambda s: next(
        (t.stakeholder_id, t.commitment_id) for t in s.scalars(
            select(Touchpoint).where(Touchpoint.commitment_id.is_not(None)))))
    window.show_stakeholder(person)
    model = window.detail.commitments
    (row,) = [r for r in range(model.rowCount()) if model.row(r).id == promise]
    window.detail.commitment_view.selectRow(row)
    window.detail.delete_commitment_button.click()


def with_reminder_of_a_promise(window: MainWindow, qtbot: QtBot) -> None:
    """A plan, and a fired reminder about a promise a suggestion carries."""
    _planned(window, qtbot)
    with window.workspace.session() as session:
        touch = session.scalars(select(Touchpoint).where(
            Touchpoint.commitment_id.is_not(None))).first()
        assert touch is not None
        session.add(Notification(key=f"commitment:{touch.commitment_id}:due", title="Due soon",
                                 due_at=NOW, fired_at=NOW, commitment_id=touch.commitment_id,
                                 touchpoint_id=touch.id))
    window.workspace.publish(ChangeSet.everything())


def _first_suggestion(window: MainWindow) -> None:
    window.tabs.setCurrentWidget(window.plan)
    assert window.plan.select(window.plan.suggested.touch_rows()[0].id)


def accept_suggestion(window: MainWindow, _qtbot: QtBot) -> None:
    _first_suggestion(window)
    window.plan.accept_button.click()


def dismiss_suggestion(window: MainWindow, _qtbot: QtBot) -> None:
    _first_suggestion(window)
    window.plan.reason.setText("She is on leave")
    window.plan.dismiss_button.click()


def snooze_suggestion(window: MainWindow, _qtbot: QtBot) -> None:
    _first_suggestion(window)
    window.plan.snooze_selected(7)


def move_with_dialog(window: MainWindow, qtbot: QtBot) -> None:
    window.tabs.setCurrentWidget(window.plan)
    assert window.plan.select(_ingrid_touch_id(window))
    dialog = _dialog(qtbot, window.plan.move_selected())
    show_wall_time(dialog.start, date(2026, 11, 26), time(14, 0))
    _done(dialog)


def drag_in_the_week(window: MainWindow, _qtbot: QtBot) -> None:
    """Drop Ingrid's review on Tuesday 15:00 (what the canvas's drop calls)."""
    window.tabs.setCurrentWidget(window.week)
    (item,) = [i for i in window.week.canvas.items
               if i.touchpoint_id == _ingrid_touch_id(window)]
    assert window.week.move_to(item, TUESDAY_15)


def accept_from_the_week(window: MainWindow, _qtbot: QtBot) -> None:
    window.tabs.setCurrentWidget(window.week)
    (item,) = [i for i in window.week.canvas.items
               if i.touchpoint_id == _ingrid_touch_id(window)]
    menu = window.week.menu_for(item)
    (action,) = [a for a in menu.actions() if a.text() == "Accept"]
    action.trigger()


def after_the_review(window: MainWindow, qtbot: QtBot) -> None:
    """Ingrid's review accepted, and its time come: it awaits Done."""
    _ingrid_touch(TouchpointStatus.ACCEPTED)(window, qtbot)
    window.workspace.clock = lambda: TUESDAY_10 + timedelta(hours=2)
    window.workspace.publish(ChangeSet.everything())  # as the app's periodic refresh would


def mark_done(window: MainWindow, _qtbot: QtBot) -> None:
    """Mark the accepted review done, which logs it."""
    window.tabs.setCurrentWidget(window.plan)
    assert window.plan.select(_ingrid_touch_id(window))
    window.plan.done_selected(4)


def call_off_accepted(window: MainWindow, _qtbot: QtBot) -> None:
    window.tabs.setCurrentWidget(window.plan)
    assert window.plan.select(_ingrid_touch_id(window))
    window.plan.reason.setText("they moved the project")
    window.plan.dismiss_button.click()


def plan_a_touch(window: MainWindow, qtbot: QtBot) -> None:
    _select_person(window, "Priya Shah")
    window.touch_action.trigger()
    dialog = window.findChild(TouchDialog)
    assert isinstance(dialog, TouchDialog)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("email-checkin"))
    show_wall_time(dialog.when, date(2026, 11, 26), time(10, 0))
    _done(dialog)


def answer_some_suggestions(window: MainWindow, qtbot: QtBot) -> None:
    """A plan whose first suggestions were accepted, snoozed and dismissed."""
    _planned(window, qtbot)
    plan = window.plan
    answers: list[Callable[[], None]] = [plan.accept_selected, lambda: plan.snooze_selected(3),
                                         plan.dismiss_selected]
    for row, answer in zip(plan.suggested.touch_rows(), answers, strict=False):
        assert plan.select(row.id)
        answer()


def rename_account(window: MainWindow, qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, window.open_accounts())
    _cell(dialog, AccountsModel.NAME, "Harbour Health Group",
          lambda a: a.name == "Harbour Health")


def retier_account(window: MainWindow, qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, window.open_accounts())
    _cell(dialog, AccountsModel.TIER, 1, lambda a: a.name == "Lumen Energy")


def annotate_account(window: MainWindow, qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, window.open_accounts())
    _cell(dialog, AccountsModel.NOTES, "strategic from 2027", lambda a: a.name == "Lumen Energy")


def with_empty_account(window: MainWindow, _qtbot: QtBot) -> None:
    """An account nobody works at any more (accounts come with their first person)."""
    with window.workspace.session() as session:
        session.add(Account(name="Dormant Bank", tier=3))
    window.workspace.publish(ChangeSet(all_stakeholders=True))


def remove_account(window: MainWindow, qtbot: QtBot) -> None:
    _remove_row(_dialog(qtbot, window.open_accounts()), lambda a: a.name == "Dormant Bank")


def edit_kind(window: MainWindow, qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, window.open_kinds())
    _cell(dialog, KindsModel.VALUE, 9, lambda k: k.key == "coffee")


def edit_kind_reminder(window: MainWindow, qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, window.open_kinds())
    _cell(dialog, KindsModel.REMINDER, 45, lambda k: k.key == "hackathon")


def add_kind(window: MainWindow, qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, _dialog(qtbot, window.open_kinds()).add_kind())
    qtbot.keyClicks(dialog.name, "Site visit")
    _done(dialog)


def remove_kind(window: MainWindow, qtbot: QtBot) -> None:
    _remove_row(_dialog(qtbot, window.open_kinds()), lambda k: k.key == "generic-social")


def edit_event(column: int, value: object) -> Step:
    def act(window: MainWindow, qtbot: QtBot) -> None:
        dialog = _dialog(qtbot, window.open_events())
        _cell(dialog, column, value, lambda e: e.name == "Cloud Cost Workshop")
    return act


def add_event(window: MainWindow, qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, _dialog(qtbot, window.open_events()).add_event())
    dialog.name.setText("Security summit")
    dialog.topics.setText("security, ai")
    _done(dialog)


def with_invitations(*statuses: TouchpointStatus) -> Step:
    """Invitations to the Cloud Cost Workshop with the first people, one per status."""

    def prepare(window: MainWindow, _qtbot: QtBot) -> None:
        with window.workspace.session() as session:
            event = session.scalars(select(Event).where(
                Event.name == "Cloud Cost Workshop")).one()
            people = session.scalars(select(Stakeholder).order_by(Stakeholder.id)).all()
            for person, status in zip(people, statuses, strict=False):
                start = NOW + timedelta(days=3)
                session.add(Touchpoint(
                    stakeholder=person, kind=event.kind, channel=Channel.VIDEO,
                    starts_at=start, ends_at=start + timedelta(minutes=15),
                    timezone=person.timezone, status=status, event=event))
        window.workspace.publish(ChangeSet(all_stakeholders=True, plan=True))

    return prepare


def remove_event(window: MainWindow, qtbot: QtBot) -> None:
    _remove_row(_dialog(qtbot, window.open_events()), lambda e: e.name == "Cloud Cost Workshop")


def change_settings(window: MainWindow, qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, window.open_settings())
    dialog.timezone.setCurrentText("Europe/London")
    dialog.work_start.setTime(QTime(8, 0))
    dialog.work_end.setTime(QTime(16, 0))
    dialog.capacity.setValue(6.5)
    assert window.workspace.database.path is not None
    dialog.database.setText(str(window.workspace.database.path.parent / "next.sqlite3"))
    _done(dialog)


def remembered_database(window: MainWindow) -> object:
    """The database the next start opens (kept outside the workspace, undone with it)."""
    return window.qsettings.value(DATABASE_KEY, "")


def import_calendar(window: MainWindow, qtbot: QtBot) -> None:
    assert window.workspace.database.path is not None
    source = window.workspace.database.path.parent / "work.ics"
    source.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        "UID:board@example.com\r\nDTSTAMP:20261101T000000Z\r\n"
        "DTSTART:20261125T090000Z\r\nDTEND:20261125T110000Z\r\nSUMMARY:Board meeting\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    task = window.calendars.import_calendar_from(ImportRequest(source))
    with qtbot.waitSignal(task.finished, timeout=30_000):
        pass


# -- the cases -----------------------------------------------------------------------------


def _nothing(_window: MainWindow, _qtbot: QtBot) -> None:
    """No preparation: the demo workspace as it is."""


def _no_extra(_window: MainWindow) -> object:
    """No state outside the database to compare."""
    return None


@dataclass(frozen=True, slots=True)
class Case:
    """One undoable action: what to set up first, the action, and any state it changes
    outside the database (compared with the views)."""

    act: Step
    prepare: Step = _nothing
    extra: Callable[[MainWindow], object] = _no_extra
    ignored: frozenset[tuple[str, str]] = frozenset()


def _case(name: str, act: Step,
          prepare: Step = _nothing,
          extra: Callable[[MainWindow], object] = _no_extra,
          ignored: frozenset[tuple[str, str]] = frozenset(),
          marks: tuple[pytest.MarkDecorator, ...] = ()) -> Any:
    return pytest.param(Case(act, prepare, extra, ignored), id=name, marks=marks)


CASES = [
    # Stakeholders and their profiles.
    _case("add stakeholder", add_stakeholder("Harbour Health")),
    _case("add stakeholder at a new account", add_stakeholder("Acme Robotics")),
    _case("edit profile", edit_profile),
    _case("edit likes and dislikes", edit_likes_and_dislikes),
    _case("edit time zone with touches to come", edit_time_zone,
          _ingrid_touch(TouchpointStatus.ACCEPTED)),
    _case("move to a new account", move_to_new_account),
    _case("remove stakeholder", remove_stakeholder),
    _case("remove stakeholder with touches", remove_stakeholder,
          _ingrid_touch(TouchpointStatus.ACCEPTED)),
    _case("remove stakeholder with fired reminders", remove_stakeholder,
          with_reminders_about_ingrid),
    _case("remove stakeholder whose touch a calendar has", remove_stakeholder,
          with_ingrid_exported, ignored=REPUBLISHED),
    _case("remove stakeholder with a cancellation to send", remove_stakeholder,
          with_ingrid_withdrawn),
    # Interactions.
    _case("log interaction", log_interaction),
    _case("edit interaction", edit_interaction),
    _case("delete interaction", delete_interaction),
    # Commitments.
    _case("add commitment", add_commitment),
    _case("deliver commitment", deliver_commitment),
    _case("move commitment due date", move_due_date),
    _case("drop commitment", drop_commitment),
    _case("delete commitment", delete_commitment),
    _case("delete commitment a suggestion and a reminder carry", delete_carried_commitment,
          with_reminder_of_a_promise),
    # Touches.
    _case("accept suggestion", accept_suggestion, _planned),
    _case("dismiss suggestion", dismiss_suggestion, _planned),
    _case("snooze suggestion", snooze_suggestion, _planned),
    _case("move suggestion with the dialog", move_with_dialog,
          _ingrid_touch(TouchpointStatus.SUGGESTED)),
    _case("move accepted touch by dragging in the week", drag_in_the_week,
          _ingrid_touch(TouchpointStatus.ACCEPTED)),
    _case("accept from the week's menu", accept_from_the_week,
          _ingrid_touch(TouchpointStatus.SUGGESTED)),
    _case("mark touch done", mark_done, after_the_review),
    _case("call off accepted touch", call_off_accepted, _ingrid_touch(TouchpointStatus.ACCEPTED)),
    _case("plan a touch by hand", plan_a_touch),
    _case("re-plan", _replan),
    _case("re-plan over answered suggestions", _replan, answer_some_suggestions),
    _case("import calendar", import_calendar),
    # Accounts, kinds, events, settings.
    _case("rename account", rename_account),
    _case("re-tier account", retier_account),
    _case("annotate account", annotate_account),
    _case("remove account", remove_account, with_empty_account),
    _case("edit kind value", edit_kind),
    _case("edit kind reminder lead", edit_kind_reminder),
    _case("add kind", add_kind),
    _case("remove kind with likes and dislikes of it", remove_kind),
    _case("edit event seats", edit_event(EventsModel.SEATS, 20)),
    _case("edit event venue zone", edit_event(EventsModel.ZONE, "America/New_York")),
    _case("edit event day", edit_event(EventsModel.DAY, date(2027, 2, 3))),
    _case("add event", add_event),
    _case("remove event with suggested invitations", remove_event,
          with_invitations(TouchpointStatus.SUGGESTED, TouchpointStatus.SNOOZED)),
    _case("remove event with a dismissed invitation", remove_event,
          with_invitations(TouchpointStatus.SUGGESTED, TouchpointStatus.DISMISSED)),
    _case("change settings", change_settings, extra=remembered_database),
]


@pytest.mark.parametrize("case", CASES)
def test_undo_and_redo_bring_the_workspace_back_exactly(
    window: MainWindow, qtbot: QtBot, case: Case
) -> None:
    """Undo gives back the database and the views as before; redo as after; and again."""
    case.prepare(window, qtbot)
    _plan_up_to_date(window)
    stack = window.workspace.undo_stack
    steps = stack.count()
    before, shown_before = _dump(window, case.ignored), _shown(window, case.extra)
    detail_before = _detail(window)

    case.act(window, qtbot)
    _settle()
    assert stack.count() == steps + 1, "one action, one step in Edit > Undo"
    after, shown_after = _dump(window, case.ignored), _shown(window, case.extra)
    detail_after = _detail(window)
    assert _differences(before, after), "the action changed nothing"

    for step, expected, shown, detail in (("undo", before, shown_before, detail_before),
                                          ("redo", after, shown_after, detail_after),
                                          ("undo", before, shown_before, detail_before)):
        (window.undo_action if step == "undo" else window.redo_action).trigger()
        assert _differences(expected, _dump(window, case.ignored)) == {}, step
        assert _unlike(shown, _shown(window, case.extra)) == {}, step
        person, seen = _detail(window)
        if person == detail[0]:
            assert seen == detail[1], step
