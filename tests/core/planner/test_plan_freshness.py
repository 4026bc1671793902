"""A saved plan says whether it still fits the facts: what the planner reads has not changed
since, whatever the manager did with its suggestions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from planner_workspace import MONDAY, NOW, Workspace
from sqlalchemy import update
from sqlalchemy.orm import Session

from cadence.budget import parse_budget
from cadence.calendars.busy import remove_source
from cadence.calendars.ics_import import import_calendar
from cadence.catalogue import kind_by_key
from cadence.interactions import log_interaction
from cadence.models import BusyBlock, PlanRun, Stakeholder, Touchpoint
from cadence.plan_freshness import InputStates, plan_is_current
from cadence.planner.service import last_plan_run, save_plan
from cadence.settings import SettingsChanges, apply_settings, load_settings
from cadence.stakeholders import StakeholderChanges, apply_changes
from cadence.storage.database import Database
from cadence.touchpoints import accept, dismiss, list_touchpoints, move, snooze
from cadence.vocabulary import TouchpointStatus

S = TouchpointStatus


@pytest.fixture
def planned(database: Database) -> Database:
    """A workspace of three overdue stakeholders with a saved plan of a suggestion each."""
    with database.transaction() as session:
        workspace = Workspace(session)
        for name in ("Ada", "Ben", "Cy"):
            workspace.person(name, last_contact_days=120)
        save_plan(session, workspace.plan(weeks=2), NOW)
    with database.transaction() as session:
        assert len(list_touchpoints(session, statuses=[S.SUGGESTED])) == 3
    return database


def _current(database: Database) -> bool | None:
    with database.transaction() as session:
        run = last_plan_run(session)
        assert run is not None
        return plan_is_current(session, run)


def _suggestion(session: Session, name: str) -> Touchpoint:
    return next(t for t in list_touchpoints(session, statuses=[S.SUGGESTED])
                if t.stakeholder.name == name)


def _person(session: Session, name: str) -> Stakeholder:
    return next(p for p in session.query(Stakeholder) if p.name == name)


def test_answering_the_suggestions_keeps_the_plan_current(planned: Database) -> None:
    assert _current(planned) is True
    with planned.transaction() as session:
        accept(session, _suggestion(session, "Ada"), NOW)
        dismiss(session, _suggestion(session, "Ben"), "not now", NOW)
        snooze(session, _suggestion(session, "Cy"), NOW + timedelta(days=3), NOW)
    assert _current(planned) is True
    # Nor do a stakeholder's contact details count.
    with planned.transaction() as session:
        apply_changes(session, _person(session, "Ada"),
                      StakeholderChanges(email="ada@example.com", notes="prefers mornings"))
    assert _current(planned) is True
    # Nor do notes, or when a kind's reminder comes.
    with planned.transaction() as session:
        _person(session, "Ben").account.notes = "renewal in spring"
        kind_by_key(session, "coffee").reminder_lead_minutes = 30
    assert _current(planned) is True
    # Nor do your name, alarms or the file a calendar is kept in.
    with planned.transaction() as session:
        apply_settings(load_settings(session), SettingsChanges(
            name="Mia Manager", alarm_minutes=30, subscription_path="/tmp/cadence.ics"))
    assert _current(planned) is True


def _log_a_call(session: Session) -> None:
    log_interaction(session, _person(session, "Ada"), kind_key="coffee", now=NOW,
                    when=NOW - timedelta(days=1))


def _change_a_budget(session: Session) -> None:
    apply_changes(session, _person(session, "Ben"),
                  StakeholderChanges(budget=parse_budget("1/month")))


def _move_an_accepted_touch(session: Session) -> None:
    touch = _suggestion(session, "Ada")
    accept(session, touch, NOW)
    move(session, touch, touch.starts_at + timedelta(days=7), NOW)


def _shorten_your_week(session: Session) -> None:
    apply_settings(load_settings(session), SettingsChanges(weekly_capacity_hours=2.0))


def _observe_bavarias_holidays(session: Session) -> None:
    apply_settings(load_settings(session), SettingsChanges(public_holidays="DE-BY"))


def _limit_touches_a_week(session: Session) -> None:
    apply_settings(load_settings(session), SettingsChanges(weekly_touch_limit=2))


def _add_busy_time(session: Session) -> None:
    session.add(BusyBlock(source="work.ics", summary="Board", starts_at=NOW + timedelta(days=1),
                          ends_at=NOW + timedelta(days=1, hours=1)))


def _call_off_an_accepted_touch(session: Session) -> None:
    touch = _suggestion(session, "Cy")
    accept(session, touch, NOW)
    session.flush()
    dismiss(session, touch, "they cancelled", NOW)


@pytest.mark.parametrize("change", [_log_a_call, _change_a_budget, _move_an_accepted_touch,
                                    _add_busy_time, _call_off_an_accepted_touch,
                                    _shorten_your_week, _observe_bavarias_holidays,
                                    _limit_touches_a_week])
def test_a_change_the_planner_reads_makes_the_plan_out_of_date(
    planned: Database, change: Callable[[Session], None],
) -> None:
    with planned.transaction() as session:
        change(session)
    assert _current(planned) is False
    with planned.transaction() as session:
        save_plan(session, Workspace(session).plan(weeks=2), NOW)
    assert _current(planned) is True


def test_importing_and_removing_a_calendar_make_the_plan_out_of_date(
    planned: Database, tmp_path: Path,
) -> None:
    # Imports write their busy time in bulk statements, not object by object.
    calendar = tmp_path / "work.ics"
    calendar.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        "UID:board@test\r\nDTSTAMP:20300301T000000Z\r\nSUMMARY:Board\r\n"
        "DTSTART:20300305T100000Z\r\nDTEND:20300305T110000Z\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n", encoding="utf-8")
    with planned.transaction() as session:
        report = import_calendar(session, calendar, start=MONDAY, end=MONDAY + timedelta(days=7),
                                 manager_zone="Europe/Berlin", now=NOW)
        assert report.blocks == 1
    assert _current(planned) is False
    with planned.transaction() as session:
        save_plan(session, Workspace(session).plan(weeks=2), NOW)
    assert _current(planned) is True
    with planned.transaction() as session:
        assert remove_source(session, report.source) == 1
    assert _current(planned) is False


def test_a_change_rolled_back_counts_for_nothing(planned: Database) -> None:
    def fail_after_logging() -> None:
        with planned.transaction() as session:
            _log_a_call(session)
            session.flush()
            raise RuntimeError("the user's action failed")

    with pytest.raises(RuntimeError):
        fail_after_logging()
    assert _current(planned) is True


def test_a_plan_saved_before_cadence_counted_cannot_tell(planned: Database) -> None:
    with planned.transaction() as session:
        session.execute(update(PlanRun).values(inputs_revision=None))
    assert _current(planned) is None


def test_undo_and_redo_walk_back_and_forth_between_the_states_of_the_inputs() -> None:
    states = InputStates()
    first = states.did(10, 11)  # a call logged: count 10 -> 11
    second = states.did(11, 11)  # a note edited: nothing the planner reads
    states.undid(second, 11, 11)
    states.undid(first, 11, 12)  # the undo counts as a change, yet puts back count 10's inputs
    assert states.same_inputs(10, current=12)
    assert not states.same_inputs(11, current=12)
    states.redid(first, 12, 13)
    assert states.same_inputs(11, current=13)
    assert not states.same_inputs(10, current=13)
    states.redid(second, 13, 13)
    assert states.same_inputs(11, current=13)


def test_a_change_outside_the_undo_stack_breaks_the_chain() -> None:
    states = InputStates()
    first = states.did(10, 11)
    # Count 12: a change made elsewhere (another process). Undoing the call then leaves it.
    states.undid(first, 12, 13)
    assert not states.same_inputs(10, current=13)
    assert states.same_inputs(13, current=13)
    # A later action starts a new chain from the present.
    second = states.did(13, 14)
    states.undid(second, 14, 15)
    assert states.same_inputs(13, current=15)
    assert not states.same_inputs(10, current=15)


def test_what_the_states_know_holds_only_while_nothing_else_changed() -> None:
    states = InputStates()
    step = states.did(10, 11)
    states.undid(step, 11, 12)
    assert not states.same_inputs(10, current=13), "count 13 came from elsewhere"
