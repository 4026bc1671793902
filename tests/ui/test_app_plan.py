"""The plan view: re-plan in a worker (responsive, cancellable, undoable), accept, dismiss,
snooze, move."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from cadence.interactions import log_interaction
from cadence.models import Interaction, Stakeholder, Touchpoint
from cadence.timezones import zone
from cadence.vocabulary import TouchpointStatus
from cadence.week_agenda import WeekItem
from tests.ui.conftest import NOW, ZONE
from ui.changes import ChangeSet
from ui.commands import (
    add_commitment_command,
    delete_commitment_command,
    log_interaction_command,
)
from ui.form_widgets import show_wall_time
from ui.main_window import MainWindow
from ui.move_dialog import MoveDialog
from ui.plan_model import TouchRow
from ui.plan_view import PlanView
from ui.replan import ReplanOutcome
from ui.week_view import ItemKind


def _count(window: MainWindow, status: TouchpointStatus) -> int:
    return window.workspace.read(lambda s: s.scalar(
        select(func.count()).select_from(Touchpoint).where(Touchpoint.status == status)))


def _replan(window: MainWindow, qtbot: QtBot) -> ReplanOutcome:
    window.plan.weeks.setValue(2)
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    with qtbot.waitSignal(window.plan.replan_finished, timeout=90_000) as blocker:
        task = window.replan()
        assert task is not None
        assert window.progress.isVisible()
    timer.stop()
    assert ticks, "the event loop kept running while the planner worked"
    outcome = blocker.args[0]
    assert isinstance(outcome, ReplanOutcome)
    return outcome


@pytest.fixture
def planned(window: MainWindow, qtbot: QtBot) -> MainWindow:
    outcome = _replan(window, qtbot)
    assert not outcome.cancelled
    assert outcome.plan.touchpoints
    return window


def test_replan_fills_the_agenda_by_week_with_reasons(planned: MainWindow) -> None:
    plan = planned.plan
    assert planned.tabs.currentWidget() is plan
    suggested = _count(planned, TouchpointStatus.SUGGESTED)
    assert plan.suggested.touch_count() == suggested > 0
    first_week = plan.suggested.index(0, 0)
    assert first_week.data().startswith("Week of ")
    child = plan.suggested.index(0, 5, first_week)
    assert child.data(), "every suggestion says why"
    assert plan.summary.text().startswith("Planned today 09:30 for 2 weeks from 23 Nov")
    assert re.search(r"\(value \d+\.\d, (optimal|near-optimal|feasible)"
                     r"(, within \d+\.\d% of the best possible)?\): "
                     rf"{suggested} suggestions open, 0 accepted\.$", plan.summary.text())


def _warnings(view: PlanView) -> list[str]:
    return [view.warnings.item(i).text() for i in range(view.warnings.count())]


def test_the_when_column_shows_whole_times_even_awaiting_done(planned: MainWindow) -> None:
    plan = planned.plan
    first = plan.suggested.touch_rows()[0]
    plan.select(first.id)
    plan.accept_selected()
    planned.workspace.clock = lambda: first.ends_at + timedelta(hours=1)  # its time has come
    plan.refresh()
    assert any(plan.accepted.awaits_done(row) for row in plan.accepted.touch_rows())
    for view in (plan.suggested_view, plan.accepted_view):
        assert view.header().sectionSize(0) >= view.sizeHintForColumn(0) > 0


def test_the_plans_warnings_are_there_again_after_a_restart(
    planned: MainWindow, qtbot: QtBot
) -> None:
    shown = _warnings(planned.plan)
    assert shown
    assert any("maximum silence" in w for w in shown)
    reopened = PlanView(planned.workspace)  # what a restarted app builds from the database
    qtbot.addWidget(reopened)
    reopened.refresh()
    assert _warnings(reopened) == shown
    assert not reopened.warnings.isHidden()
    assert reopened.summary.text() == planned.plan.summary.text()


def test_undoing_a_replan_takes_its_warnings_back(planned: MainWindow) -> None:
    planned.undo_action.trigger()
    planned.plan.refresh()
    assert planned.plan.warnings.isHidden()
    assert planned.plan.summary.text() == "0 suggestions open, 0 accepted"
    planned.redo_action.trigger()
    planned.plan.refresh()
    assert not planned.plan.warnings.isHidden()
    assert planned.plan.summary.text().startswith("Planned today")


def test_replan_can_be_undone(planned: MainWindow) -> None:
    assert _count(planned, TouchpointStatus.SUGGESTED) > 0
    planned.undo_action.trigger()
    assert _count(planned, TouchpointStatus.SUGGESTED) == 0
    assert planned.plan.suggested.touch_count() == 0
    planned.redo_action.trigger()
    assert planned.plan.suggested.touch_count() == _count(planned, TouchpointStatus.SUGGESTED) > 0


def test_cancelled_replan_changes_nothing(window: MainWindow, qtbot: QtBot) -> None:
    window.plan.weeks.setValue(2)
    task = window.replan()
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=90_000):
        window.progress.cancel()
    assert _count(window, TouchpointStatus.SUGGESTED) == 0
    assert "cancelled" in window.plan.summary.text()
    assert not window.workspace.undo_stack.canUndo()


def test_accept_moves_a_suggestion_to_accepted_and_the_week(planned: MainWindow) -> None:
    plan = planned.plan
    row = plan.suggested.touch_rows()[0]
    week = planned.week
    day = row.starts_at.astimezone(zone(ZONE)).date()
    week.monday = day - timedelta(days=day.weekday())
    week.refresh()

    def in_week(kind: ItemKind) -> list[str]:
        return [i.title for i in week.canvas.items
                if i.kind is kind and i.starts_at == row.starts_at]

    assert [t for t in in_week(ItemKind.SUGGESTION) if row.stakeholder in t]
    assert plan.select(row.id)
    assert plan.accept_button.isEnabled()
    plan.accept_button.click()

    assert [r.id for r in plan.accepted.touch_rows()] == [row.id]
    assert row.id not in [r.id for r in plan.suggested.touch_rows()]
    week.refresh()  # as when the tab is shown again
    assert [t for t in in_week(ItemKind.TOUCH) if row.stakeholder in t]
    assert not [t for t in in_week(ItemKind.SUGGESTION) if row.stakeholder in t]

    planned.undo_action.trigger()
    assert plan.accepted.touch_count() == 0


def test_the_plan_actions_and_details_follow_the_selection(planned: MainWindow) -> None:
    plan = planned.plan
    assert not planned.accept_action.isEnabled()
    assert not planned.move_action.isEnabled()
    assert plan.details.text().startswith("Select a touchpoint")

    row = plan.suggested.touch_rows()[0]
    assert plan.select(row.id)
    assert planned.accept_action.isEnabled()
    assert planned.move_action.isEnabled()
    theirs = row.starts_at.astimezone(zone(row.timezone))
    assert f"Their time: {theirs:%a %d %b %H:%M} ({row.timezone})" in plan.details.text()
    assert plan.suggested.headerData(0, Qt.Orientation.Horizontal) == f"When ({ZONE})"

    following = plan.suggested.touch_rows()[1:4]
    planned.accept_action.trigger()
    # The selection moves on to the next suggestion, so the keyboard can work down the list.
    assert plan.selected() == following[0]
    assert following[0].stakeholder in plan.details.text()
    planned.accept_action.trigger()
    planned.dismiss_action.trigger()
    assert plan.accepted.touch_count() == 2  # the first two; the third was dismissed
    assert plan.selected() == following[2]
    plan.suggested_view.clearSelection()
    assert plan.details.text().startswith("Select a touchpoint")
    assert not planned.accept_action.isEnabled()


def _menu(window: MainWindow, item: WeekItem) -> dict[str, QAction]:
    return {a.text(): a for a in window.week.menu_for(item).actions() if a.text()}


def test_a_suggestion_is_accepted_or_dismissed_from_the_week(planned: MainWindow) -> None:
    first, second = planned.plan.suggested.touch_rows()[:2]
    week = planned.week
    day = first.starts_at.astimezone(zone(ZONE)).date()
    week.monday = day - timedelta(days=day.weekday())
    planned.tabs.setCurrentWidget(week)
    (item,) = [i for i in week.canvas.items if i.touchpoint_id == first.id]
    assert item.kind is ItemKind.SUGGESTION

    _menu(planned, item)["Accept"].trigger()
    assert _count(planned, TouchpointStatus.ACCEPTED) == 1
    (item,) = [i for i in week.canvas.items if i.touchpoint_id == first.id]
    assert item.kind is ItemKind.TOUCH  # the visible week redraws at once
    assert not {"Accept", "Dismiss"} & set(_menu(planned, item))  # accepted already
    name, _, what = item.title.partition(" · ")
    assert planned.undo_action.text() == f"&Undo Accept {what} with {name}"
    planned.undo_action.trigger()
    assert _count(planned, TouchpointStatus.ACCEPTED) == 0
    assert [i.kind for i in week.canvas.items if i.touchpoint_id == first.id] == [
        ItemKind.SUGGESTION]

    week.monday = (second.starts_at.astimezone(zone(ZONE)).date()
                   - timedelta(days=second.starts_at.astimezone(zone(ZONE)).weekday()))
    week.refresh()
    (item,) = [i for i in week.canvas.items if i.touchpoint_id == second.id]
    _menu(planned, item)["Dismiss"].trigger()
    assert _count(planned, TouchpointStatus.DISMISSED) == 1
    assert not [i for i in week.canvas.items if i.touchpoint_id == second.id]

    _menu(planned, item)["Open stakeholder"].trigger()
    assert planned.tabs.currentIndex() == 0


def test_dismiss_keeps_the_reason(planned: MainWindow) -> None:
    plan = planned.plan
    row = plan.suggested.touch_rows()[0]
    plan.select(row.id)
    plan.reason.setText("She is on leave")
    plan.dismiss_button.click()

    stored = planned.workspace.read(lambda s: (s.get(Touchpoint, row.id).status,
                                               s.get(Touchpoint, row.id).status_reason))
    assert stored == (TouchpointStatus.DISMISSED, "She is on leave")
    assert row.id not in [r.id for r in plan.suggested.touch_rows()]
    assert plan.reason.text() == ""
    planned.undo_action.trigger()
    status = planned.workspace.read(lambda s: s.get(Touchpoint, row.id).status)
    assert status is TouchpointStatus.SUGGESTED


def test_snooze_puts_a_suggestion_aside_and_moves_on_to_the_next(planned: MainWindow) -> None:
    plan = planned.plan
    row, following = plan.suggested.touch_rows()[:2]
    plan.select(row.id)
    plan.snooze_selected(7)
    until = planned.workspace.read(lambda s: s.get(Touchpoint, row.id).snoozed_until)
    assert until is not None
    assert (until - NOW).days == 7
    # Still listed (as snoozed), but the keyboard goes on down the list.
    assert row.id in {r.id for r in plan.suggested.touch_rows()}
    selected = plan.selected()
    assert selected is not None
    assert selected.id == following.id
    # An edit elsewhere refreshes the list but leaves the selection where it is.
    planned.workspace.changes.plan.emit()
    assert plan.selected() == selected


def _move_first_suggestion(planned: MainWindow, qtbot: QtBot) -> tuple[TouchRow, MoveDialog]:
    row = planned.plan.suggested.touch_rows()[0]
    planned.plan.select(row.id)
    dialog = planned.plan.move_selected()
    assert dialog is not None
    qtbot.addWidget(dialog)
    return row, dialog


@pytest.mark.parametrize(("day", "at", "message"), [
    # 03:00 two days after the touch: 10:00 for them in Singapore, but not in your hours.
    (None, time(3, 0), "(Europe/Berlin) is outside your working hours (Mon–Fri 09:00–17:30)"),
    # Berlin skips 02:00-03:00 that night.
    (date(2027, 3, 28), time(2, 30), "02:30 does not exist on 2027-03-28 in Europe/Berlin: the "
                                     "clocks go forward an hour that night"),
])
def test_a_move_to_a_time_that_cannot_be_is_refused_at_the_field(
    planned: MainWindow, qtbot: QtBot, day: date | None, at: time, message: str
) -> None:
    row, dialog = _move_first_suggestion(planned, qtbot)
    later_day = row.starts_at.astimezone(zone(ZONE)).date() + timedelta(days=2)
    show_wall_time(dialog.start, day or later_day, at)
    dialog.accept()
    assert dialog.isVisible()
    assert message in dialog.errors.message_for("start")
    # The dialog grew for the message's wrapped lines, so it overlaps nothing.
    layout = dialog.layout()
    assert dialog.height() >= layout.totalHeightForWidth(dialog.width())
    stored = planned.workspace.read(lambda s: s.get(Touchpoint, row.id).starts_at)
    assert stored == row.starts_at


def test_moving_a_touch_a_re_plan_replaced_meanwhile_says_so_at_the_field(
    planned: MainWindow, qtbot: QtBot
) -> None:
    row, dialog = _move_first_suggestion(planned, qtbot)
    with planned.workspace.session() as session:  # as a re-plan finishing meanwhile would
        session.delete(session.get_one(Touchpoint, row.id))
    dialog.accept()
    assert dialog.isVisible()
    assert "no longer exists" in dialog.errors.message_for("start")


def test_editing_while_the_planner_runs_works_for_both(window: MainWindow, qtbot: QtBot) -> None:
    window.plan.weeks.setValue(2)
    with qtbot.waitSignal(window.plan.replan_finished, timeout=90_000) as blocker:
        window.replan()
        qtbot.waitSignal(window.plan.task.progressed, timeout=30_000).wait()
        window.workspace.execute(log_interaction_command(
            window.workspace, 1, kind_key="coffee", when=NOW, quality=4))
    assert not blocker.args[0].cancelled
    assert _count(window, TouchpointStatus.SUGGESTED) > 0
    logged = window.workspace.read(lambda s: s.scalar(
        select(func.count()).select_from(Interaction).where(Interaction.occurred_at == NOW)))
    assert logged == 1


def test_a_late_promise_shows_the_suggested_update_in_the_commitments_tab(
    planned: MainWindow,
) -> None:
    petra = planned.workspace.read(
        lambda s: s.scalar(select(Stakeholder.id).where(Stakeholder.name == "Petra Lang")))
    planned.stakeholders.select(petra)
    commitments = planned.detail.commitments
    (row,) = [r for r in range(commitments.rowCount())
              if commitments.row(r).what == "Send the migration runbook"]

    assert commitments.index(row, commitments.DUE).data().endswith("\nlate")
    update = commitments.index(row, commitments.UPDATE)
    assert update.data().endswith("?")  # as the next touch in the stakeholder table
    assert update.data(Qt.ItemDataRole.ToolTipRole).startswith("Status update suggested for ")



def test_the_dashboard_says_what_is_ahead_for_each_cold_relationship(
    planned: MainWindow, qtbot: QtBot,
) -> None:
    dashboard = planned.dashboard
    planned.tabs.setCurrentWidget(dashboard)

    def cold_lines() -> dict[str, str]:
        with qtbot.waitSignal(dashboard.refreshed):
            dashboard.refresh()
        texts = [dashboard.cold.item(i).text() for i in range(dashboard.cold.count())]
        return {text.split(" (")[0]: text for text in texts}

    def day(at: datetime) -> str:
        return f"{at.astimezone(zone(ZONE)):%a %d %b}"

    rows: dict[str, list[TouchRow]] = {}
    for r in planned.plan.suggested.touch_rows():
        rows.setdefault(r.stakeholder.split(" (")[0], []).append(r)
    cold = [name for name in cold_lines() if len(rows.get(name, [])) == 1]
    assert len(cold) >= 2, "the demo's plan suggests one touch to several cold relationships"
    kept, dropped = rows[cold[0]][0], rows[cold[1]][0]
    assert cold_lines()[cold[0]].endswith(f"suggested for {day(kept.starts_at)}")

    assert planned.plan.select(kept.id)
    planned.plan.accept_button.click()
    assert planned.plan.select(dropped.id)
    planned.plan.dismiss_button.click()
    lines = cold_lines()
    assert lines[cold[0]].endswith(f"next touch {day(kept.starts_at)}")
    assert lines[cold[1]].endswith("nothing planned")


def test_a_new_zone_reaches_their_touches_to_come_and_undo_takes_it_back(
    planned: MainWindow,
) -> None:
    row = planned.plan.suggested.touch_rows()[0]
    zone_before = row.timezone
    assert zone_before != "America/New_York"

    def zone_now() -> str:
        return planned.workspace.read(lambda s: s.get(Touchpoint, row.id).timezone)

    planned.show_stakeholder(row.stakeholder_id)
    form = planned.detail.profile
    form.timezone.setCurrentText("America/New_York")
    assert form.save()
    assert zone_now() == "America/New_York"  # the same instant, shown in their new zone
    planned.undo_action.trigger()
    assert zone_now() == zone_before


def test_undoing_a_deleted_promise_puts_it_back_on_the_touch_that_carries_it(
    planned: MainWindow,
) -> None:
    def carried() -> list[tuple[object, ...]]:
        return planned.workspace.read(lambda s: [
            (t.id, t.commitment_id, t.updated_at) for t in s.scalars(
                select(Touchpoint).where(Touchpoint.commitment_id.is_not(None))
                .order_by(Touchpoint.id))])

    before = carried()
    touch_id, promise_id, _ = before[0]
    person = planned.workspace.read(lambda s: s.get(Touchpoint, touch_id).stakeholder_id)
    planned.workspace.execute(delete_commitment_command(planned.workspace, person, promise_id))
    assert promise_id not in {promise for _, promise, _ in carried()}
    planned.undo_action.trigger()
    assert carried() == before  # the link, and the row as it was


def test_a_suggestion_carrying_an_update_on_a_promise_delivered_since_says_so(
    planned: MainWindow,
) -> None:
    ws = planned.workspace
    touch_id, person, promise = ws.read(lambda s: next(
        (t.id, t.stakeholder_id, t.commitment_id) for t in s.scalars(
            select(Touchpoint).where(Touchpoint.commitment_id.is_not(None),
                                     Touchpoint.status == TouchpointStatus.SUGGESTED))))
    planned.show_stakeholder(person)
    detail = planned.detail
    model = detail.commitments
    (row,) = [r for r in range(model.rowCount()) if model.row(r).id == promise]
    assert model.row(row).update_on is not None
    detail.commitment_view.selectRow(row)
    detail.deliver_button.click()

    planned.plan.refresh()  # as on switching to the plan
    assert planned.plan.select(touch_id)
    assert "Since planned:" in planned.plan.details.text()
    assert "has been delivered since this was planned" in planned.plan.details.text()
    # The promise's ledger row no longer offers that suggestion as its coming update.
    (row,) = [r for r in range(model.rowCount()) if model.row(r).id == promise]
    assert model.row(row).update_on is None

    planned.undo_action.trigger()
    planned.plan.refresh()
    assert planned.plan.select(touch_id)
    assert "Since planned:" not in planned.plan.details.text()


def test_an_empty_accepted_list_gives_its_room_to_the_suggestions(
    planned: MainWindow, qtbot: QtBot
) -> None:
    plan = planned.plan
    planned.tabs.setCurrentWidget(plan)

    def accepted_share() -> float:
        suggestions, accepted = plan.splitter.sizes()
        return accepted / (suggestions + accepted)

    assert plan.accepted.touch_count() == 0
    assert plan.accepted_hint.isVisible()
    assert not plan.accepted_view.isVisible()
    qtbot.waitUntil(lambda: accepted_share() < 0.2)  # its heading and the hint's line

    assert plan.select(plan.suggested.touch_rows()[0].id)
    plan.accept_button.click()
    assert plan.accepted_view.isVisible()
    assert not plan.accepted_hint.isVisible()
    qtbot.waitUntil(lambda: accepted_share() > 0.3)  # two fifths, as the splitter deals

    planned.undo_action.trigger()
    assert plan.accepted_hint.isVisible()
    assert not plan.accepted_view.isVisible()
    qtbot.waitUntil(lambda: accepted_share() < 0.2)


def test_an_empty_suggestions_list_says_why_and_what_to_do(
    window: MainWindow, qtbot: QtBot
) -> None:
    plan = window.plan
    window.tabs.setCurrentWidget(plan)
    assert plan.suggested.touch_count() == 0
    assert plan.suggested_hint.isVisible()
    assert plan.suggested_hint.text().startswith("No plan yet: Re-plan (Ctrl+R)")

    _replan(window, qtbot)
    assert plan.suggested.touch_count() > 0
    assert not plan.suggested_hint.isVisible()

    # Every suggestion dismissed: the plan is there, and nothing is left to act on.
    while plan.suggested.touch_count():
        assert plan.select(plan.suggested.touch_rows()[0].id)
        plan.dismiss_button.click()
    assert plan.suggested_hint.isVisible()
    assert plan.suggested_hint.text().startswith("No suggestions open")


def test_the_plan_says_when_it_is_out_of_date_until_re_planned(
    planned: MainWindow, qtbot: QtBot,
) -> None:
    plan = planned.plan
    assert not plan.outdated.isVisibleTo(plan)
    # Answering a suggestion is no change to what the plan was made from.
    assert plan.select(plan.suggested.touch_rows()[0].id)
    plan.accept_button.click()
    assert not plan.outdated.isVisibleTo(plan)
    # A call logged since is: the warnings may speak of a silence it ended.
    planned.workspace.execute(log_interaction_command(
        planned.workspace, 1, kind_key="coffee", when=NOW, quality=4))
    assert plan.outdated.isVisibleTo(plan)
    assert "Re-plan (Ctrl+R)" in plan.outdated.text()
    _replan(planned, qtbot)
    assert not plan.outdated.isVisibleTo(plan)


def test_undoing_the_changes_since_the_plan_brings_it_back_up_to_date(
    planned: MainWindow, qtbot: QtBot,
) -> None:
    plan, workspace = planned.plan, planned.workspace

    def outdated() -> bool:
        return plan.outdated.isVisibleTo(plan)

    def log_call(person: int) -> None:
        workspace.execute(log_interaction_command(workspace, person, kind_key="coffee",
                                                  when=NOW, quality=4))

    log_call(1)
    log_call(2)
    assert outdated()
    planned.undo_action.trigger()
    assert outdated(), "one of the two calls is still logged"
    planned.undo_action.trigger()
    assert not outdated(), "both undone: the facts are as the plan saw them"
    planned.redo_action.trigger()
    assert outdated()
    planned.undo_action.trigger()
    assert not outdated()

    # A new plan after a call: undoing the re-plan brings back the plan made before the call,
    # out of date; undoing the call too brings it back up to date; and redoing both, the new.
    log_call(1)
    _replan(planned, qtbot)
    assert not outdated()
    planned.undo_action.trigger()
    assert outdated()
    planned.undo_action.trigger()
    assert not outdated()
    planned.redo_action.trigger()
    assert outdated()
    planned.redo_action.trigger()
    assert not outdated()


def test_a_change_made_elsewhere_keeps_the_plan_out_of_date_through_undo(
    planned: MainWindow, qtbot: QtBot,
) -> None:
    plan, workspace = planned.plan, planned.workspace
    workspace.execute(log_interaction_command(workspace, 1, kind_key="coffee", when=NOW,
                                              quality=4))
    # Another process (the CLI) logs a call too; the app's undo cannot take that one back.
    with workspace.session() as session:
        log_interaction(session, session.get_one(Stakeholder, 2), kind_key="coffee",
                        when=NOW, now=NOW, quality=3)
    workspace.publish(ChangeSet(all_stakeholders=True))
    planned.undo_action.trigger()
    assert plan.outdated.isVisibleTo(plan)


def test_a_re_plan_reads_again_only_the_rows_of_people_whose_suggestions_changed(
    window: MainWindow, qtbot: QtBot,
) -> None:
    refreshed: list[list[int]] = []
    window.workspace.changes.stakeholders.connect(refreshed.append)
    outcome = _replan(window, qtbot)
    planned_for = {t.stakeholder_id for t in outcome.plan.touchpoints}
    everyone = window.workspace.read(lambda s: set(s.scalars(select(Stakeholder.id))))
    assert planned_for < everyone, "the test needs someone the plan leaves alone"
    # One refresh, naming exactly those with new suggestions ([] would mean everyone).
    assert [set(ids) for ids in refreshed] == [planned_for]
    # And their rows show the suggested next touch.
    model = window.stakeholders.model
    for row in range(model.rowCount()):
        summary = model.summary(row)
        if summary.id in planned_for:
            assert summary.next_suggested_at is not None, summary.name
    # Undoing the re-plan names the same people.
    refreshed.clear()
    window.undo_action.trigger()
    assert [set(ids) for ids in refreshed] == [planned_for]


def test_the_plan_reads_its_lists_once_per_change_while_shown(
    planned: MainWindow, monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan = planned.plan
    planned.tabs.setCurrentWidget(plan)
    reads: list[int] = []
    monkeypatch.setattr(plan, "refresh", lambda: reads.append(1))
    # A promise changes a stakeholder's row and the touches (their updates): two parts, one
    # change.
    planned.workspace.execute(add_commitment_command(
        planned.workspace, 1, what="Send the deck", due_on=NOW.date() + timedelta(days=9),
        effort_hours=1))
    assert reads == [1]
