"""Saving plans, re-planning after new facts, determinism, and the touchpoint life cycle."""

from __future__ import annotations

import gc
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from planner_workspace import MONDAY, NOW, Workspace
from sqlalchemy import func, select

from cadence.calendars.ics_export import export_ics
from cadence.errors import NotFoundError, ValidationError
from cadence.interactions import interactions_of
from cadence.models import PlanRun, Stakeholder
from cadence.planner import cpsat
from cadence.planner.candidates import Horizon
from cadence.planner.greedy import greedy
from cadence.planner.options import build_problem
from cadence.planner.service import (
    PlanningCancelled,
    last_plan_run,
    plan_workspace,
    save_plan,
)
from cadence.stakeholders import find_stakeholder
from cadence.timezones import local_to_utc, zone
from cadence.touchpoints import (
    accept,
    complete,
    dismiss,
    get_touchpoint,
    list_touchpoints,
    move,
    snooze,
    touchpoint_as_json,
)
from cadence.vocabulary import TouchpointStatus


def small_portfolio(workspace: Workspace) -> None:
    workspace.person("Ada", last_contact_days=100, interests=["ai"])
    workspace.person("Ben", last_contact_days=80, zone="America/New_York")
    workspace.person("Cleo", last_contact_days=150, likes=["business-review"])
    workspace.event("AI day", day=MONDAY + timedelta(days=28), seats=2, topics=["ai"])


def test_same_input_gives_the_same_plan(workspace: Workspace) -> None:
    small_portfolio(workspace)

    first, second = workspace.plan(weeks=6), workspace.plan(weeks=6)

    assert first.as_json() == second.as_json()
    assert first.touchpoints


def test_a_dismissed_suggestion_does_not_come_back_on_the_next_re_plan(
    workspace: Workspace,
) -> None:
    small_portfolio(workspace)
    first = save_plan(workspace.session, workspace.plan(weeks=6), NOW)
    declined = first[0]
    who, what = declined.stakeholder_id, declined.kind.key
    dismiss(workspace.session, declined, "not now, thanks", NOW)

    again = workspace.plan(weeks=6)

    assert (who, what) not in {(t.stakeholder_id, t.kind) for t in again.touchpoints}


def test_save_replaces_suggestions_and_keeps_accepted(workspace: Workspace) -> None:
    small_portfolio(workspace)
    plan = workspace.plan(weeks=6)
    saved = save_plan(workspace.session, plan, NOW)
    assert [t.status for t in saved] == [TouchpointStatus.SUGGESTED] * len(plan.touchpoints)
    kept = saved[0]
    accept(workspace.session, kept, NOW)

    again = save_plan(workspace.session, workspace.plan(weeks=6), NOW)

    rows = list_touchpoints(workspace.session)
    assert kept in rows
    assert kept.status is TouchpointStatus.ACCEPTED
    assert {t.id for t in rows} == {kept.id} | {t.id for t in again}
    suggested = list_touchpoints(workspace.session, statuses=[TouchpointStatus.SUGGESTED])
    assert len(suggested) == len(again)
    # the accepted touch is fixed: nothing new overlaps it and its person is not re-planned
    # inside their minimum gap
    assert all(t.ends_at <= kept.starts_at or t.starts_at >= kept.ends_at for t in again)
    gap = timedelta(days=kept.stakeholder.min_gap_days)
    assert all(abs(t.starts_at - kept.starts_at) >= gap
               for t in again if t.stakeholder_id == kept.stakeholder_id)


def test_a_suggestion_made_again_keeps_its_row_and_calendar_uid(
    workspace: Workspace, tmp_path: Path
) -> None:
    small_portfolio(workspace)
    first = save_plan(workspace.session, workspace.plan(weeks=6), NOW)
    before = {t.id: (t.uid, t.sequence, t.starts_at) for t in first}
    calendar = tmp_path / "plan.ics"
    export_ics(workspace.session, calendar, status="all", now=NOW)

    again = save_plan(workspace.session, workspace.plan(weeks=6), NOW)

    # The same input plans the same touches: each keeps its id and UID, and nothing a
    # calendar shows changed, so its SEQUENCE stays.
    assert {t.id: (t.uid, t.sequence, t.starts_at) for t in again} == before
    later = NOW + timedelta(days=1)
    moved = save_plan(workspace.session, workspace.plan(weeks=6, now=later), later)
    assert {t.uid for t in moved} & {uid for uid, _seq, _at in before.values()}
    events = Calendar.from_ical(
        export_ics(workspace.session, calendar, status="all", now=later).path.read_bytes()
    ).events
    # Made again: updated in place. Not made again: cancelled. Never both, never twice.
    live = {str(e.uid) for e in events if e["STATUS"] != "CANCELLED"}
    gone = {str(e.uid) for e in events if e["STATUS"] == "CANCELLED"}
    assert live == {t.uid for t in moved}
    assert gone == {uid for uid, _seq, _at in before.values()} - live
    assert len(events) == len(live | gone)


def test_the_saved_plan_keeps_its_warnings_and_figures_until_the_next(
    workspace: Workspace,
) -> None:
    small_portfolio(workspace)
    assert last_plan_run(workspace.session) is None
    plan = workspace.plan(weeks=6)
    save_plan(workspace.session, plan, NOW)
    run = last_plan_run(workspace.session)
    assert run is not None
    assert (run.made_at, run.start_on, run.weeks) == (NOW, plan.start, 6)
    assert (run.objective, run.bound, run.status) == (plan.objective, plan.bound, plan.status)
    assert run.warnings == list(plan.warnings)

    later = NOW + timedelta(hours=2)
    shorter = workspace.plan(weeks=2)
    save_plan(workspace.session, shorter, later)
    run = last_plan_run(workspace.session)
    assert run is not None
    assert (run.made_at, run.weeks) == (later, 2)
    assert workspace.session.scalar(select(func.count()).select_from(PlanRun)) == 1


def test_replanning_respects_a_logged_interaction(workspace: Workspace) -> None:
    small_portfolio(workspace)
    before = workspace.plan(weeks=2)
    assert any(t.stakeholder == "Ben" for t in before.touchpoints)
    ben = next(t for t in before.touchpoints if t.stakeholder == "Ben")

    workspace.contact(get_person(workspace, "Ben"), days_ago=0)
    after = workspace.plan(weeks=2)

    assert ben.stakeholder_id not in {t.stakeholder_id for t in after.touchpoints}


def get_person(workspace: Workspace, name: str) -> Stakeholder:
    return find_stakeholder(workspace.session, name)


def test_snoozed_suggestions_survive_until_their_snooze_ends(workspace: Workspace) -> None:
    small_portfolio(workspace)
    saved = save_plan(workspace.session, workspace.plan(weeks=4), NOW)
    snoozed = saved[0]
    snooze(workspace.session, snoozed, NOW + timedelta(days=3), NOW)

    save_plan(workspace.session, workspace.plan(weeks=4), NOW)
    assert snoozed in list_touchpoints(workspace.session)

    later = NOW + timedelta(days=4)
    save_plan(workspace.session, workspace.plan(weeks=4, now=later), later)
    remaining = list_touchpoints(workspace.session)
    assert snoozed.uid not in {t.uid for t in remaining}
    assert TouchpointStatus.SNOOZED not in {t.status for t in remaining}


def test_nothing_new_is_planned_with_someone_while_their_suggestion_is_snoozed(
    workspace: Workspace,
) -> None:
    small_portfolio(workspace)
    saved = save_plan(workspace.session, workspace.plan(weeks=6), NOW)
    snoozed = saved[0]
    who, until = snoozed.stakeholder_id, NOW + timedelta(days=17)
    before = workspace.plan(weeks=6).touchpoints
    assert any(t.stakeholder_id == who and t.start < until for t in before)
    snooze(workspace.session, snoozed, until, NOW)

    again = workspace.plan(weeks=6)

    theirs = [t for t in again.touchpoints if t.stakeholder_id == who]
    assert theirs, "after the snooze the relationship is planned again"
    assert all(t.start >= until for t in theirs)
    others = {t.stakeholder_id for t in again.touchpoints} - {who}
    assert others, "the others are planned as before"


def test_a_snooze_is_named_as_the_reason_for_silence_and_a_promise_left_unseen(
    workspace: Workspace,
) -> None:
    ada = workspace.person("Ada", last_contact_days=100, max_silence=30)
    (snoozed, *_) = save_plan(workspace.session, workspace.plan(weeks=6), NOW)
    workspace.promise(ada, "Send the pilot results", MONDAY + timedelta(days=18))
    snooze(workspace.session, snoozed, NOW + timedelta(days=60), NOW)

    again = workspace.plan(weeks=6)

    assert not again.touchpoints
    assert any("Ada's maximum silence" in w and "snoozed a suggestion with them until" in w
               for w in again.warnings)
    assert any("Send the pilot results" in w and "snoozed a suggestion with them until" in w
               for w in again.warnings)


def test_life_cycle_rules(workspace: Workspace) -> None:
    small_portfolio(workspace)
    first, second, *_ = save_plan(workspace.session, workspace.plan(weeks=4), NOW)

    dismiss(workspace.session, first, "travelling", NOW)
    assert first.status is TouchpointStatus.DISMISSED
    assert first.status_reason == "travelling"
    with pytest.raises(ValidationError, match="dismissed"):
        accept(workspace.session, first, NOW)
    with pytest.raises(ValidationError, match="until"):
        snooze(workspace.session, second, NOW - timedelta(days=1), NOW)
    with pytest.raises(NotFoundError):
        get_touchpoint(workspace.session, 9999)

    complete(workspace.session, second, 4, NOW + timedelta(days=30))
    assert second.status is TouchpointStatus.DONE
    logged = interactions_of(workspace.session, second.stakeholder_id)
    assert any(i.touchpoint_id == second.id and i.quality == 4 for i in logged)
    with pytest.raises(ValidationError, match="done"):
        dismiss(workspace.session, second, "", NOW)


def test_move_keeps_duration_and_refuses_unreachable_hours(workspace: Workspace) -> None:
    workspace.person("Ben", last_contact_days=80, zone="America/New_York")
    (touch, *_) = save_plan(workspace.session, workspace.plan(weeks=2), NOW)
    duration = touch.ends_at - touch.starts_at

    # 10:00 in New York is 15:00 in Berlin: inside both working days
    new_start = local_to_utc(MONDAY + timedelta(days=2), datetime.min.time().replace(hour=10),
                             "America/New_York")
    move(workspace.session, touch, new_start, NOW)
    assert touch.starts_at == new_start
    assert touch.ends_at - touch.starts_at == duration

    # 8:00 in New York is before Ben is reachable; 16:00 is after the manager's day in Berlin
    for hour, why in ((8, "outside Ben's reachable hours"), (16, "outside your working hours")):
        moved = local_to_utc(MONDAY + timedelta(days=2), datetime.min.time().replace(hour=hour),
                             "America/New_York")
        with pytest.raises(ValidationError, match=why):
            move(workspace.session, touch, moved, NOW)
    assert touch.starts_at == new_start
    data = touchpoint_as_json(touch)
    assert data["start"] == new_start.astimezone(zone("America/New_York")).isoformat()
    assert str(data["start"]).endswith("-05:00")


def test_progress_is_reported_and_cancel_stops_planning(workspace: Workspace) -> None:
    small_portfolio(workspace)
    steps: list[tuple[float, str]] = []

    plan_workspace(workspace.session, start=MONDAY, weeks=4, now=NOW,
                   progress=lambda fraction, text: steps.append((fraction, text)))
    assert steps[0][0] == 0.0
    assert [f for f, _ in steps] == sorted(f for f, _ in steps)
    assert all(text for _, text in steps)

    with pytest.raises(PlanningCancelled):
        plan_workspace(workspace.session, start=MONDAY, weeks=4, now=NOW,
                       should_stop=lambda: True)


def test_the_cycle_collector_rests_while_planning_and_resumes_after(
    workspace: Workspace,
) -> None:
    """Its full passes over the planner's objects would stall the app's window meanwhile."""
    small_portfolio(workspace)
    collecting: dict[str, bool] = {}
    plan_workspace(workspace.session, start=MONDAY, weeks=4, now=NOW,
                   progress=lambda _f, step: collecting.setdefault(step, gc.isenabled()))
    assert collecting.pop("reading the workspace"), "reading is not planning"
    assert collecting
    assert not any(collecting.values()), collecting
    assert gc.isenabled()
    with pytest.raises(PlanningCancelled):
        plan_workspace(workspace.session, start=MONDAY, weeks=4, now=NOW,
                       should_stop=lambda: True)
    assert gc.isenabled(), "a cancelled plan gives the collector back too"


def test_a_search_stopped_by_its_work_limit_gives_the_same_plan_every_time() -> None:
    from benchmarks.planner import START as BENCH_START
    from benchmarks.planner import synthetic_snapshot

    snapshot = synthetic_snapshot(50, 13)
    problem = build_problem(snapshot, Horizon.build(BENCH_START, 13, "Europe/Berlin",
                                                    snapshot.now))
    first = greedy(problem)

    runs = [cpsat.solve(problem, hint=first, work_limit=0.5, time_limit=60) for _ in range(2)]

    assert runs[0].status == "feasible", "the search must stop on its limit, not by proof"
    assert runs[0].chosen != sorted(first), "the search improves on its hint"
    assert all(run.chosen == runs[0].chosen for run in runs)


def test_an_accepted_update_on_a_late_promise_is_not_planned_again(
    workspace: Workspace,
) -> None:
    # A short gap would allow a second update; the accepted one already tells them.
    client = workspace.person("Client", min_gap=3, last_contact_days=20)
    promise = workspace.promise(client, "Pilot results", MONDAY - timedelta(days=6))
    saved = save_plan(workspace.session, workspace.plan(weeks=3), NOW)
    (update,) = [t for t in saved if t.commitment_id == promise.id]
    accept(workspace.session, update, NOW)

    again = workspace.plan(weeks=3)

    assert not [t for t in again.touchpoints if t.commitment_id == promise.id]
    assert not [w for w in again.warnings if "Pilot results" in w]


def test_a_snooze_into_the_past_is_refused_in_your_own_time(workspace: Workspace) -> None:
    small_portfolio(workspace)
    (suggestion, *_) = save_plan(workspace.session, workspace.plan(weeks=4), NOW)
    with pytest.raises(ValidationError) as refused:
        snooze(workspace.session, suggestion, NOW - timedelta(hours=1), NOW)
    assert refused.value.field == "until"
    # 17:00 UTC on Sunday 3 March is 18:00 in Berlin, the manager's zone.
    assert str(refused.value) == ("until: Sun 2030-03-03 18:00 (Europe/Berlin) is not in the "
                                  "future")
    assert suggestion.status is TouchpointStatus.SUGGESTED
