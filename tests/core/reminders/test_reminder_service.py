"""The reminder service on a real job store with a manual clock: DST, sleep, restarts, edits."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from reminder_world import START, ServiceFactory, Workspace
from sqlalchemy import func, select

from cadence.catalogue import KindChanges, edit_kind, kind_by_key
from cadence.commitments import mark_delivered
from cadence.models import Commitment, Notification
from cadence.reminders.clock import JumpDetector, ManualClock
from cadence.reminders.inbox import NotificationState, NotificationView, snooze
from cadence.reminders.service import ReminderService, default_jobstore
from cadence.reminders.sync import WAKE_FUNCTION
from cadence.settings import load_settings
from cadence.storage.database import Database
from cadence.timezones import utcnow
from cadence.vocabulary import TouchpointStatus


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def notification_count(database: Database) -> int:
    with database.transaction() as session:
        return session.scalar(select(func.count()).select_from(Notification)) or 0


def test_reminders_fire_at_their_instants_across_the_dst_change(
    workspace: Workspace, make_service: ServiceFactory, clock: ManualClock
) -> None:
    ingrid = workspace.stakeholder()
    friday = workspace.touchpoint(ingrid, utc(2026, 10, 23, 8))  # 10:00 CEST
    monday = workspace.touchpoint(ingrid, utc(2026, 10, 26, 9))  # 10:00 CET
    promise = workspace.commitment(ingrid, date(2026, 10, 28))
    started = make_service()
    horizon_end = START + started.service.horizon  # Tuesday 27 October, 06:00 UTC
    expected = {
        "digest:2026-W43": utc(2026, 10, 19, 7),
        f"touchpoint:{friday}@20261023T080000Z": utc(2026, 10, 23, 7),
        f"commitment:{promise}:due-3d@2026-10-28": utc(2026, 10, 23, 7),
        "digest:2026-W44": utc(2026, 10, 26, 8),
        f"touchpoint:{monday}@20261026T090000Z": utc(2026, 10, 26, 8),
        f"commitment:{promise}:due-1d@2026-10-28": utc(2026, 10, 27, 8),
        f"commitment:{promise}:late@2026-10-28": utc(2026, 10, 29, 8),
    }
    assert {k: v for k, v in started.service.jobs().items() if k in expected} == {
        k: v for k, v in expected.items() if v <= horizon_end
    }

    # Step the clock to one second before each instant (a resync there would fire anything
    # early, stamped a second too soon), then to the instant, where the job wakes the service.
    for instant in sorted(set(expected.values())):
        clock.advance(instant - timedelta(seconds=1) - clock.now())
        started.service.resync()
        keys = [key for key, at in expected.items() if at == instant]
        # Each has a job waiting for it by then, however far out it was at the start.
        assert {key: started.service.jobs().get(key) for key in keys} == dict.fromkeys(
            keys, instant
        )
        clock.advance(timedelta(seconds=1))
        for key in keys:
            started.service.fire(key)
    fired = {view.key: view for view in started.fired}
    assert set(expected) <= set(fired)
    assert {k: fired[k].fired_at for k in expected} == expected


def test_missed_reminders_after_a_sleep_fire_once_and_long_past_ones_never(
    workspace: Workspace, make_service: ServiceFactory, clock: ManualClock, database: Database
) -> None:
    ingrid = workspace.stakeholder()
    later = workspace.touchpoint(ingrid, START + timedelta(hours=3))  # reminder at +2h
    sooner = workspace.touchpoint(ingrid, START + timedelta(minutes=90))  # reminder at +30min
    started = make_service()
    assert started.fired == []
    assert not started.service.tick()

    clock.sleep(timedelta(hours=2, minutes=15))  # the lid was closed; the second touch is over
    assert started.service.tick()  # the tick notices the jump and re-derives
    keys = [view.key for view in started.fired]
    assert keys == ["digest:2026-W43", f"touchpoint:{later}@20261019T090000Z"]
    assert not any(key.startswith(f"touchpoint:{sooner}@") for key in keys)

    clock.advance(timedelta(seconds=30))
    assert not started.service.tick()
    started.service.resync()
    started.service.fire(keys[1])
    assert len(started.fired) == 2
    assert notification_count(database) == 2
    assert not any(key.startswith("touchpoint:") for key in started.service.jobs())


def test_a_restart_on_the_same_database_restores_every_job(
    workspace: Workspace, make_service: ServiceFactory, database: Database
) -> None:
    ingrid = workspace.stakeholder()
    workspace.touchpoint(ingrid, utc(2026, 10, 26, 9))
    workspace.touchpoint(ingrid, utc(2026, 10, 23, 15), kind="business-review", minutes=60)
    workspace.commitment(ingrid, date(2026, 10, 22))
    workspace.touchpoint(ingrid, utc(2026, 11, 3, 15))  # beyond the horizon: no job yet
    first = make_service()
    jobs = first.service.jobs()
    assert len(jobs) == 7  # 2 touches, 3 commitment reminders, 2 digests
    first.service.shutdown()

    # The job store alone, read without any Cadence code: the jobs are all there.
    store = default_jobstore(database)
    store.start(BackgroundScheduler(), "reminders")
    try:
        stored = store.get_all_jobs()
    finally:
        store.shutdown()
    assert {job.id: job.next_run_time for job in stored} == jobs
    assert all(job.args == (job.id,) and job.func_ref == WAKE_FUNCTION for job in stored)

    second = make_service()
    assert not second.report.changed
    assert second.service.jobs() == jobs


def test_deleting_dismissing_moving_and_delivering_update_the_jobs(
    workspace: Workspace, make_service: ServiceFactory, clock: ManualClock, database: Database
) -> None:
    ingrid = workspace.stakeholder()
    gone = workspace.touchpoint(ingrid, utc(2026, 10, 22, 9))
    dismissed = workspace.touchpoint(ingrid, utc(2026, 10, 23, 9))
    moved = workspace.touchpoint(ingrid, utc(2026, 10, 24, 9))
    promise = workspace.commitment(ingrid, date(2026, 10, 23))
    service = make_service().service
    gone_key = f"touchpoint:{gone}@20261022T090000Z"
    assert gone_key in service.jobs()

    workspace.delete_touchpoint(gone)
    workspace.set_status(dismissed, TouchpointStatus.DISMISSED)
    workspace.move_touchpoint(moved, utc(2026, 10, 25, 13))
    with database.transaction() as session:
        delivered = date(2026, 10, 19)
        mark_delivered(session.get_one(Commitment, promise), delivered, delivered)
    report = service.resync()

    assert set(report.removed) == {
        gone_key, f"touchpoint:{dismissed}@20261023T090000Z",
        f"touchpoint:{moved}@20261024T090000Z", f"commitment:{promise}:due-3d@2026-10-23",
        f"commitment:{promise}:due-1d@2026-10-23", f"commitment:{promise}:late@2026-10-23",
    }
    assert report.added == (f"touchpoint:{moved}@20261025T130000Z",)
    assert service.jobs()[f"touchpoint:{moved}@20261025T130000Z"] == utc(2026, 10, 25, 12)
    # A stale wake-up for the deleted touch (e.g. from another process) fires nothing.
    clock.advance(utc(2026, 10, 22, 8) - clock.now())
    assert service.fire(gone_key) is None


def test_a_reminder_beyond_the_horizon_gets_its_job_days_before_it_is_due(
    workspace: Workspace, make_service: ServiceFactory, clock: ManualClock
) -> None:
    far = workspace.touchpoint(workspace.stakeholder(), START + timedelta(days=20))
    key = f"touchpoint:{far}@20261108T060000Z"
    fire_at = START + timedelta(days=20, hours=-1)
    service = make_service().service
    assert key not in service.jobs()  # 20 days out: nothing is scheduled yet

    # The app stays awake; each tick is a periodic resync (a quarter of an hour has passed).
    scheduled_at = None
    while clock.now() + timedelta(hours=6) < fire_at:
        clock.advance(timedelta(hours=6))
        assert service.tick()
        if scheduled_at is None and key in service.jobs():
            scheduled_at = clock.now()
        assert (key in service.jobs()) == (scheduled_at is not None)
    assert scheduled_at is not None
    assert fire_at - scheduled_at <= service.horizon < fire_at - scheduled_at + timedelta(hours=6)
    assert service.jobs()[key] == fire_at


def test_a_horizon_that_a_resync_could_skip_over_is_refused(database: Database) -> None:
    with pytest.raises(ValueError, match="too short for a resync every 900 s"):
        ReminderService(database, BackgroundScheduler(), horizon=timedelta(minutes=20))


def test_a_kinds_own_reminder_lead_from_the_catalogue_moves_its_reminders(
    workspace: Workspace, make_service: ServiceFactory, database: Database
) -> None:
    ingrid = workspace.stakeholder()
    hackathon = workspace.touchpoint(ingrid, utc(2026, 10, 23, 7), kind="hackathon", minutes=480)
    coffee = workspace.touchpoint(ingrid, utc(2026, 10, 22, 9))
    hackathon_key = f"touchpoint:{hackathon}@20261023T070000Z"
    coffee_key = f"touchpoint:{coffee}@20261022T090000Z"
    service = make_service().service
    # The seeded hackathon kind is announced the day before; coffee by the 60-minute setting.
    assert service.jobs()[hackathon_key] == utc(2026, 10, 22, 7)
    assert service.jobs()[coffee_key] == utc(2026, 10, 22, 8)

    def set_coffee_lead(changes: KindChanges) -> None:
        with database.transaction() as session:
            edit_kind(kind_by_key(session, "coffee"), changes)

    set_coffee_lead(KindChanges(reminder_lead_minutes=15))
    assert service.resync().moved == (coffee_key,)
    assert service.jobs()[coffee_key] == utc(2026, 10, 22, 8, 45)
    set_coffee_lead(KindChanges(reminder_lead_default=True))
    service.resync()
    assert service.jobs()[coffee_key] == utc(2026, 10, 22, 8)


def test_a_snoozed_notification_comes_back_once_an_hour_later(
    workspace: Workspace, make_service: ServiceFactory, clock: ManualClock, database: Database
) -> None:
    workspace.touchpoint(workspace.stakeholder(), START + timedelta(hours=4))
    started = make_service()
    clock.advance(timedelta(hours=3))
    started.service.resync()
    shown = started.fired[-1]
    assert shown.key.startswith("touchpoint:")
    with database.transaction() as session:
        snooze(session, shown.id, clock.now() + timedelta(hours=1))
    started.service.resync()
    back_key = next(key for key in started.service.jobs() if key.startswith("snooze:"))
    assert started.service.jobs()[back_key] == clock.now() + timedelta(hours=1)

    clock.advance(timedelta(hours=1))
    back = started.service.fire(back_key)
    assert back is not None
    assert (back.id, back.state) == (shown.id, NotificationState.UNREAD)
    assert started.service.fire(back_key) is None
    with database.transaction() as session:
        keys = session.scalars(select(Notification.key)).all()
    assert sorted(keys) == ["digest:2026-W43", shown.key]  # came back in place, no new row


def test_the_real_background_scheduler_wakes_up_and_fires_on_time(
    workspace: Workspace, database: Database
) -> None:
    """No manual clock here: a job due in under a second, on a running scheduler."""
    fired: list[NotificationView] = []
    arrived = threading.Event()

    def record(view: NotificationView) -> None:
        if view.touchpoint_id is not None:
            fired.append(view)
            arrived.set()

    ingrid = workspace.stakeholder()
    service = ReminderService(database, BackgroundScheduler(), on_fired=record)
    service.start()
    try:
        touch = workspace.touchpoint(ingrid, utcnow() + timedelta(minutes=60, milliseconds=900))
        service.resync("accepted a touchpoint")
        assert [key for key in service.jobs() if key.startswith("touchpoint:")]
        assert arrived.wait(timeout=10)
        assert fired[0].touchpoint_id == touch
        assert fired[0].fired_at >= fired[0].due_at
        assert not [key for key in service.jobs() if key.startswith("touchpoint:")]
    finally:
        service.shutdown()
    with database.transaction() as session:
        rows = session.scalars(select(Notification).where(Notification.touchpoint_id == touch))
        assert [row.state for row in rows] == [NotificationState.UNREAD.value]


def test_jump_detector_tells_sleep_and_clock_changes_from_time_passing() -> None:
    detector = JumpDetector(expected_interval=30, tolerance=60)
    wall, mono = START, 100.0
    assert not detector.observe(wall, mono)
    assert not detector.observe(wall + timedelta(seconds=30), mono + 30)
    assert detector.observe(wall + timedelta(hours=2), mono + 60)  # suspended (Linux)
    assert detector.observe(wall + timedelta(hours=1), mono + 90)  # clock set back an hour
    assert detector.observe(wall + timedelta(hours=3), mono + 90 + 7200)  # frozen (Windows)


def test_a_clock_set_back_never_fires_a_reminder_twice(
    workspace: Workspace, make_service: ServiceFactory, clock: ManualClock, database: Database
) -> None:
    touch = workspace.touchpoint(workspace.stakeholder(), START + timedelta(hours=2))
    started = make_service()
    key = f"touchpoint:{touch}@20261019T080000Z"
    clock.advance(timedelta(hours=1))
    started.service.fire(key)
    assert [view.key for view in started.fired].count(key) == 1

    clock.jump(START)  # the clock was an hour fast and gets corrected
    assert started.service.tick()
    assert key not in started.service.jobs()  # fired already: not scheduled again
    clock.advance(timedelta(hours=1))
    assert started.service.fire(key) is None
    assert [view.key for view in started.fired].count(key) == 1


def test_the_manager_travelling_moves_promises_but_not_touches(
    workspace: Workspace, make_service: ServiceFactory, database: Database
) -> None:
    ingrid = workspace.stakeholder()
    touch = workspace.touchpoint(ingrid, utc(2026, 10, 26, 9))
    promise = workspace.commitment(ingrid, date(2026, 10, 27))
    service = make_service().service
    with database.transaction() as session:
        load_settings(session).timezone = "Asia/Tokyo"
    report = service.resync("manager moved to Tokyo")
    jobs = service.jobs()
    assert f"touchpoint:{touch}@20261026T090000Z" not in report.moved
    assert jobs[f"touchpoint:{touch}@20261026T090000Z"] == utc(2026, 10, 26, 8)
    assert f"commitment:{promise}:due-1d@2026-10-27" in report.moved
    assert jobs[f"commitment:{promise}:due-1d@2026-10-27"] == utc(2026, 10, 26, 0)  # 09:00 JST
